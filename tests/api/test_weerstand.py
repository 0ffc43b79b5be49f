"""The weerstandsvermogen through the API: the begroting's figures entered and read, the ratio only over the
totals, the snapshot without the old ratio, the risk table and the impact convention."""

from __future__ import annotations

from core.models import Role
from tests.risk.factories import moment_with_snapshot


def test_the_api_enters_and_reads_the_figures(client, db, world, token_for):
    taken = moment_with_snapshot(db, world.own.id)
    headers = {"Authorization": f"Bearer {token_for(Role.CISO, 'write')}"}
    base = f"/api/v1/organisations/voorbeeld/pc-moments/{taken.id}"
    body = client.get(base + "/weerstand", headers=headers).get_json()
    assert body["no_ratio"] == "no_figures" and body["ratio"] is None
    assert body["impact_convention"] == "triangular" and body["infosec_required_capacity"] == 100_000
    entered = client.post(
        base + "/budget-figures",
        headers=headers,
        json={"available_capacity": 3_000_000, "other_required_capacity": 1_400_000, "certainty": 0.9},
    )
    assert entered.status_code == 201, entered.get_json()
    body = client.get(base + "/weerstand", headers=headers).get_json()
    assert (body["ratio"], body["rating"], body["no_ratio"]) == (2.0, "B", None)
    assert body["total_required_capacity"] == 1_500_000
    listed = client.get(base + "/budget-figures", headers=headers).get_json()
    assert listed["total"] == 1 and listed["items"][0]["certainty"] == 0.9
    snapshot = client.get(base, headers=headers).get_json()["snapshot"]
    assert "ratio" not in snapshot and snapshot["impact_convention"] == "triangular"
    table = client.get(base + "/risk-table", headers=headers)
    assert table.status_code == 200 and table.data[:2] == b"PK"
    changed = client.post(
        "/api/v1/organisations/voorbeeld/risks/impact-convention",
        headers=headers,
        json={"impact_convention": "uniform"},
    )
    assert changed.status_code == 200 and changed.get_json() == {"impact_convention": "uniform"}

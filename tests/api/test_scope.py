"""The scope register through the API: processes and systems (list with filters and paging, one with its
revisions, create, change with If-Match), the quickscan, the gaps, suppliers with evidence, the scope statement
and the sovereignty figures; another organisation's ids are 404, auditors and management only read."""

from __future__ import annotations

from sqlmodel import select

from core.models import AuditEvent, Role
from risk.scope_links import link_risk
from scope.models import ScopeItem
from tests.risk.factories import make_risk
from tests.scope.factories import ACTOR, answers, make_item

BASE = "/api/v1/organisations/voorbeeld"
ITEMS = f"{BASE}/scope/items"
SYSTEM = {
    "kind": "system",
    "name": "Zaaksysteem",
    "owner": "Hoofd Publiekszaken",
    "information_kinds": ["personal"],
}


def test_items_create_list_page_and_change(api, token_for, db, world):
    writer = api(token_for(Role.CISO, "write"))
    process = writer.post(
        ITEMS, json={"kind": "process", "name": "Vergunningverlening", "owner": "Hoofd VTH"}
    )
    assert process.status_code == 201, process.json
    assert (
        process.json["reference"] == "P-001"
        and process.headers["ETag"] == f'"scope-item-{process.json["id"]}-1"'
    )
    created = writer.post(ITEMS, json={**SYSTEM, "process_refs": ["P-001"], "hosting": "eu_cloud"})
    assert created.status_code == 201, created.json
    assert created.headers["Location"].endswith(f"/scope/items/{created.json['id']}")
    assert created.json["reference"] == "S-001" and created.json["process_refs"] == ["P-001"]
    assert writer.post(ITEMS, json={**SYSTEM, "process_refs": ["P-999"]}).json["problems"][0]["code"] == (
        "scope.unknown_processes"
    )

    listing = writer.get(f"{ITEMS}?per_page=1")
    assert listing.status_code == 200
    assert listing.json["total"] == 2 and [i["reference"] for i in listing.json["items"]] == ["P-001"]
    assert "page=2" in listing.json["next"]
    assert [i["reference"] for i in writer.get(f"{ITEMS}?kind=system").json["items"]] == ["S-001"]
    assert writer.get(f"{ITEMS}?text=vergunning").json["total"] == 1
    assert writer.get(f"{ITEMS}?unclassified=true").json["total"] == 2

    url = f"{ITEMS}/{created.json['id']}"
    change = {k: v for k, v in SYSTEM.items() if k != "kind"} | {"owner": "Team Zaken"}
    assert writer.put(url, json=change).status_code == 428
    assert (
        writer.put(url, json=change, headers={"If-Match": f'"scope-item-{created.json["id"]}-9"'}).status_code
        == 412
    )
    changed = writer.put(url, json=change, headers={"If-Match": created.headers["ETag"]})
    assert changed.status_code == 200, changed.json
    assert changed.json["owner"] == "Team Zaken" and changed.headers["ETag"].endswith('-2"')
    assert [r["number"] for r in changed.json["revisions"]] == [1, 2]
    assert changed.json["revisions"][0]["owner"] == "Hoofd Publiekszaken"
    events = db.exec(select(AuditEvent.action).where(AuditEvent.subject == "S-001")).all()
    assert events == ["scope.system_created", "scope.system_changed"]


def test_quickscan_and_gaps(api, token_for, db, world):
    writer = api(token_for(Role.CISO, "write"))
    item = make_item(db, world.own.id)
    db.commit()
    questions = writer.get("/api/v1/quickscan/questions")
    assert questions.status_code == 200
    assert [a["id"] for a in questions.json["aspects"]] == ["availability", "integrity", "confidentiality"]
    scans = f"{ITEMS}/{item.id}/quickscans"
    assert writer.get(scans).json == {"total": 0, "items": []}
    unanswered = writer.post(scans, json={"answers": {}})
    assert unanswered.status_code == 422 and unanswered.json["problems"][0]["code"] == "quickscan.unanswered"

    high = answers(availability__financial="high")
    ran = writer.post(scans, json={"answers": high})
    assert ran.status_code == 201, ran.json
    assert ran.json["outcome"] == "risk_analysis_needed" and ran.json["availability"] == "high"
    assert writer.get(scans).json["items"][0]["number"] == 1
    assert writer.get(f"{ITEMS}/{item.id}").json["gap"] is True
    gaps = writer.get(f"{BASE}/scope/gaps").json
    assert [g["reference"] for g in gaps["items"]] == [item.reference]
    assert writer.get(f"{ITEMS}?gap=true").json["total"] == 1

    link_risk(
        session=db,
        risk=make_risk(db, world.own.id, commit=False),
        item=db.get(ScopeItem, item.id),
        actor=ACTOR,
    )
    db.commit()
    assert writer.get(f"{BASE}/scope/gaps").json["total"] == 0
    assert writer.get(f"{ITEMS}/{item.id}").json["gap"] is False


def test_suppliers_statement_and_sovereignty(api, token_for, db, world):
    writer = api(token_for(Role.CISO, "write"))
    made = writer.post(
        f"{BASE}/suppliers",
        json={"name": "Wolkenkantoor Inc.", "jurisdiction": "non_eu", "services": "Kantoor"},
    )
    assert made.status_code == 201, made.json
    url = f"{BASE}/suppliers/{made.json['id']}"
    assert made.headers["Location"].endswith(url)
    taken = writer.post(f"{BASE}/suppliers", json={"name": "Wolkenkantoor Inc.", "jurisdiction": "eu"})
    assert taken.status_code == 422 and taken.json["problems"][0]["code"] == "scope.supplier_name_taken"
    bad = writer.post(
        f"{url}/evidence", json={"kind": "soc2", "issued_on": "2026-02-01", "expires_on": "2026-01-01"}
    )
    assert bad.status_code == 422 and bad.json["problems"][0]["code"] == "scope.expiry_before_issue"
    added = writer.post(
        f"{url}/evidence", json={"kind": "soc2", "issued_on": "2026-01-01", "expires_on": "2027-01-01"}
    )
    assert added.status_code == 201 and [e["kind"] for e in added.json["evidence"]] == ["soc2"]
    assert writer.get(url).json["evidence"][0]["expires_on"] == "2027-01-01"
    assert writer.get(f"{BASE}/suppliers?jurisdiction=non_eu").json["total"] == 1
    assert writer.get(f"{BASE}/suppliers?jurisdiction=nl").json["total"] == 0

    system = writer.post(ITEMS, json={**SYSTEM, "supplier_names": ["Wolkenkantoor Inc."]})
    assert system.status_code == 201, system.json
    figures = writer.get(f"{BASE}/scope/sovereignty").json
    assert figures["in_scope_systems"] == 1 and figures["share"] == 1.0
    assert figures["dependent"][0]["reasons"] == ["Wolkenkantoor Inc."]

    statement = f"{BASE}/scope/statement"
    assert writer.get(statement).json["total"] == 0
    assert (
        writer.post(statement, json={"text": "  "}).json["problems"][0]["code"] == "scope.statement_required"
    )
    recorded = writer.post(statement, json={"text": "Alle processen en systemen van de gemeente."})
    assert recorded.status_code == 201, recorded.json
    assert recorded.json["items"][0]["number"] == 1
    assert recorded.json["items"][0]["items"] == [
        {"reference": "S-001", "kind": "system", "name": "Zaaksysteem"}
    ]


def test_another_organisations_ids_are_not_found(api, token_for, db, world):
    foreign = make_item(db, world.other.id)
    db.commit()
    writer = api(token_for(Role.CISO, "write"))
    assert writer.get(f"{ITEMS}/{foreign.id}").status_code == 404
    assert (
        writer.put(
            f"{ITEMS}/{foreign.id}", json={"name": "x", "owner": "y"}, headers={"If-Match": "*"}
        ).status_code
        == 404
    )
    assert writer.post(f"{ITEMS}/{foreign.id}/quickscans", json={"answers": answers()}).status_code == 404
    assert writer.get("/api/v1/organisations/andere/scope/items").status_code == 404


def test_auditors_and_management_only_read(api, token_for, db, world):
    item = make_item(db, world.own.id)
    db.commit()
    for role in (Role.AUDITOR, Role.MANAGEMENT):
        reader = api(token_for(role, "read"))
        assert reader.get(f"{ITEMS}/{item.id}").status_code == 200
        assert reader.get(f"{BASE}/scope/sovereignty").status_code == 200
        assert reader.post(ITEMS, json=SYSTEM).status_code == 403
        assert reader.post(f"{ITEMS}/{item.id}/quickscans", json={"answers": answers()}).status_code == 403
        assert reader.post(f"{BASE}/suppliers", json={"name": "X", "jurisdiction": "nl"}).status_code == 403
        assert reader.post(f"{BASE}/scope/statement", json={"text": "Tekst"}).status_code == 403
    assert db.exec(select(ScopeItem).where(ScopeItem.organisation_id == world.own.id)).all() == [item]

"""The reports of a year through the API (ENSIA, the collegeverklaring, the In Control Verklaring: kind and year
to make, kind and year to list) and OSCAL as a resource: the same JSON as `naleving oscal export`."""

from __future__ import annotations

import json

from core import clock
from core.models import Role
from reports.oscal_export import oscal_document

ORG = "/api/v1/organisations/voorbeeld"


def test_reports_of_a_year_are_made_and_listed_by_kind_and_year(api, token_for, mini_catalogue):
    writer = api(token_for(Role.CISO, "write"))
    made = writer.post(f"{ORG}/reports", json={"kind": "in-control", "year": 2026})
    assert made.status_code == 201, made.json
    assert made.json["parameters"]["year"] == 2026 and made.json["parameters"]["as_of"] == "2026-12-31"
    assert made.json["filename"].startswith("in-control-verklaring-voorbeeld-2026-12-31")
    assert writer.post(f"{ORG}/reports", json={"kind": "college", "year": 2025}).status_code == 201
    assert (
        writer.post(f"{ORG}/reports", json={"kind": "ensia", "format": "xlsx", "year": 2026}).status_code
        == 201
    )
    assert writer.post(f"{ORG}/reports", json={"kind": "soa", "format": "xlsx"}).status_code == 201

    listed = writer.get(f"{ORG}/reports?kind=in-control&year=2026").json
    assert [r["kind"] for r in listed["items"]] == ["in-control"] and listed["total"] == 1
    of_2026 = writer.get(f"{ORG}/reports?year=2026&per_page=1").json
    assert of_2026["total"] == 2 and "year=2026" in of_2026["next"]
    assert writer.get(f"{ORG}/reports").json["total"] == 4
    assert writer.get(f"{ORG}/reports?kind=nothing").status_code == 422

    next_year = clock.today().year + 1
    later = writer.post(f"{ORG}/reports", json={"kind": "in-control", "year": next_year})
    assert later.status_code == 422 and str(next_year) in later.json["detail"]
    soa = writer.post(f"{ORG}/reports", json={"kind": "soa", "year": 2026})
    assert soa.status_code == 422
    dated = writer.post(f"{ORG}/reports", json={"kind": "college", "as_of": "2026-06-30"})
    assert dated.status_code == 422
    assert writer.get(f"{ORG}/reports").json["total"] == 4  # nothing made of a refused request


def test_oscal_documents_as_a_resource(app, db, world, api, token_for, mini_catalogue):
    reader = api(token_for(Role.AUDITOR, "read"))
    for kind in ("catalog", "ssp", "assessment-results"):
        response = reader.get(f"{ORG}/oscal/{kind}")
        assert response.status_code == 200 and response.content_type == "application/json"
        expected = json.loads(oscal_document(session=db, kind=kind, organisation_id=world.own.id))
        got = response.json
        root = next(iter(expected))
        assert list(got) == [root] and got[root]["uuid"] == expected[root]["uuid"]
    assert reader.get(f"{ORG}/oscal/profile").status_code == 404
    assert reader.get(f"{ORG}/oscal/ssp?as_of=1999-01-01").status_code == 422
    assert reader.get("/api/v1/organisations/ander/oscal/ssp").status_code == 404


def test_the_api_makes_a_report_in_english_and_shows_a_schedules_language(
    app, db, world, api, token_for, mini_catalogue
):
    """The reports API's `language` (documented in the OpenAPI schema) for any kind; a schedule's language."""
    import io

    from openpyxl import load_workbook

    from reports.builders import formats_of
    from reports.schedules import ScheduleInput, create_schedule

    writer = api(token_for(Role.CISO, "write"))
    made = writer.post(f"{ORG}/reports", json={"kind": "risks", "format": "xlsx", "language": "en"})
    assert made.status_code == 201, made.json
    assert made.json["parameters"]["language"] == "en"
    content = writer.get(f"{ORG}/reports/{made.json['id']}/file").data
    assert load_workbook(io.BytesIO(content)).sheetnames[:2] == ["Report", "Register"]
    dutch = writer.post(f"{ORG}/reports", json={"kind": "risks", "format": "xlsx"})
    assert dutch.json["parameters"]["language"] == "nl"
    refused = writer.post(f"{ORG}/reports", json={"kind": "risks", "language": "fr"})
    assert refused.status_code == 422
    schema = writer.get("/api/v1/openapi.json").json
    described = json.dumps(schema)
    assert "Dutch (nl, the default) or English (en), for every kind" in described
    assert "the language the report is made in: nl (Dutch) or en (English)" in described

    with app.app_context():
        create_schedule(
            session=db,
            organisation_id=world.own.id,
            values=ScheduleInput(kind="management", format="pdf", preset="monthly", language="en"),
            formats_of=formats_of,
            created_by_user_id=None,
        )
        db.commit()
    listed = writer.get(f"{ORG}/schedules").json
    assert [item["language"] for item in listed["items"]] == ["en"]

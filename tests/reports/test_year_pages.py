"""The reports page makes the reports of a year (the year field), and the ENSIA year page keeps which bijlagen
of the collegeverklaring apply, audited, for the organisation's editors only."""

from __future__ import annotations

from sqlmodel import select

from core import clock
from core.models import AuditEvent, Role
from reports.models import EnsiaYear, ReportRecord


def test_the_reports_page_makes_a_report_of_a_year(client, db, world, login_as, stand_in_builders):
    login_as(Role.CISO)
    page = client.get("/o/voorbeeld/rapporten/nieuw").get_data(as_text=True)
    assert 'name="year"' in page and "In Control Verklaring (concept)" in page and "Collegeverklaring" in page
    year = clock.today().year
    response = client.post(
        "/o/voorbeeld/rapporten/nieuw", data={"kind": "in-control", "format": "pdf", "year": str(year)}
    )
    assert response.status_code == 302
    record = db.exec(select(ReportRecord)).one()
    assert (record.kind, record.parameters["year"]) == ("in-control", year)
    assert stand_in_builders.calls == [(world.own.id, "in-control")]


def test_a_year_the_kind_does_not_take_is_the_fields_error(client, db, world, login_as, stand_in_builders):
    login_as(Role.CISO)
    cases = [
        ({"kind": "soa", "format": "pdf", "year": "2026"}, "Een jaar hoort alleen bij"),
        (
            {"kind": "in-control", "format": "pdf", "year": "2026", "as_of": "2026-06-30"},
            "Kies bij dit rapport",
        ),
        ({"kind": "college", "format": "pdf", "year": str(clock.today().year + 1)}, "ligt niet tussen"),
    ]
    for data, message in cases:
        response = client.post("/o/voorbeeld/rapporten/nieuw", data=data)
        assert response.status_code == 200 and message in response.get_data(as_text=True), data
    assert db.exec(select(ReportRecord)).all() == []


def test_the_ensia_year_page_keeps_the_bijlagen_audited(client, db, world, login_as):
    login_as(Role.CISO)
    assert (
        client.get("/o/voorbeeld/rapporten/ensia/")
        .headers["Location"]
        .endswith(f"/o/voorbeeld/rapporten/ensia/{clock.today().year}")
    )
    response = client.post(
        "/o/voorbeeld/rapporten/ensia/2026",
        data={
            "digid_applies": "y",
            "digid_reference": " LOG-2027-3 ",
            "suwinet_reference": "",
            "auditor": "IT-Audit BV",
        },
    )
    assert response.status_code == 302
    record = db.exec(select(EnsiaYear)).one()
    assert (record.organisation_id, record.year, record.digid_applies, record.digid_reference) == (
        world.own.id,
        2026,
        True,
        "LOG-2027-3",
    )
    assert not record.suwinet_applies
    page = client.get("/o/voorbeeld/rapporten/ensia/2026").get_data(as_text=True)
    assert 'value="LOG-2027-3"' in page and "Laatst vastgelegd door" in page
    [event] = db.exec(select(AuditEvent).where(AuditEvent.action == "ensia.year_recorded")).all()
    assert event.actor_id == world.user(Role.CISO).id
    client.post(
        "/o/voorbeeld/rapporten/ensia/2026",
        data={"digid_applies": "y", "digid_reference": "LOG-2027-3", "auditor": "IT-Audit BV"},
    )
    assert (
        len(db.exec(select(AuditEvent).where(AuditEvent.action == "ensia.year_recorded")).all()) == 1
    )  # no change
    too_long = client.post("/o/voorbeeld/rapporten/ensia/2026", data={"auditor": "x" * 201})
    assert too_long.status_code == 200 and db.exec(select(EnsiaYear)).one().auditor == "IT-Audit BV"


def test_the_ensia_year_page_is_not_the_auditors(client, world, login_as):
    login_as(Role.AUDITOR)
    assert client.get("/o/voorbeeld/rapporten/ensia/2026").status_code == 403


def test_a_year_out_of_range_or_another_organisation_is_404(client, world, login_as):
    login_as(Role.CISO)
    assert client.get("/o/voorbeeld/rapporten/ensia/1999").status_code == 404
    assert client.get("/o/andere/rapporten/ensia/2026").status_code == 404

"""The demo: incidents with running clocks, R-014 an incident-handling risk that is not accepted, the college van
B&W in the board register; the demo's answers obey the rules of this round; seeding twice changes nothing."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from controls.soa import statement_of_applicability
from core import clock
from core.accounts import organisation_by_slug
from incidents.board import board_register
from incidents.models import BoardTraining, Incident, IncidentMessage
from incidents.register import list_incidents
from risk.models import Risk
from tests.conftest import DEMO_PASSWORD


def test_the_demo_shows_the_incident_register(cli, db, demo, monkeypatch):
    counts = [
        db.exec(select(func.count()).select_from(t)).one() for t in (Incident, IncidentMessage, BoardTraining)
    ]
    assert counts[0] == 3 and counts[1] == 4 and counts[2] >= 1
    monkeypatch.setenv("NALEVING_DEMO_PASSWORD", DEMO_PASSWORD)  # the demo fixture's own run, once more
    assert cli("demo").exit_code == 0
    assert [
        db.exec(select(func.count()).select_from(t)).one() for t in (Incident, IncidentMessage, BoardTraining)
    ] == counts
    voorbeeld = organisation_by_slug(session=db, slug="voorbeeld")
    open_significant = list_incidents(session=db, organisation_id=voorbeeld.id, significant_open_only=True)
    [running] = [s for s in open_significant if s.incident.status == "ongoing"]
    early, notification, *_ = running.deadlines
    assert early.met_at is not None and notification.met_at is None
    r014 = db.exec(select(Risk).where(Risk.organisation_id == voorbeeld.id, Risk.reference == "R-014")).one()
    assert r014.treatment != "accept" and not r014.accepted_by and "Incidentafhandeling" in r014.title
    members = board_register(session=db, organisation_id=voorbeeld.id, today=clock.today())
    assert {m.member.position for m in members} == {"burgemeester", "wethouder"}


def test_the_demo_answers_obey_the_rules(db, demo):
    voorbeeld = demo
    statement = statement_of_applicability(session=db, organisation_id=voorbeeld.id)
    nis2 = [e for e in statement.entries if e.kind == "nis2" and e.answer]
    assert nis2 and all(not e.answer.risk_reference or e.answer.planned_on for e in nis2)
    for entry in statement.entries:
        answer = entry.answer
        if answer and answer.implementation == "implemented":
            assert answer.design == "sufficient", entry.code
    assert statement.entry("20.1").answer.owner == "College van B&W"

"""The incident register: revisions append-only, audit, the rules, the links to risks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from sqlmodel import select

from core.actor import COMMAND_LINE
from core.errors import RuleError, StaleEdit
from core.models import AuditEvent
from incidents.models import IncidentRevision
from incidents.register import create_incident, data_of, list_incidents, record_message, update_incident
from incidents.rules import IncidentData
from tests.risk.factories import make_risk

NOW = datetime(2026, 9, 2, 12, 0, tzinfo=UTC)


def codes(error) -> list[str]:
    return [p.code for p in error.value.problems]


def test_an_incident_is_recorded_with_its_revision_and_audit_event(db, world, fixed_clock):
    fixed_clock(NOW)
    data = IncidentData(title=" Ransomware ", aware_at=NOW - timedelta(hours=2), thresholds=("outage_4h",))
    incident = create_incident(session=db, organisation_id=world.own.id, data=data, actor=COMMAND_LINE)
    db.commit()
    assert incident.reference == "I-001" and incident.title == "Ransomware"
    assert incident.significant, "a threshold met makes the incident significant"
    [revision] = db.exec(select(IncidentRevision)).all()
    assert revision.number == 1 and revision.thresholds == "outage_4h"
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "incident.created")).one()
    assert event.organisation_id == world.own.id and "I-001" in event.subject
    with pytest.raises(DatabaseError):
        db.execute(text("UPDATE incident_revision SET title = 'x'"))
    db.rollback()


def test_the_rules_of_an_incident(db, world, fixed_clock):
    fixed_clock(NOW)
    future = IncidentData(title="", aware_at=NOW + timedelta(minutes=5), thresholds=("nonsense",))
    with pytest.raises(RuleError) as error:
        create_incident(session=db, organisation_id=world.own.id, data=future, actor=COMMAND_LINE)
    assert codes(error) == [
        "incident.title_required",
        "incident.aware_in_future",
        "incident.unknown_threshold",
    ]
    handled = IncidentData(
        title="x", aware_at=NOW - timedelta(days=1), status="handled", links=("risk:R-404",)
    )
    with pytest.raises(RuleError) as error:
        create_incident(session=db, organisation_id=world.own.id, data=handled, actor=COMMAND_LINE)
    assert codes(error) == ["incident.handled_at_required", "incident.unknown_reference"]


def test_lessons_link_to_risks_of_the_own_register_and_edits_append_revisions(db, world, fixed_clock):
    fixed_clock(NOW)
    make_risk(db, world.own.id)
    incident = create_incident(
        session=db,
        organisation_id=world.own.id,
        data=IncidentData(title="x", aware_at=NOW),
        actor=COMMAND_LINE,
    )
    changed = IncidentData(title="x", aware_at=NOW, lessons="Back-ups testen", links=("risk:r-001",))
    update_incident(session=db, incident=incident, data=changed, base_revision=1, actor=COMMAND_LINE)
    assert incident.revision == 2 and data_of(incident).references("risk") == ("R-001",)
    with pytest.raises(StaleEdit):
        update_incident(session=db, incident=incident, data=changed, base_revision=1, actor=COMMAND_LINE)
    other = IncidentData(title="x", aware_at=NOW, links=("risk:R-001",))
    with pytest.raises(RuleError):  # the other organisation has no R-001
        create_incident(session=db, organisation_id=world.other.id, data=other, actor=COMMAND_LINE)


def test_a_message_sent_meets_the_clock_and_cannot_be_dated_before_awareness(db, world, fixed_clock):
    fixed_clock(NOW)
    aware = NOW - timedelta(hours=10)
    incident = create_incident(
        session=db,
        organisation_id=world.own.id,
        data=IncidentData(title="x", aware_at=aware, significant=True),
        actor=COMMAND_LINE,
    )
    with pytest.raises(RuleError) as error:
        record_message(
            session=db,
            incident=incident,
            kind="early_warning",
            recipient="both",
            sent_at=aware - timedelta(minutes=1),
            content="",
            actor=COMMAND_LINE,
        )
    assert codes(error) == ["incident.sent_before_aware"]
    record_message(
        session=db,
        incident=incident,
        kind="early_warning",
        recipient="both",
        sent_at=NOW - timedelta(hours=1),
        content="eerste waarschuwing",
        actor=COMMAND_LINE,
    )
    db.commit()
    [state] = list_incidents(session=db, organisation_id=world.own.id)
    early = state.deadlines[0]
    assert early.met_at == NOW - timedelta(hours=1)
    assert list_incidents(session=db, organisation_id=world.other.id) == []

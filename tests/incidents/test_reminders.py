"""Mail to the CISO 6 h and 1 h before a deadline, once each, through a local SMTP sink."""

from __future__ import annotations

import email
from datetime import UTC, datetime, timedelta
from email import policy

from sqlmodel import select

from app.incidents import jobs
from core.actor import COMMAND_LINE
from incidents.models import IncidentReminder
from incidents.register import create_incident, record_message
from incidents.rules import IncidentData
from tests.reports.test_mail import app_config, smtp_sink  # noqa: F401 - the local SMTP sink, mail on

AWARE = datetime(2026, 10, 24, 10, 0, tzinfo=UTC)


def run_at(app, fixed_clock, moment) -> int:
    fixed_clock(moment)
    with app.app_context():
        return jobs.send_incident_reminders()


def test_the_ciso_is_mailed_6_hours_and_1_hour_before_the_early_warning(
    app,
    db,
    world,
    smtp_sink,  # noqa: F811
    fixed_clock,
):
    fixed_clock(AWARE)
    create_incident(
        session=db,
        organisation_id=world.own.id,
        data=IncidentData(title="Ransomware", aware_at=AWARE, significant=True),
        actor=COMMAND_LINE,
    )
    db.commit()
    due = AWARE + timedelta(hours=24)
    assert run_at(app, fixed_clock, due - timedelta(hours=7)) == 0
    assert run_at(app, fixed_clock, due - timedelta(hours=5, minutes=55)) == 1
    assert run_at(app, fixed_clock, due - timedelta(hours=5, minutes=50)) == 0, "a reminder goes out once"
    [envelope] = smtp_sink.envelopes
    assert envelope.rcpt_tos == ["ciso@voorbeeld.nl"]
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    assert message["Subject"] == "Over 6 uur: vroegtijdige waarschuwing I-001 – Gemeente Voorbeeld"
    assert "2026-10-25 11:00" in message.get_content()  # local time, after the clocks went back
    assert run_at(app, fixed_clock, due - timedelta(minutes=55)) == 1
    assert len(smtp_sink.envelopes) == 2
    leads = sorted(r.lead_hours for r in db.exec(select(IncidentReminder)).all())
    assert leads == [1, 6]


def test_no_reminder_for_a_deadline_met_or_an_incident_that_is_not_significant(
    app,
    db,
    world,
    smtp_sink,  # noqa: F811
    fixed_clock,
):
    fixed_clock(AWARE + timedelta(hours=1))
    minor = IncidentData(title="Phishingmail", aware_at=AWARE)
    create_incident(session=db, organisation_id=world.own.id, data=minor, actor=COMMAND_LINE)
    major = create_incident(
        session=db,
        organisation_id=world.own.id,
        data=IncidentData(title="Ransomware", aware_at=AWARE, significant=True),
        actor=COMMAND_LINE,
    )
    record_message(
        session=db,
        incident=major,
        kind="early_warning",
        recipient="both",
        sent_at=AWARE + timedelta(hours=1),
        content="",
        actor=COMMAND_LINE,
    )
    db.commit()
    assert run_at(app, fixed_clock, AWARE + timedelta(hours=19)) == 0
    assert smtp_sink.envelopes == []

"""E-mail of scheduled reports through SMTP, against a local SMTP sink on a loopback port. A mail failure is
recorded on the run and never costs the report."""

from __future__ import annotations

import email
import socket
from datetime import datetime
from email import policy

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from app.reports import jobs
from core.clock import LOCAL_ZONE
from reports.archive import read_report
from reports.models import MailStatus, ReportRecord, RunStatus, Schedule, ScheduleRun


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_sink():
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    sink.port = controller.port
    yield sink
    controller.stop()


@pytest.fixture
def app_config(app_config, smtp_sink):
    return app_config | {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": smtp_sink.port,
        "MAIL_FROM": "naleving@voorbeeld.nl",
    }


def scheduled(db, organisation_id: int, recipients: str) -> Schedule:
    schedule = Schedule(
        organisation_id=organisation_id,
        kind="soa",
        format="pdf",
        preset="monthly",
        recipients=recipients,
        effective_from=datetime(2026, 1, 1, tzinfo=LOCAL_ZONE),
    )
    db.add(schedule)
    db.commit()
    return schedule


def run_at_first_of_march(app, fixed_clock, schedule) -> str:
    fixed_clock(datetime(2026, 3, 1, 6, 0, 5, tzinfo=LOCAL_ZONE))
    with app.app_context():
        return jobs.run_report_schedule(schedule.id)


def the_run(db) -> ScheduleRun:
    db.expire_all()
    return db.exec(select(ScheduleRun)).one()


def test_a_new_report_is_mailed_to_the_recipients(
    app, db, world, archive, smtp_sink, stand_in_builders, fixed_clock
):
    schedule = scheduled(db, world.own.id, "ciso@voorbeeld.nl\ndirectie@voorbeeld.nl")
    assert run_at_first_of_march(app, fixed_clock, schedule) == "succeeded"

    [envelope] = smtp_sink.envelopes
    assert envelope.mail_from == "naleving@voorbeeld.nl"
    assert envelope.rcpt_tos == ["ciso@voorbeeld.nl", "directie@voorbeeld.nl"]
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    assert message["Subject"] == "Verklaring van Toepasselijkheid – Gemeente Voorbeeld"
    record = db.exec(select(ReportRecord)).one()
    assert record.sha256 in message.get_body(("plain",)).get_content()
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == record.filename
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == read_report(root=archive, record=record)
    run = the_run(db)
    assert run.status == RunStatus.SUCCEEDED and run.mail_status == MailStatus.SENT and run.mail_error == ""


def test_without_recipients_nothing_is_mailed(app, db, world, smtp_sink, stand_in_builders, fixed_clock):
    schedule = scheduled(db, world.own.id, "")
    assert run_at_first_of_march(app, fixed_clock, schedule) == "succeeded"
    assert smtp_sink.envelopes == []
    assert the_run(db).mail_status == MailStatus.NONE


@pytest.mark.parametrize(
    ("config", "reason"),
    [
        ({"SMTP_HOST": None}, "geen SMTP-server ingesteld"),
        ({"SMTP_HOST": "127.0.0.1", "SMTP_PORT": None}, "versturen mislukt"),
    ],
)
def test_a_mail_failure_is_recorded_and_the_report_kept(
    app, db, world, archive, stand_in_builders, fixed_clock, config, reason
):
    app.config.update(config)
    if "SMTP_PORT" in config:
        app.config["SMTP_PORT"] = free_port()  # nothing listens there
    schedule = scheduled(db, world.own.id, "ciso@voorbeeld.nl")
    assert run_at_first_of_march(app, fixed_clock, schedule) == "succeeded"
    run = the_run(db)
    assert run.status == RunStatus.SUCCEEDED
    assert run.mail_status == MailStatus.FAILED
    assert reason in run.mail_error
    record = db.exec(select(ReportRecord)).one()
    assert run.report_id == record.id
    assert read_report(root=archive, record=record)

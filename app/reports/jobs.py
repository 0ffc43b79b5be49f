"""The scheduler's jobs. Each runs inside an app context (app.reports.scheduler sees to that), opens its own
session and commits its own steps: the claim first, then the report, then the mail, so no failure can lose a
finished report or make a run twice."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.db import engine
from app.reports.common import archive_root, report_parameters, smtp_settings
from core import clock
from core.actor import Actor
from core.mail_domains import allowed_mail_domains, outside_domains
from core.models import Organisation
from reports.archive import read_report, sweep_orphans
from reports.builders import generate_report
from reports.mail import MailError, report_message, send_message
from reports.models import ReportRecord, Schedule, ScheduleRun
from reports.parameters import made_by
from reports.schedule_timing import due_at, pc_moment_dates
from reports.schedules import (
    claim_run,
    fail_interrupted_runs,
    fail_run,
    finish_run,
    record_mail,
    record_missed,
)

MISSED_REASON = "gemist: de planner draaide niet op het geplande moment en de inhaaltermijn is verstreken"


def run_report_schedule(schedule_id: int) -> str:
    """Make the run of the schedule that is due now, unless another process already claimed it.
    Returns what happened: 'succeeded', 'failed', 'claimed elsewhere', 'not due' or 'gone'."""
    now = clock.now()
    with Session(engine(), expire_on_commit=False) as session:
        schedule = session.get(Schedule, schedule_id)
        if schedule is None:
            return "gone"
        due = due_at(schedule, now, pc_moment_dates(session=session, schedule=schedule))
        if due is None:
            return "not due"
        try:
            run = claim_run(session=session, schedule=schedule, due=due)
            session.commit()
        except IntegrityError:
            session.rollback()
            return "claimed elsewhere"
        record = _make_report(session, schedule, run)
        if record is None:
            return "failed"
        if schedule.recipient_list:
            _mail_report(session, schedule, run, record)
        return "succeeded"


def _make_report(session: Session, schedule: Schedule, run: ScheduleRun) -> ReportRecord | None:
    organisation = session.get(Organisation, schedule.organisation_id)
    try:
        params = report_parameters(
            organisation,
            generated_by=made_by("schedule", schedule.language, id=schedule.id),
            language=schedule.language,
        )
        record = generate_report(
            session=session,
            root=archive_root(),
            organisation_id=schedule.organisation_id,
            kind=schedule.kind,
            format=schedule.format,
            params=params,
            actor=Actor.schedule(schedule.id),
        )
        finish_run(session=session, run=run, report=record)
        session.commit()
        return record
    except Exception as error:  # every failure is recorded with its reason, whatever it is
        session.rollback()
        current_app.logger.exception("scheduled report %s failed", schedule.id)
        fail_run(session=session, run=run, reason=f"{type(error).__name__}: {error}")
        session.commit()
        return None


def _mail_report(session: Session, schedule: Schedule, run: ScheduleRun, record: ReportRecord) -> None:
    """Mail after the report is committed: a mail failure is recorded on the run, the report stays."""
    organisation = session.get(Organisation, schedule.organisation_id)
    settings = smtp_settings()
    # The allowed domains may have changed since the schedule was saved: mail only inside them, say who not.
    outside = outside_domains(
        schedule.recipient_list, allowed_mail_domains(session=session, organisation=organisation)
    )
    recipients = [address for address in schedule.recipient_list if address not in outside]
    try:
        if not recipients:
            raise MailError("geen ontvanger in de toegestane maildomeinen")
        message = report_message(
            record=record,
            organisation_name=organisation.name,
            recipients=recipients,
            content=read_report(root=archive_root(), record=record),
            sender=settings.sender,
        )
        send_message(settings, message)
        error = f"niet verstuurd buiten de toegestane maildomeinen: {', '.join(outside)}" if outside else None
    except (MailError, OSError) as failure:
        current_app.logger.warning("mail of report %s failed: %s", record.id, failure)
        error = str(failure)
    record_mail(session=session, run=run, error=error)
    session.commit()


def record_missed_run(schedule_id: int, due: datetime) -> None:
    """The scheduler skipped a run that was later than its grace period: show it on the schedules page."""
    with Session(engine(), expire_on_commit=False) as session:
        schedule = session.get(Schedule, schedule_id)
        if schedule is None:
            return
        try:
            record_missed(session=session, schedule=schedule, due=due, reason=MISSED_REASON)
            session.commit()
        except IntegrityError:
            session.rollback()


def sweep_archive() -> int:
    """Daily: remove what crashes left in the archive, and mark runs cut off by a crash as failed."""
    with Session(engine(), expire_on_commit=False) as session:
        removed = sweep_orphans(session=session, root=archive_root())
        interrupted = fail_interrupted_runs(session=session)
        session.commit()
    if removed or interrupted:
        current_app.logger.info(
            "archive sweep: %d files removed, %d runs interrupted", len(removed), interrupted
        )
    return len(removed)

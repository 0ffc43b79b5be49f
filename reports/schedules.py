"""Schedules: what a user sets on one (checked), storing and finding them, and their runs: the claim that
makes a due run happen once however many scheduler processes fire it, and how it ended. When a schedule fires
and which run is due: reports/schedule_timing.py."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from sqlmodel import Session, col, select

from core import clock
from core.actor import Actor
from core.audit import changed_fields, record_event
from core.dbtypes import id_of
from core.errors import RuleError
from core.mail_domains import check_recipients
from core.models import Organisation
from reports.language import DUTCH, check_language
from reports.models import (
    MailStatus,
    ReportFormat,
    ReportKind,
    ReportRecord,
    RunStatus,
    Schedule,
    SchedulePreset,
    ScheduleRun,
)
from reports.schedule_timing import checked_crontab

FormatsOf = Callable[[ReportKind], Collection[ReportFormat]]  # the formats a kind of report comes in

MAX_RECIPIENTS = 20
MIN_DAYS_BEFORE, MAX_DAYS_BEFORE = 0, 120
DEFAULT_DAYS_BEFORE = 14  # a schedule before each P&C moment, unless told otherwise
ERROR_MAX = 2000


def parse_recipients(text: str) -> str:
    """Addresses, one a line (commas and semicolons also separate); returns them normalised, one a line."""
    addresses = [part.strip() for part in re.split(r"[\s,;]+", text or "") if part.strip()]
    if len(addresses) > MAX_RECIPIENTS:
        raise RuleError.one(
            "schedule.too_many_recipients",
            f"hooguit {MAX_RECIPIENTS} ontvangers",
            field="recipients",
            max=MAX_RECIPIENTS,
        )
    normalised = []
    for address in addresses:
        try:
            normalised.append(validate_email(address, check_deliverability=False).normalized)
        except EmailNotValidError:
            raise RuleError.one(
                "schedule.invalid_email",
                f"ongeldig e-mailadres: {address[:100]}",
                field="recipients",
                address=address[:100],
            ) from None
    return "\n".join(dict.fromkeys(normalised))


@dataclass
class ScheduleInput:
    """What a user sets on a schedule."""

    kind: str
    format: str
    preset: str
    cron: str = ""
    recipients: str = ""
    enabled: bool = True
    days_before: int = DEFAULT_DAYS_BEFORE
    language: str = DUTCH  # the report's language (reports.language)


def _checked(values: ScheduleInput, formats_of: FormatsOf) -> ScheduleInput:
    try:
        kind, format, preset = (
            ReportKind(values.kind),
            ReportFormat(values.format),
            SchedulePreset(values.preset),
        )
    except ValueError:
        raise RuleError.one(
            "schedule.unknown_choice", "onbekend soort rapport, formaat of planning"
        ) from None
    if format not in formats_of(kind):
        raise RuleError.one(
            "schedule.format_not_available",
            f"rapport '{kind.value}' bestaat niet als {format.value}",
            field="format",
            kind=kind.value,
            format=format.value,
        )
    check_language(kind, values.language)  # `report.language_not_available`
    cron = " ".join(values.cron.split()) if preset == SchedulePreset.CRON else ""
    if preset == SchedulePreset.CRON:
        checked_crontab(cron, clock.now())
    if not MIN_DAYS_BEFORE <= values.days_before <= MAX_DAYS_BEFORE:
        raise RuleError.one(
            "schedule.days_before",
            f"dagen vóór het P&C-moment: {MIN_DAYS_BEFORE} tot en met {MAX_DAYS_BEFORE}",
            field="days_before",
            min=MIN_DAYS_BEFORE,
            max=MAX_DAYS_BEFORE,
        )
    return ScheduleInput(
        kind.value,
        format.value,
        preset.value,
        cron,
        parse_recipients(values.recipients),
        values.enabled,
        values.days_before,
        values.language,
    )


def create_schedule(
    *,
    session: Session,
    organisation_id: int,
    values: ScheduleInput,
    formats_of: FormatsOf,
    created_by_user_id: int | None,
    actor: Actor | None = None,
) -> Schedule:
    """Add a schedule; `formats_of(kind)` says which formats exist (the builders' dispatch table). Its
    recipients must lie in the organisation's allowed mail domains."""
    values = _checked(values, formats_of)
    _check_domains(session=session, organisation_id=organisation_id, recipients=values.recipients)
    schedule = Schedule(
        organisation_id=organisation_id,
        kind=values.kind,
        format=values.format,
        preset=values.preset,
        cron=values.cron,
        recipients=values.recipients,
        enabled=values.enabled,
        days_before=values.days_before,
        language=values.language,
        created_by_user_id=created_by_user_id,
        effective_from=clock.now(),
    )
    session.add(schedule)
    session.flush()
    _record(session=session, action="schedule.created", schedule=schedule, actor=actor, before={})
    return schedule


SHOWN = ("kind", "format", "language", "preset", "cron", "days_before", "recipients", "enabled")


def _record(
    *, session: Session, action: str, schedule: Schedule, actor: Actor | None, before: dict[str, object]
) -> None:
    changes = changed_fields(before, {name: getattr(schedule, name) for name in SHOWN})
    if changes:
        record_event(
            session=session,
            action=action,
            actor=actor,
            organisation_id=schedule.organisation_id,
            subject=f"planning {schedule.id}",
            changes=changes,
        )
        session.flush()


def update_schedule(
    *,
    session: Session,
    schedule: Schedule,
    values: ScheduleInput,
    formats_of: FormatsOf,
    actor: Actor | None = None,
) -> Schedule:
    """Change a schedule. A new timing, or switching it back on, counts from now: no old run becomes due."""
    values = _checked(values, formats_of)
    before = {name: getattr(schedule, name) for name in SHOWN}
    _check_domains(session=session, organisation_id=schedule.organisation_id, recipients=values.recipients)
    timing = ("preset", "cron", "days_before")
    retimed = any(getattr(values, name) != getattr(schedule, name) for name in timing)
    switched_on = values.enabled and not schedule.enabled
    for name in ("kind", "format", "language", "recipients", "enabled", *timing):
        setattr(schedule, name, getattr(values, name))
    if retimed or switched_on:
        schedule.effective_from = clock.now()
    session.add(schedule)
    session.flush()
    _record(session=session, action="schedule.changed", schedule=schedule, actor=actor, before=before)
    return schedule


def _check_domains(*, session: Session, organisation_id: int, recipients: str) -> None:
    organisation = session.get(Organisation, organisation_id)
    if organisation is not None and recipients:
        check_recipients(session=session, organisation=organisation, addresses=recipients.split("\n"))


def set_enabled(
    *, session: Session, schedule: Schedule, enabled: bool, actor: Actor | None = None
) -> Schedule:
    before = {name: getattr(schedule, name) for name in SHOWN}
    if enabled and not schedule.enabled:
        schedule.effective_from = clock.now()
    schedule.enabled = enabled
    session.add(schedule)
    session.flush()
    _record(session=session, action="schedule.changed", schedule=schedule, actor=actor, before=before)
    return schedule


def schedules_of(*, session: Session, organisation_id: int) -> list[Schedule]:
    return list(
        session.exec(
            select(Schedule).where(Schedule.organisation_id == organisation_id).order_by(col(Schedule.id))
        ).all()
    )


def schedule_of(*, session: Session, organisation_id: int, schedule_id: int) -> Schedule | None:
    """One schedule, only if it belongs to the organisation."""
    return session.exec(
        select(Schedule).where(Schedule.id == schedule_id, Schedule.organisation_id == organisation_id)
    ).first()


def enabled_schedules(*, session: Session) -> list[Schedule]:
    return list(session.exec(select(Schedule).where(col(Schedule.enabled).is_(True))).all())


def runs_of(*, session: Session, schedule_ids: list[int], limit: int = 50) -> list[ScheduleRun]:
    """The latest runs of these schedules, newest first."""
    if not schedule_ids:
        return []
    return list(
        session.exec(
            select(ScheduleRun)
            .where(col(ScheduleRun.schedule_id).in_(schedule_ids))
            .order_by(col(ScheduleRun.due_at).desc(), col(ScheduleRun.id).desc())
            .limit(limit)
        ).all()
    )


def last_runs(*, session: Session, schedule_ids: list[int]) -> dict[int, ScheduleRun]:
    """The newest run of each schedule, in one query."""
    if not schedule_ids:
        return {}
    newest = (
        select(col(ScheduleRun.schedule_id), col(ScheduleRun.id))
        .where(col(ScheduleRun.schedule_id).in_(schedule_ids))
        .order_by(col(ScheduleRun.schedule_id), col(ScheduleRun.due_at).desc(), col(ScheduleRun.id).desc())
    )
    runs: dict[int, int | None] = {}  # SQLModel types every id as optional
    for schedule_id, run_id in session.exec(newest).all():
        runs.setdefault(schedule_id, run_id)
    by_id = {
        run.id: run for run in session.exec(select(ScheduleRun).where(col(ScheduleRun.id).in_(runs.values())))
    }
    return {schedule_id: by_id[run_id] for schedule_id, run_id in runs.items()}


def recent_problems(
    *, session: Session, organisation_id: int, since: datetime, limit: int = 5
) -> list[ScheduleRun]:
    """Runs of the organisation's schedules since `since` that failed or whose mail failed, newest first."""
    return list(
        session.exec(
            select(ScheduleRun)
            .join(Schedule, col(Schedule.id) == ScheduleRun.schedule_id)
            .where(
                Schedule.organisation_id == organisation_id,
                ScheduleRun.due_at >= since,
                (ScheduleRun.status == RunStatus.FAILED.value)
                | (ScheduleRun.mail_status == MailStatus.FAILED.value),
            )
            .order_by(col(ScheduleRun.due_at).desc(), col(ScheduleRun.id).desc())
            .limit(limit)
        ).all()
    )


def claim_run(*, session: Session, schedule: Schedule, due: datetime) -> ScheduleRun:
    """Insert the run (schedule, due). A second insert of the same run fails with IntegrityError on flush: the
    caller then knows another process has it. Commit right after, before the work starts."""
    run = ScheduleRun(schedule_id=id_of(schedule), due_at=due, started_at=clock.now())
    session.add(run)
    session.flush()
    return run


def finish_run(*, session: Session, run: ScheduleRun, report: ReportRecord) -> ScheduleRun:
    run.status = RunStatus.SUCCEEDED.value
    run.report_id = report.id
    run.finished_at = clock.now()
    session.add(run)
    session.flush()
    return run


def fail_run(*, session: Session, run: ScheduleRun, reason: str) -> ScheduleRun:
    run.status = RunStatus.FAILED.value
    run.error = reason[:ERROR_MAX]
    run.finished_at = clock.now()
    session.add(run)
    session.flush()
    return run


def record_mail(*, session: Session, run: ScheduleRun, error: str | None) -> ScheduleRun:
    run.mail_status = MailStatus.FAILED.value if error else MailStatus.SENT.value
    run.mail_error = (error or "")[:ERROR_MAX]
    session.add(run)
    session.flush()
    return run


def record_missed(*, session: Session, schedule: Schedule, due: datetime, reason: str) -> ScheduleRun:
    """A run the scheduler could not make in time (it was down too long): recorded as failed, with why."""
    run = ScheduleRun(
        schedule_id=id_of(schedule),
        due_at=due,
        started_at=clock.now(),
        finished_at=clock.now(),
        status=RunStatus.FAILED.value,
        error=reason[:ERROR_MAX],
    )
    session.add(run)
    session.flush()
    return run


def fail_interrupted_runs(*, session: Session, older_than: timedelta = timedelta(hours=2)) -> int:
    """Runs still 'running' long after they started were cut off (a crash, a restart): mark them failed."""
    cutoff = clock.now() - older_than
    stale = session.exec(
        select(ScheduleRun).where(
            ScheduleRun.status == RunStatus.RUNNING.value, ScheduleRun.started_at < cutoff
        )
    ).all()
    for run in stale:
        fail_run(
            session=session,
            run=run,
            reason="onderbroken: de planner stopte tijdens het maken van het rapport",
        )
    return len(stale)

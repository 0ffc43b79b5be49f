"""When a schedule fires: crontab lines and presets as APScheduler triggers in Dutch local time, the
'before each P&C moment' trigger, and which run is due at a moment (with the grace for runs missed while no
scheduler ran). Storing schedules and claiming their runs: reports/schedules.py."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from sqlmodel import Session

from core import clock
from core.errors import RuleError
from reports.models import Schedule, SchedulePreset
from risk.pc import list_moments

# Reports are made early in the morning, local time, before anyone reads them.
PRESET_TIME = time(6, 0)
PRESET_CRONTABS = {
    SchedulePreset.MONTHLY: "0 6 1 * *",
    SchedulePreset.QUARTERLY: "0 6 1 1,4,7,10 *",
}
# A run missed while no scheduler was running is still made if it is at most this late (once, at start);
# after a longer outage the next regular run is the first.
MISFIRE_GRACE = timedelta(days=7)
WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")  # crontab numbering: 0 and 7 are Sunday


def crontab_trigger(expression: str) -> CronTrigger:
    """A trigger from a standard five-field crontab line in Dutch local time, at most once an hour.

    APScheduler 3 numbers weekdays from Monday = 0; crontab from Sunday = 0. Numbers are translated to names
    so "1-5" means Monday to Friday, as every crontab reader expects."""
    fields = expression.split()
    if len(fields) != 5:
        raise RuleError.one(
            "schedule.cron_fields",
            "een cron-expressie heeft vijf velden: minuut uur dag maand weekdag",
            field="cron",
        )
    minute, hour, day, month, weekday = fields
    if not re.fullmatch(r"[0-5]?[0-9]", minute):
        raise RuleError.one(
            "schedule.cron_minute",
            "de minuut moet één getal (0-59) zijn: hooguit één rapport per uur",
            field="cron",
        )
    try:
        return CronTrigger(
            minute=minute,
            hour=hour,
            day=day,
            month=month,
            day_of_week=_crontab_weekdays(weekday),
            timezone=clock.LOCAL_ZONE,
        )
    except ValueError as error:
        raise RuleError.one(
            "schedule.cron_invalid", f"ongeldige cron-expressie: {error}", field="cron", reason=str(error)
        ) from None


def _crontab_weekdays(field: str) -> str:
    if field in ("*", "?"):
        return "*"
    days: set[int] = set()
    for part in field.lower().split(","):
        match = re.fullmatch(r"(\*|[a-z0-9]+)(?:-([a-z0-9]+))?(?:/([0-9]+))?", part)
        if not match:
            raise _invalid_weekday(part)
        first, last, step_text = match.groups()
        if first == "*":
            start, end = 0, 6
        else:
            start = _weekday_number(first)
            end = _weekday_number(last) if last else (6 if step_text else start)
        if last and end == 0:  # "fri-sun": Sunday closes the range
            end = 7
        step = int(step_text or 1)
        if step < 1 or end < start:
            raise _invalid_weekday(part)
        days |= {day % 7 for day in range(start, end + 1, step)}
    return ",".join(WEEKDAYS[day] for day in sorted(days))


def _weekday_number(text: str) -> int:
    if text.isdigit() and 0 <= int(text) <= 7:
        return int(text)
    if text in WEEKDAYS:
        return WEEKDAYS.index(text)
    raise _invalid_weekday(text)


def _invalid_weekday(text: str) -> RuleError:
    return RuleError.one(
        "schedule.invalid_weekday", f"ongeldige weekdag '{text}'", field="cron", weekday=text
    )


class MomentsTrigger(BaseTrigger):  # type: ignore[misc]  # APScheduler 3 has no type hints
    """Fires at fixed moments: for 'before each P&C moment', 06:00 a number of days before each moment."""

    def __init__(self, fire_times: Sequence[datetime]):
        self.fire_times = tuple(sorted(fire_times))

    def get_next_fire_time(self, previous_fire_time: datetime | None, now: datetime) -> datetime | None:
        # As CronTrigger: after a previous fire time the next one (even if past: a missed run); else from now.
        return next(
            (
                moment
                for moment in self.fire_times
                if (moment > previous_fire_time if previous_fire_time is not None else moment >= now)
            ),
            None,
        )

    def __str__(self) -> str:
        return "moments[" + ", ".join(moment.isoformat() for moment in self.fire_times) + "]"


def before_moments(moments: Sequence[date], days_before: int) -> MomentsTrigger:
    return MomentsTrigger(
        [
            datetime.combine(day - timedelta(days=days_before), PRESET_TIME, tzinfo=clock.LOCAL_ZONE)
            for day in moments
        ]
    )


def pc_moment_dates(*, session: Session, schedule: Schedule) -> list[date]:
    """The reference dates of the organisation's P&C moments, for a 'before each P&C moment' schedule."""
    if schedule.preset != SchedulePreset.BEFORE_PC:
        return []
    moments = list_moments(session=session, organisation_id=schedule.organisation_id)
    return sorted({moment.moment_on for moment, _snapshot in moments})


def trigger_of(schedule: Schedule, moments: Sequence[date] = ()) -> BaseTrigger:
    """The APScheduler trigger of a schedule; `moments`: the P&C moment dates (pc_moment_dates)."""
    preset = SchedulePreset(schedule.preset)
    if preset == SchedulePreset.CRON:
        return crontab_trigger(schedule.cron)
    if preset == SchedulePreset.BEFORE_PC:
        return before_moments(moments, schedule.days_before)
    return crontab_trigger(PRESET_CRONTABS[preset])


def timing_signature(schedule: Schedule, moments: Sequence[date] = ()) -> str:
    """A short text that changes whenever the schedule's timing changes (the scheduler then reschedules)."""
    preset = SchedulePreset(schedule.preset)
    if preset == SchedulePreset.CRON:
        return f"cron|{schedule.cron}"
    if preset == SchedulePreset.BEFORE_PC:
        return f"before_pc|{schedule.days_before}|" + ",".join(day.isoformat() for day in moments)
    return preset.value


def latest_fire_time(trigger: BaseTrigger, now: datetime) -> datetime | None:
    """The last moment at or before `now` the trigger fires, looking back at most a year and a bit."""
    window = timedelta(minutes=2)
    while window <= timedelta(days=400):
        fire: datetime | None = trigger.get_next_fire_time(None, now - window)
        if fire is not None and fire <= now:
            while True:
                following: datetime | None = trigger.get_next_fire_time(
                    fire, fire + timedelta(microseconds=1)
                )
                if following is None or following > now:
                    return fire
                fire = following
        window *= 2
    return None


def due_at(schedule: Schedule, now: datetime, moments: Sequence[date] = ()) -> datetime | None:
    """The run that is due at `now`: the latest fire time, if it lies after the schedule took its present
    form and is not older than the grace period. None when nothing is due."""
    if not schedule.enabled:
        return None
    fire = latest_fire_time(trigger_of(schedule, moments), now)
    if fire is None or fire < schedule.effective_from or now - fire > MISFIRE_GRACE:
        return None
    return fire

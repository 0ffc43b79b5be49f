"""When a schedule fires: crontab lines and presets as APScheduler triggers in Dutch local time, the
'before each P&C moment' trigger, and which run is due at a moment (with the grace for runs missed while no
scheduler ran). Storing schedules and claiming their runs: reports/schedules.py."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta
from itertools import islice

from apscheduler.triggers.base import BaseTrigger
from sqlmodel import Session

from core import clock
from core.errors import RuleError
from reports.cron import Cron, CronSyntaxError
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
LOOK_BACK_DAYS = 400  # how far back the latest fire time is looked for (a yearly line and a bit)
COMING_YEAR = timedelta(days=366)  # a crontab line must run within this (refused otherwise)


class LocalCronTrigger(BaseTrigger):  # type: ignore[misc]  # APScheduler 3 has no type hints
    """A crontab line as an APScheduler trigger, its times computed by reports.cron (ends on every clock
    change; a daily 02:30 runs once on both days of a change). Pickled into the job store: plain data.

    Its times are aware UTC datetimes: two aware datetimes of the same zone object compare by wall clock,
    so on the autumn night local times would be compared wrongly (APScheduler compares them with its now)."""

    def __init__(self, expression: str):
        self.expression = expression
        self.cron = Cron.parse(expression)

    def get_next_fire_time(self, previous_fire_time: datetime | None, now: datetime) -> datetime | None:
        # As APScheduler's own: after a previous fire time the next one (even if past: a missed run); else
        # the first at or after now.
        if previous_fire_time is not None:
            fire = self.cron.next_after(previous_fire_time)
        else:
            fire = self.cron.next_after(now - timedelta(microseconds=1))
        return fire

    def latest_at_or_before(self, now: datetime) -> datetime | None:
        return self.cron.latest_at_or_before(now, days=LOOK_BACK_DAYS)

    def between(self, start: datetime, end: datetime) -> Iterator[datetime]:
        return self.cron.between(start, end)

    def __str__(self) -> str:
        return f"cron[{self.expression}]"


def crontab_trigger(expression: str) -> LocalCronTrigger:
    """A trigger from a standard five-field crontab line in Dutch local time, at most once an hour.

    Weekdays as crontab: 0 and 7 are Sunday, so "1-5" means Monday to Friday."""
    fields = expression.split()
    if len(fields) != 5:
        raise RuleError.one(
            "schedule.cron_fields",
            "een cron-expressie heeft vijf velden: minuut uur dag maand weekdag",
            field="cron",
        )
    if not re.fullmatch(r"[0-5]?[0-9]", fields[0]):
        raise RuleError.one(
            "schedule.cron_minute",
            "de minuut moet één getal (0-59) zijn: hooguit één rapport per uur",
            field="cron",
        )
    try:
        return LocalCronTrigger(" ".join(fields))
    except CronSyntaxError as error:
        if error.field == "weekday":
            raise _invalid_weekday(error.part) from None
        raise RuleError.one(
            "schedule.cron_invalid", f"ongeldige cron-expressie: {error}", field="cron", reason=str(error)
        ) from None


def checked_crontab(expression: str, now: datetime) -> LocalCronTrigger:
    """crontab_trigger, refused also when the line has no run in the coming year (`0 0 31 2 *`)."""
    trigger = crontab_trigger(expression)
    fire = trigger.cron.next_after(now)
    if fire is None or fire - now > COMING_YEAR:
        raise RuleError.one(
            "schedule.cron_never",
            "deze cron-expressie heeft het komende jaar geen enkele run",
            field="cron",
        )
    return trigger


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

    def latest_at_or_before(self, now: datetime) -> datetime | None:
        return max((moment for moment in self.fire_times if moment <= now), default=None)

    def between(self, start: datetime, end: datetime) -> Iterator[datetime]:
        return (moment for moment in self.fire_times if start <= moment < end)

    def __str__(self) -> str:
        return "moments[" + ", ".join(moment.isoformat() for moment in self.fire_times) + "]"


def before_moments(moments: Sequence[date], days_before: int) -> MomentsTrigger:
    return MomentsTrigger(
        [
            datetime.combine(day - timedelta(days=days_before), PRESET_TIME, tzinfo=clock.LOCAL_ZONE)
            for day in moments
        ]
    )


Trigger = LocalCronTrigger | MomentsTrigger


def pc_moment_dates(*, session: Session, schedule: Schedule) -> list[date]:
    """The reference dates of the organisation's P&C moments, for a 'before each P&C moment' schedule."""
    if schedule.preset != SchedulePreset.BEFORE_PC:
        return []
    moments = list_moments(session=session, organisation_id=schedule.organisation_id)
    return sorted({moment.moment_on for moment, _snapshot in moments})


def trigger_of(schedule: Schedule, moments: Sequence[date] = ()) -> Trigger:
    """The APScheduler trigger of a schedule; `moments`: the P&C moment dates (pc_moment_dates)."""
    preset = SchedulePreset(schedule.preset)
    if preset == SchedulePreset.CRON:
        return crontab_trigger(schedule.cron)
    if preset == SchedulePreset.BEFORE_PC:
        return before_moments(moments, schedule.days_before)
    return crontab_trigger(PRESET_CRONTABS[preset])


def timing_signature(schedule: Schedule, moments: Sequence[date] = ()) -> str:
    """A short text that changes whenever the schedule's timing changes (the scheduler then reschedules).
    Crontab timings carry "local": jobs stored with APScheduler's own CronTrigger are replaced."""
    preset = SchedulePreset(schedule.preset)
    if preset == SchedulePreset.CRON:
        return f"cron|local|{schedule.cron}"
    if preset == SchedulePreset.BEFORE_PC:
        return f"before_pc|{schedule.days_before}|" + ",".join(day.isoformat() for day in moments)
    return f"{preset.value}|local"


def latest_fire_time(trigger: Trigger, now: datetime) -> datetime | None:
    """The last moment at or before `now` the trigger fires, looking back at most LOOK_BACK_DAYS."""
    return trigger.latest_at_or_before(now)


def fire_times(trigger: Trigger, start: datetime, end: datetime) -> list[datetime]:
    """The moments in [start, end) the trigger fires (aware; show them with clock.to_local)."""
    return list(trigger.between(start, end))


def next_fire_times(trigger: Trigger, now: datetime, count: int = 5) -> list[datetime]:
    """The next `count` moments after `now` (fewer when the trigger ends); aware."""
    if isinstance(trigger, MomentsTrigger):
        return list(islice((moment for moment in trigger.fire_times if moment > now), count))
    times: list[datetime] = []
    fire = trigger.cron.next_after(now)
    while fire is not None and len(times) < count:
        times.append(fire)
        fire = trigger.cron.next_after(fire)
    return times


def upcoming_runs(
    *, session: Session, organisation_id: int, schedules: Sequence[Schedule], now: datetime, count: int = 5
) -> dict[int, list[datetime]]:
    """The next `count` runs of each enabled schedule of one organisation, by schedule id (the P&C moments
    read once for all)."""
    moments: list[date] = []
    if any(schedule.preset == SchedulePreset.BEFORE_PC for schedule in schedules):
        rows = list_moments(session=session, organisation_id=organisation_id)
        moments = sorted({moment.moment_on for moment, _snapshot in rows})
    upcoming: dict[int, list[datetime]] = {}
    for schedule in schedules:
        if schedule.enabled and schedule.id is not None:
            try:
                upcoming[schedule.id] = next_fire_times(trigger_of(schedule, moments), now, count)
            except RuleError:  # a stored line the rules of today refuse: it is not scheduled either
                upcoming[schedule.id] = []
    return upcoming


def due_at(schedule: Schedule, now: datetime, moments: Sequence[date] = ()) -> datetime | None:
    """The run that is due at `now`: the latest fire time, if it lies after the schedule took its present
    form and is not older than the grace period. None when nothing is due."""
    if not schedule.enabled:
        return None
    fire = latest_fire_time(trigger_of(schedule, moments), now)
    if fire is None or fire < schedule.effective_from or now - fire > MISFIRE_GRACE:
        return None
    return fire

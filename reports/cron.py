"""Crontab lines evaluated in Dutch local time, day by day, so that every search ends on every clock change.

A crontab line names wall-clock times. Twice a year a wall-clock time is not one moment:
- spring (last Sunday of March, 02:00 -> 03:00): 02:00-02:59 does not exist. A time in that hour runs at the
  moment it would have had on the old offset: 02:30 runs at 03:30 (PEP 495, fold 0). Two times that fall on
  the same moment (02:00 and 03:00 of an hourly line) run once.
- autumn (last Sunday of October, 03:00 -> 02:00): 02:00-02:59 happens twice. A time in that hour runs once,
  the first time (summer time, +02:00).
So a daily 02:30 line runs exactly once on both days. Weekday numbers as crontab: 0 and 7 are Sunday. Day of
month and weekday must both match (as APScheduler, which the house used before). Searches walk whole local
days, at most MAX_DAYS of them, and never loop on a moment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from core.clock import LOCAL_ZONE

MAX_DAYS = 8 * 366  # far enough for 29 February in every leap cycle
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


class CronSyntaxError(ValueError):
    """A field of a crontab line that cannot be read: which field, and the part of it."""

    def __init__(self, field: str, part: str, detail: str = ""):
        super().__init__(f"{field}: '{part}'" + (f" ({detail})" if detail else ""))
        self.field, self.part = field, part


@dataclass(frozen=True)
class Cron:
    """The sets of a five-field crontab line: minutes, hours, days of month, months, weekdays (0 = Sunday)."""

    minutes: tuple[int, ...]
    hours: tuple[int, ...]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]

    @classmethod
    def parse(cls, expression: str) -> Cron:
        fields = expression.split()
        if len(fields) != 5:
            raise CronSyntaxError("fields", expression, "five fields: minute hour day month weekday")
        minute, hour, day, month, weekday = fields
        weekdays = _field(weekday, 0, 7, WEEKDAYS, "weekday")
        return cls(
            minutes=tuple(sorted(_field(minute, 0, 59, (), "minute"))),
            hours=tuple(sorted(_field(hour, 0, 23, (), "hour"))),
            days=frozenset(_field(day, 1, 31, (), "day")),
            months=frozenset(_field(month, 1, 12, MONTHS, "month", offset=1)),
            weekdays=frozenset(value % 7 for value in weekdays),
        )

    def matches_day(self, day: date) -> bool:
        return day.month in self.months and day.day in self.days and (day.isoweekday() % 7) in self.weekdays

    def moments_on(self, day: date) -> list[datetime]:
        """The moments (aware, UTC) this line fires on a local calendar day, sorted, each once."""
        if not self.matches_day(day):
            return []
        moments = {
            datetime.combine(day, time(hour, minute), tzinfo=LOCAL_ZONE).astimezone(UTC)
            for hour in self.hours
            for minute in self.minutes
        }
        return sorted(moments)

    def next_after(self, moment: datetime) -> datetime | None:
        """The first fire time strictly after `moment`, or None within MAX_DAYS."""
        start = moment.astimezone(LOCAL_ZONE).date() - timedelta(days=1)  # a day's moments may lie before it
        for offset in range(MAX_DAYS + 2):
            for fire in self.moments_on(start + timedelta(days=offset)):
                if fire > moment:
                    return fire
        return None

    def latest_at_or_before(self, moment: datetime, *, days: int = MAX_DAYS) -> datetime | None:
        """The last fire time at or before `moment`, looking back at most `days` days."""
        start = moment.astimezone(LOCAL_ZONE).date() + timedelta(days=1)
        for offset in range(days + 2):
            for fire in reversed(self.moments_on(start - timedelta(days=offset))):
                if fire <= moment:
                    return fire
        return None

    def between(self, start: datetime, end: datetime) -> Iterator[datetime]:
        """The fire times in [start, end), in order."""
        day = start.astimezone(LOCAL_ZONE).date() - timedelta(days=1)
        last = end.astimezone(LOCAL_ZONE).date() + timedelta(days=1)
        while day <= last:
            for fire in self.moments_on(day):
                if start <= fire < end:
                    yield fire
            day += timedelta(days=1)


def _field(text: str, low: int, high: int, names: tuple[str, ...], what: str, *, offset: int = 0) -> set[int]:
    values: set[int] = set()
    for part in text.lower().split(","):
        match = re.fullmatch(r"(\*|[a-z0-9]+)(?:-([a-z0-9]+))?(?:/([0-9]+))?", part)
        if not match:
            raise CronSyntaxError(what, part)
        first, last, step_text = match.groups()
        if first == "*":
            if last:
                raise CronSyntaxError(what, part)
            start, end = low, high
        else:
            start = _value(first, low, high, names, what, offset)
            end = _value(last, low, high, names, what, offset) if last else (high if step_text else start)
        if what == "weekday" and last and end == 0:  # "fri-sun": Sunday closes the range
            end = 7
        step = int(step_text) if step_text else 1
        if step < 1 or end < start:
            raise CronSyntaxError(what, part)
        values |= set(range(start, end + 1, step))
    return values


def _value(text: str, low: int, high: int, names: tuple[str, ...], what: str, offset: int) -> int:
    if text.isdigit() and low <= int(text) <= high:
        return int(text)
    if text in names:
        return names.index(text) + offset
    raise CronSyntaxError(what, text, f"{low}-{high}")

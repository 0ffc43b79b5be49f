"""The one clock of the domain: tests replace it at this boundary, nowhere else."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Europe/Amsterdam")


def now() -> datetime:
    """The current moment, timezone-aware in UTC (the form every timestamp column stores)."""
    return datetime.now(UTC)


def today() -> date:
    """Today's date in the Netherlands (review dates and due dates are local calendar dates)."""
    return datetime.now(LOCAL_ZONE).date()


def to_local(moment: datetime) -> datetime:
    """A stored timestamp as local (Amsterdam) time, for display."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_ZONE)


def local_minute(moment: datetime) -> str:
    """A stored timestamp as local time to the minute, 2026-10-24 14:00: the form the commands print (and the
    incident pages and mails show their clocks in)."""
    return f"{to_local(moment):%Y-%m-%d %H:%M}"


def end_of_day(day: date) -> datetime:
    """The first moment after the local calendar day `day` (in UTC): what was recorded "as of" that day was
    recorded before it."""
    return datetime.combine(day + timedelta(days=1), time(0), LOCAL_ZONE).astimezone(UTC)

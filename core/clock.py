"""The one clock of the domain: tests replace it at this boundary, nowhere else."""

from __future__ import annotations

from datetime import UTC, date, datetime
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

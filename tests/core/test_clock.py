"""core.clock: a stored timestamp as local time to the minute, the one form of the commands' output (and the
incident pages' and mails' clocks), on both sides of a change of summer time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.clock import local_minute


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (datetime(2026, 10, 24, 12, 0, tzinfo=UTC), "2026-10-24 14:00"),  # summer time
        (datetime(2026, 10, 25, 12, 0, tzinfo=UTC), "2026-10-25 13:00"),  # the day summer time ends
        (datetime(2026, 12, 31, 23, 30, 59, tzinfo=UTC), "2027-01-01 00:30"),  # the local day, no seconds
        (datetime(2026, 3, 1, 9, 5), "2026-03-01 10:05"),  # stored without a zone: UTC
    ],
)
def test_a_moment_is_shown_in_local_time_to_the_minute(moment, shown):
    assert local_minute(moment) == shown

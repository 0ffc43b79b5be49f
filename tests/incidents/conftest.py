from __future__ import annotations

from datetime import UTC, datetime

import pytest


@pytest.fixture
def fixed_clock(monkeypatch):
    """fixed_clock(datetime) sets core.clock.now (and today) for the code under test."""
    from core import clock

    def set_now(moment: datetime) -> datetime:
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        monkeypatch.setattr(clock, "now", lambda: moment)
        monkeypatch.setattr(clock, "today", lambda: clock.to_local(moment).date())
        return moment

    return set_now

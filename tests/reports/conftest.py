"""Fixtures of the reports tests: the archive folder, a fixed clock, and stand-in builders for tests of the
archive, the scheduler, mail and the views (the real report kinds have their own tests)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reports.builders import BUILDERS
from reports.models import ReportFormat, ReportKind


@pytest.fixture
def archive(app) -> Path:
    return Path(app.instance_path) / "reports"


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


class StandInBuilders:
    """Builders that make small unique files quickly; `fail` makes the next builds raise; `delay` slows them."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, str]] = []
        self.fail: str | None = None
        self.delay = 0.0

    def __call__(self, kind: ReportKind, format: ReportFormat):
        def build(*, session, organisation_id, params) -> bytes:
            self.calls.append((organisation_id, kind.value))
            if self.delay:
                time.sleep(self.delay)
            if self.fail:
                raise RuntimeError(self.fail)
            return f"{kind.value}.{format.value} {params.organisation_name} {params.generated_at.isoformat()}".encode()

        return build


@pytest.fixture
def stand_in_builders(monkeypatch) -> StandInBuilders:
    builders = StandInBuilders()
    for kind in ReportKind:
        for format in ReportFormat:
            monkeypatch.setitem(BUILDERS, (kind, format), builders(kind, format))
    return builders


@pytest.fixture
def signed(app):
    """The installation's self-signed certificate, as `naleving init` makes it."""
    from app.reports.signing import ensure_certificate
    from reports import signing

    with app.app_context():
        message = ensure_certificate(app)
    yield message
    signing.configure(None)

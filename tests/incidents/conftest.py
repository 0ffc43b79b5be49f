"""Fixtures of the incident tests: the clock (tests/reports/conftest.py) and an incident added through the CLI."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.reports.conftest import fixed_clock  # noqa: F401 - the clock

NOW = datetime(2026, 10, 24, 16, 0, tzinfo=UTC)  # 18:00 local, the day before summer time ends


@pytest.fixture
def add_incident(cli, fixed_clock):  # noqa: F811
    """add_incident(title, aware_at, description) records a significant incident of voorbeeld through
    `naleving incidents add`, the clock at NOW; returns its reference (I-001, ...)."""
    fixed_clock(NOW)

    def add(title: str, aware_at: str, description: str | None = None) -> str:
        args = ["--org", "voorbeeld", "--title", title, "--aware-at", aware_at, "--significant"]
        result = cli("incidents", "add", *args, *(["--description", description] if description else []))
        assert result.exit_code == 0, result.stderr
        reference, said = result.stdout.strip().split(" ", 1)
        assert said == "vastgelegd", result.stdout
        return reference

    return add

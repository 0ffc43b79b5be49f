"""The ranges every date and number a person types must fall in, the same on the pages, in sheets and on the
command line. They are bounds against typing errors and absurd input, far from any real value: BIO2 and its
predecessors date from this century, and nothing here is planned beyond 2100."""

from __future__ import annotations

from datetime import date

from core.errors import Problem

EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)
MAX_ID = 2**31 - 1  # the largest INTEGER: ids are INTEGER columns on PostgreSQL (a larger one is a 500 there)
MAX_SEED = 2**32 - 1  # the Monte Carlo's seed (numpy takes 0 .. 2**32 - 1 as one word)
PORTS = (1, 65535)

DATE_CODE = "input.date_out_of_range"


def date_problem(
    value: date, *, field: str = "", earliest: date = EARLIEST_DATE, latest: date = LATEST_DATE
) -> Problem | None:
    """A problem when `value` lies outside earliest .. latest (both included), else None."""
    if earliest <= value <= latest:
        return None
    return Problem(
        DATE_CODE,
        {"earliest": earliest.isoformat(), "latest": latest.isoformat()},
        field,
        message=f"datum buiten {earliest.isoformat()} .. {latest.isoformat()}",
    )

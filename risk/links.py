"""The risk references other areas rely on: which references an organisation's register holds, and which of
those risks are temporarily accepted right now.

Contract with the answers area (to be kept when the register's own tables land): a table `risk` with the
columns `organisation_id`, `reference` (e.g. "R-003"), `treatment` ("accept" for an accepted risk) and
`acceptance_expires_on` (a date; the acceptance is in force up to and including that day).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, String, column, select, table
from sqlmodel import Session

_risk = table(
    "risk",
    column("organisation_id", Integer),
    column("reference", String),
    column("treatment", String),
    column("acceptance_expires_on", Date),
)


def known_risk_references(session: Session, organisation_id: int) -> set[str]:
    """Every reference in the organisation's register."""
    rows = session.connection().execute(
        select(_risk.c.reference).where(_risk.c.organisation_id == organisation_id)
    )
    return {reference for (reference,) in rows}


def accepted_risk_references(session: Session, organisation_id: int, *, today: date) -> set[str]:
    """The references of risks whose temporary acceptance is in force on `today`."""
    rows = session.connection().execute(
        select(_risk.c.reference).where(
            _risk.c.organisation_id == organisation_id,
            _risk.c.treatment == "accept",
            _risk.c.acceptance_expires_on >= today,
        )
    )
    return {reference for (reference,) in rows}

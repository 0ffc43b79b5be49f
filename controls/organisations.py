"""What the answers need to know of an organisation (its provider, its review interval).

Organisations live in the web layer; the domain reads the few columns it needs from the `organisation` table
by name, so that `controls` does not import `app`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Integer, String, column, select, table
from sqlmodel import Session

_organisation = table(
    "organisation",
    column("id", Integer),
    column("name", String),
    column("provider_id", Integer),
    column("review_interval_months", Integer),
)


@dataclass(frozen=True)
class OrganisationFacts:
    id: int
    name: str
    review_interval_months: int
    provider_id: int | None
    provider_name: str | None


class UnknownOrganisation(LookupError):
    pass


def organisation_facts(session: Session, organisation_id: int) -> OrganisationFacts:
    """The organisation with the name of its provider, in one query."""
    own = _organisation.alias("own")
    provider = _organisation.alias("provider")
    row = (
        session.connection()
        .execute(
            select(own.c.id, own.c.name, own.c.review_interval_months, own.c.provider_id, provider.c.name)
            .select_from(own.outerjoin(provider, provider.c.id == own.c.provider_id))
            .where(own.c.id == organisation_id)
        )
        .first()
    )
    if row is None:
        raise UnknownOrganisation(organisation_id)
    return OrganisationFacts(*row)


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))

"""What the areas need to know of an organisation (its provider, its review interval), in one query."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from core.errors import NotFound
from core.models import Organisation


@dataclass(frozen=True)
class OrganisationFacts:
    id: int
    name: str
    review_interval_months: int
    provider_id: int | None
    provider_name: str | None


def organisation_facts(session: Session, organisation_id: int) -> OrganisationFacts:
    """The organisation with the name of its provider, in one query."""
    provider = aliased(Organisation)
    row = (
        session.connection()
        .execute(
            select(
                Organisation.id,
                Organisation.name,
                Organisation.review_interval_months,
                Organisation.provider_id,
                provider.name,
            )
            .outerjoin(provider, provider.id == Organisation.provider_id)
            .where(Organisation.id == organisation_id)
        )
        .first()
    )
    if row is None:
        raise NotFound(f"organisatie {organisation_id}")
    return OrganisationFacts(*row)


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))

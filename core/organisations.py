"""What the areas need to know of an organisation (its provider, its review interval), in one query."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from core.errors import NotFound
from core.models import Organisation


@dataclass(frozen=True)
class OrganisationFacts:
    id: int
    name: str
    review_interval_months: int
    provider_id: int | None
    provider_name: str | None
    plan_horizon_years: int = 3


def organisation_facts(*, session: Session, organisation_id: int) -> OrganisationFacts:
    """The organisation with the name of its provider, in one query."""
    provider = aliased(Organisation)
    row = session.exec(
        select(Organisation, col(provider.name))
        .outerjoin(provider, col(provider.id) == col(Organisation.provider_id))
        .where(col(Organisation.id) == organisation_id)
    ).first()
    if row is None:
        raise NotFound(f"organisatie {organisation_id}")
    own, provider_name = row
    return OrganisationFacts(
        id=organisation_id,
        name=own.name,
        review_interval_months=own.review_interval_months,
        provider_id=own.provider_id,
        provider_name=provider_name,
        plan_horizon_years=own.plan_horizon_years,
    )


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))

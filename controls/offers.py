"""The offers of shared services as they stand (or stood on a day): which requirements a provider carries out
for the organisations it serves. Read by the answers' rules (only what is offered may be inherited) and by
controls.sharing, which records the offers and builds what a served organisation may see."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from controls.sharing_models import SharedServiceRevision
from core import clock
from core.organisations import organisation_facts


def latest_offers(
    *,
    session: Session,
    provider_id: int,
    as_of: date | None = None,
    requirement_ids: Sequence[int] | None = None,
    offered_only: bool = True,
) -> dict[int, SharedServiceRevision]:
    """The newest offer revision per requirement of a provider (as of the end of a day), by requirement id;
    only those that stand offered unless `offered_only` is False. One query."""
    older = aliased(SharedServiceRevision)
    newest = select(func.max(older.number)).where(
        col(older.provider_id) == col(SharedServiceRevision.provider_id),
        col(older.requirement_id) == col(SharedServiceRevision.requirement_id),
    )
    if as_of is not None:
        newest = newest.where(col(older.recorded_at) < clock.end_of_day(as_of))
    query = select(SharedServiceRevision).where(
        col(SharedServiceRevision.provider_id) == provider_id,
        col(SharedServiceRevision.number) == newest.correlate(SharedServiceRevision).scalar_subquery(),
    )
    if requirement_ids is not None:
        query = query.where(col(SharedServiceRevision.requirement_id).in_(requirement_ids))
    if offered_only:
        query = query.where(col(SharedServiceRevision.offered))
    return {revision.requirement_id: revision for revision in session.exec(query).all()}


def shared_requirement_ids(
    *, session: Session, organisation_id: int, requirement_ids: Sequence[int] | None = None
) -> set[int]:
    """The requirements the organisation's provider offers now (empty without a provider)."""
    provider_id = organisation_facts(session=session, organisation_id=organisation_id).provider_id
    if provider_id is None:
        return set()
    return set(latest_offers(session=session, provider_id=provider_id, requirement_ids=requirement_ids))

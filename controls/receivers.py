"""The provider keeps its receivers informed: which organisations rely on a provider's shared answers (their own
answer on the requirement is "overgenomen" and the provider offers it), and, when the provider records a new
revision of such an answer, one audit event in each receiving organisation's logboek, in the provider's
transaction. The event holds only what the receiver may see of the provider (controls.sharing.SharedView): the
status and the review date, never the explanation or the owner."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from controls.answer_models import Answer, AnswerRevision, Applicability, Status
from controls.models import Requirement
from controls.offers import latest_offers
from controls.rules import shortfall
from core.actor import Actor
from core.audit import record_event
from core.dbtypes import id_of
from core.models import AuditEvent, Organisation
from core.organisations import OrganisationFacts

CHANGED = "shared_answer.changed"


def status_of(applicability: str | None, implementation: str | None) -> str:
    """The Status of an answer's applicability and implementation (unanswered when there is no answer, or
    when it is itself inherited: the chain stops at one provider)."""
    if applicability is None:
        return Status.UNANSWERED.value
    if applicability == Applicability.NOT_APPLICABLE.value:
        return Status.NOT_APPLICABLE.value
    if applicability == Applicability.APPLICABLE.value and implementation:
        return implementation
    return Status.UNANSWERED.value


def judged_status(answer: AnswerRevision | None) -> str:
    """The provider's status as every figure counts it: implemented with opzet, bestaan or werking short counts
    as partially implemented (controls.rules.shortfall)."""
    if answer is None:
        return Status.UNANSWERED.value
    status = status_of(answer.applicability, answer.implementation)
    if status == Status.IMPLEMENTED.value and shortfall(answer.design, answer.existence, answer.operation):
        return Status.PARTIALLY.value
    return status


def relying(
    *, session: Session, provider_id: int, requirement_ids: Sequence[int] | None = None
) -> list[tuple[int, Organisation]]:
    """(requirement id, receiving organisation) for each organisation served by the provider whose newest answer
    on the requirement is "overgenomen", by organisation name. One query."""
    older = aliased(AnswerRevision)
    newest = select(func.max(older.number)).where(col(older.answer_id) == col(Answer.id))
    query = (
        select(col(Answer.requirement_id), Organisation)
        .join(Organisation, col(Organisation.id) == col(Answer.organisation_id))
        .join(AnswerRevision, col(AnswerRevision.answer_id) == col(Answer.id))
        .where(
            col(Organisation.provider_id) == provider_id,
            col(AnswerRevision.number) == newest.correlate(Answer).scalar_subquery(),
            col(AnswerRevision.applicability) == Applicability.INHERITED.value,
        )
        .order_by(col(Organisation.name))
    )
    if requirement_ids is not None:
        query = query.where(col(Answer.requirement_id).in_(requirement_ids))
    return [(requirement_id, organisation) for requirement_id, organisation in session.exec(query).all()]


def tell_receivers(
    *,
    session: Session,
    provider: OrganisationFacts,
    changed: Sequence[tuple[Requirement, AnswerRevision]],
    previous: dict[int, AnswerRevision] | None = None,
) -> int:
    """After the provider recorded `changed` (requirement, new revision): an event "Gewijzigd bij de
    leverancier" in the logboek of every organisation relying on one of them that the provider still offers.
    One query when nobody relies on them, two otherwise. Returns the number of events."""
    if not changed:
        return 0
    by_id = {id_of(requirement): (requirement, revision) for requirement, revision in changed}
    receivers = relying(session=session, provider_id=provider.id, requirement_ids=list(by_id))
    if not receivers:
        return 0
    offered = latest_offers(session=session, provider_id=provider.id, requirement_ids=list(by_id))
    actor = Actor.system(f"{provider.name} (leverancier)")
    told = 0
    for requirement_id, receiver in receivers:
        if requirement_id not in offered:
            continue
        requirement, revision = by_id[requirement_id]
        before = (previous or {}).get(requirement_id)
        record_event(
            session=session,
            action=CHANGED,
            actor=actor,
            organisation_id=id_of(receiver),
            subject=requirement.code,
            detail=f"{provider.name} heeft het antwoord gewijzigd waarop u steunt",
            changes={
                name: pair
                for name, pair in {
                    "provider_status": (judged_status(before) if before else None, judged_status(revision)),
                    "provider_reviewed_on": (
                        before.last_reviewed_on.isoformat() if before else None,
                        revision.last_reviewed_on.isoformat(),
                    ),
                }.items()
                if pair[0] != pair[1]
            },
        )
        told += 1
    return told


@dataclass(frozen=True)
class ProviderChange:
    at: datetime
    code: str
    provider: str
    changes: str  # JSON as recorded


def provider_changes(
    *, session: Session, organisation_id: int, since: datetime, limit: int = 20
) -> list[ProviderChange]:
    """The provider's changes to answers the organisation relies on, recorded since `since`, newest first."""
    events = session.exec(
        select(AuditEvent)
        .where(
            col(AuditEvent.organisation_id) == organisation_id,
            col(AuditEvent.action) == CHANGED,
            col(AuditEvent.at) >= since,
        )
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .limit(limit)
    ).all()
    return [
        ProviderChange(
            event.at, event.subject, event.actor_name.removesuffix(" (leverancier)"), event.changes
        )
        for event in events
    ]

"""Inheritance by consent: a provider organisation states which requirements it carries out as a shared
service, with the text it chooses to share. Only those an organisation it serves may mark "inherited"
(controls.rules, `answer.not_shared`), and what that organisation then sees of the provider is a `SharedView`:
the shared text, the provider's status and review date, never its own explanation, owner or history.

Offers are append-only revisions per (provider, requirement); the newest one is the offer as it stands. An
answer marked "inherited" before its provider offered the requirement (or after the offer was withdrawn) is
kept as it is, and is shown as "not shared by the provider", with status unanswered and no provider fields."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from controls.answer_models import AnswerRevision, Applicability, Status
from controls.answers import latest_revisions
from controls.models import Requirement
from controls.offers import latest_offers
from controls.receivers import judged_status
from controls.receivers import status_of as status_of
from controls.sharing_models import SharedServiceRevision
from controls.summaries import held_requirements
from core import clock
from core.actor import Actor
from core.audit import changed_fields, record_event
from core.dbtypes import id_of
from core.errors import Problem, RuleError, StaleEdit
from core.organisations import OrganisationFacts, organisation_facts
from core.text import text_problem

MAX_SHARED_TEXT = 4000


@dataclass(frozen=True)
class SharedView:
    """What an organisation sees of its provider on one shared requirement: what the provider chose to share."""

    provider_name: str
    shared_text: str
    shared_at: datetime  # when the provider shared this text
    provider_status: str  # a Status value: how far the provider is with it
    provider_reviewed_on: date | None  # when the provider last reviewed its answer (None: not answered)
    provider_answered_at: datetime | None = None  # when the provider recorded the answer this one rests on


def shared_views(
    *,
    session: Session,
    organisation_id: int,
    as_of: date | None = None,
    requirement_ids: Sequence[int] | None = None,
    facts: OrganisationFacts | None = None,
) -> dict[int, SharedView]:
    """What the organisation may see of its provider, per shared requirement (as of the end of a day): only
    requirements the provider offered then, and of those only the shared text, status and review date (a
    decision of the provider's that waits for approval: "held"). Three queries, whatever the number of
    requirements."""
    facts = facts or organisation_facts(session=session, organisation_id=organisation_id)
    if facts.provider_id is None or facts.provider_name is None:
        return {}
    offers = latest_offers(
        session=session, provider_id=facts.provider_id, as_of=as_of, requirement_ids=requirement_ids
    )
    if not offers:
        return {}
    answers = latest_revisions(
        session=session, organisation_id=facts.provider_id, as_of=as_of, requirement_ids=list(offers)
    )
    # the provider's decision waiting for approval counts as undecided here too (ter goedkeuring)
    held = held_requirements(
        session=session, organisation_id=facts.provider_id, as_of=as_of, summaries=answers
    )
    views = {}
    for requirement_id, offer in offers.items():
        answer = answers.get(requirement_id)
        views[requirement_id] = SharedView(
            provider_name=facts.provider_name,
            shared_text=offer.shared_text,
            shared_at=offer.recorded_at,
            provider_status=Status.HELD.value if requirement_id in held else judged_status(answer),
            provider_answered_at=answer.recorded_at if answer else None,
            provider_reviewed_on=answer.last_reviewed_on if answer else None,
        )
    return views


def set_offer(
    *,
    session: Session,
    provider_id: int,
    requirement_id: int,
    offered: bool,
    shared_text: str,
    base_revision: int,
    actor: Actor,
    at: datetime | None = None,
) -> SharedServiceRevision:
    """Offer a requirement as a shared service with the text to share, change that text, or withdraw the
    offer: a new revision, audited. `base_revision` is the revision the user's form was loaded with (0: none
    yet); a newer one raises StaleEdit. Unchanged: the current revision, nothing added. `at` backdates (demo)."""
    requirement = session.get(Requirement, requirement_id)
    if requirement is None:
        raise LookupError(requirement_id)
    text = shared_text.strip().replace("\r\n", "\n") if offered else ""
    problems = _offer_problems(requirement, offered, text)
    if problems:
        raise RuleError(problems)
    current = latest_offers(
        session=session, provider_id=provider_id, requirement_ids=[requirement_id], offered_only=False
    ).get(requirement_id)
    number = current.number if current is not None else 0
    if base_revision != number:
        raise StaleEdit(requirement.code, base_revision, number)
    if not offered and (current is None or not current.offered):
        raise RuleError.one(
            "sharing.not_offered",
            f"{requirement.code} wordt niet gedeeld: er is niets in te trekken",
            requirement=requirement.code,
        )
    before = {"offered": current.offered, "shared_text": current.shared_text} if current else {}
    changes = changed_fields(before, {"offered": offered, "shared_text": text})
    if current is not None and not changes:
        return current
    revision = SharedServiceRevision(
        provider_id=provider_id,
        requirement_id=requirement_id,
        number=number + 1,
        offered=offered,
        shared_text=text,
        recorded_at=at or clock.now(),
        author_id=actor.user_id,
        author_name=actor.name[:200],
    )
    session.add(revision)
    try:
        session.flush()
    except IntegrityError:
        raise StaleEdit(requirement.code, base_revision, None) from None
    record_event(
        session=session,
        action="shared_service.offered" if offered else "shared_service.withdrawn",
        actor=actor,
        organisation_id=provider_id,
        subject=requirement.code,
        changes=changes,
    )
    return revision


def _offer_problems(requirement: Requirement, offered: bool, text: str) -> list[Problem]:
    if not offered:
        return []
    if not requirement.is_active:
        return [
            Problem(
                "sharing.withdrawn",
                {"requirement": requirement.code},
                message=f"eis {requirement.code} geldt niet meer",
            )
        ]
    if not text:
        return [Problem("sharing.text_required", {}, "shared_text", message="geef de tekst die u deelt")]
    if len(text) > MAX_SHARED_TEXT:
        return [
            Problem(
                "sharing.text_too_long",
                {"limit": MAX_SHARED_TEXT},
                "shared_text",
                message=f"de gedeelde tekst is langer dan {MAX_SHARED_TEXT} tekens",
            )
        ]
    wrong = text_problem(text, field="shared_text")
    return [wrong] if wrong is not None else []


def offer_history(*, session: Session, provider_id: int, requirement_id: int) -> list[SharedServiceRevision]:
    """Every revision of a provider's offer on a requirement, newest first (for the provider's own pages)."""
    return list(
        session.exec(
            select(SharedServiceRevision)
            .where(
                col(SharedServiceRevision.provider_id) == provider_id,
                col(SharedServiceRevision.requirement_id) == requirement_id,
            )
            .order_by(col(SharedServiceRevision.number).desc())
        ).all()
    )


def offered_codes(*, session: Session, provider_id: int) -> list[tuple[Requirement, SharedServiceRevision]]:
    """The requirements a provider offers now, with their offer, in catalogue order."""
    offers = latest_offers(session=session, provider_id=provider_id)
    if not offers:
        return []
    requirements = session.exec(
        select(Requirement).where(col(Requirement.id).in_(list(offers))).order_by(col(Requirement.sort_key))
    ).all()
    return [(requirement, offers[id_of(requirement)]) for requirement in requirements]


def inherited_answers(
    *, session: Session, organisation_id: int
) -> list[tuple[Requirement, AnswerRevision, SharedView | None]]:
    """The organisation's answers that rest on its provider ("overgenomen"), in catalogue order, each with what
    the provider shares of it (None: the provider does not offer it any more). Four queries."""
    own = {
        rid: revision
        for rid, revision in latest_revisions(session=session, organisation_id=organisation_id).items()
        if revision.applicability == Applicability.INHERITED.value
    }
    if not own:
        return []
    views = shared_views(session=session, organisation_id=organisation_id, requirement_ids=list(own))
    requirements = session.exec(
        select(Requirement).where(col(Requirement.id).in_(list(own))).order_by(col(Requirement.sort_key))
    ).all()
    return [(r, own[id_of(r)], views.get(id_of(r))) for r in requirements]

"""The plan's rule: a "gepland" answer, and a risk in treatment or temporarily accepted, has at least one open
action with a due date. What still lacks one (the "nog zonder actie" list), actions made for it (on a save, and
once for the data recorded before the plan existed), and accepted risks whose acceptance expired while their
action is not done (shown overdue)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlmodel import Session, col, select

from controls.answer_models import AnswerRevision, Applicability, Implementation
from controls.answers import latest_revisions
from controls.catalogue_cache import catalogue_view
from controls.models import Requirement
from core.actor import Actor
from core.dbtypes import id_of
from plan.actions import ActionData, create_action, is_open, linked_actions
from plan.models import Action, LinkKind
from risk.models import Risk, RiskStatus, Treatment
from risk.reading import RiskState, list_risks

UNASSIGNED = "nog toe te wijzen"


@dataclass(frozen=True)
class Gap:
    """Something the rule asks an action for that has none: kind "requirement" or "risk"."""

    kind: str
    target_id: int
    reference: str  # the requirement code or risk reference
    title: str
    owner: str
    due_on: date | None  # the date the answer or risk itself names (planned date, acceptance end, review)


def _covered(actions: list[Action]) -> bool:
    return any(is_open(action) and action.due_on is not None for action in actions)


def needs_action_answer(applicability: str, implementation: str | None) -> bool:
    return applicability == Applicability.APPLICABLE.value and implementation == Implementation.PLANNED.value


def needs_action_risk(status: str, treatment: str) -> bool:
    if status == RiskStatus.CLOSED.value:
        return False
    return status == RiskStatus.IN_TREATMENT.value or treatment == Treatment.ACCEPT.value


class AnswerLike(Protocol):
    """What the rule reads of an answer's newest revision (an AnswerRevision, or the statement's summary)."""

    @property
    def applicability(self) -> str: ...
    @property
    def implementation(self) -> str | None: ...
    @property
    def owner(self) -> str: ...
    @property
    def planned_on(self) -> date | None: ...


def answer_gaps(
    *, session: Session, organisation_id: int, answers: Mapping[int, AnswerLike] | None = None
) -> list[Gap]:
    """`answers`: the newest revision of every answer by requirement id, when the caller has read them."""
    latest = (
        answers if answers is not None else latest_revisions(session=session, organisation_id=organisation_id)
    )
    planned = {
        rid: rev for rid, rev in latest.items() if needs_action_answer(rev.applicability, rev.implementation)
    }
    if not planned:
        return []
    actions = linked_actions(
        session=session, organisation_id=organisation_id, kind=LinkKind.REQUIREMENT, target_ids=planned
    )
    requirements = catalogue_view(session=session).by_id
    gaps = [
        Gap("requirement", rid, requirements[rid].code, requirements[rid].title_nl, rev.owner, rev.planned_on)
        for rid, rev in planned.items()
        if not _covered(actions[rid])
    ]
    return sorted(gaps, key=lambda gap: requirements[gap.target_id].sort_key)


def risk_gaps(
    *, session: Session, organisation_id: int, risks: Sequence[RiskState] | None = None
) -> list[Gap]:
    """`risks`: the register (`list_risks`), when the caller has read it."""
    if risks is None:
        risks = list_risks(session=session, organisation_id=organisation_id)
    states = [s for s in risks if needs_action_risk(s.status, s.treatment)]
    actions = linked_actions(
        session=session,
        organisation_id=organisation_id,
        kind=LinkKind.RISK,
        target_ids=[s.risk_id for s in states],
    )
    return [
        Gap("risk", s.risk_id, s.reference, s.title, s.owner, s.acceptance_expires_on or s.review_on)
        for s in states
        if not _covered(actions[s.risk_id])
    ]


def gaps(
    *,
    session: Session,
    organisation_id: int,
    risks: Sequence[RiskState] | None = None,
    answers: Mapping[int, AnswerLike] | None = None,
) -> list[Gap]:
    """Everything that still lacks an open action with a due date: answers first, then risks (`risks` and
    `answers` as `risk_gaps` and `answer_gaps` take them)."""
    return [
        *answer_gaps(session=session, organisation_id=organisation_id, answers=answers),
        *risk_gaps(session=session, organisation_id=organisation_id, risks=risks),
    ]


def close_gap(*, session: Session, organisation_id: int, gap: Gap, actor: Actor, note: str) -> Action | None:
    """Make the action the rule asks for, from what the answer or risk says (its owner, its date); None when
    it names no date (then it stays on the list for a person to plan)."""
    if gap.due_on is None:
        return None
    verb = "Invoeren" if gap.kind == "requirement" else "Behandelen"
    return create_action(
        session=session,
        organisation_id=organisation_id,
        data=ActionData(
            title=f"{verb}: {gap.reference} {gap.title}"[:200],
            owner_name=gap.owner or UNASSIGNED,
            due_on=gap.due_on,
        ),
        links=[(gap.kind, gap.target_id)],
        actor=actor,
        note=note,
    )


def close_gaps(*, session: Session, organisation_id: int, actor: Actor) -> tuple[int, int]:
    """Once for the data recorded before the plan existed: an action for every gap that names a date.
    Returns (made, left)."""
    made = left = 0
    for gap in gaps(session=session, organisation_id=organisation_id):
        note = "aangemaakt voor bestaande gegevens"
        if close_gap(session=session, organisation_id=organisation_id, gap=gap, actor=actor, note=note):
            made += 1
        else:
            left += 1
    return made, left


def ensure_answer_actions(
    *,
    session: Session,
    organisation_id: int,
    answers: Sequence[tuple[Requirement, AnswerRevision]],
    actor: Actor,
) -> list[Action]:
    """After a save: the action each "gepland" answer among `answers` now needs and lacks, made from its own
    planned date and owner (none for an answer without a date: it stays on the list). Only these answers are
    looked at: two queries, or three when an action is made, however many were saved."""
    planned = {
        id_of(requirement): (requirement, revision)
        for requirement, revision in answers
        if needs_action_answer(revision.applicability, revision.implementation)
    }
    if not planned:
        return []
    actions = linked_actions(
        session=session, organisation_id=organisation_id, kind=LinkKind.REQUIREMENT, target_ids=list(planned)
    )
    gaps = [
        Gap("requirement", rid, r.code, r.title_nl, revision.owner, revision.planned_on)
        for rid, (r, revision) in planned.items()
        if not _covered(actions[rid])
    ]
    made = (_made(session=session, organisation_id=organisation_id, gap=gap, actor=actor) for gap in gaps)
    return [action for action in made if action is not None]


def ensure_risk_action(*, session: Session, risk: Risk, actor: Actor) -> Action | None:
    """After a save: the action a risk in treatment or temporarily accepted now needs and lacks, made from its
    acceptance end (or review date) and owner. None: not needed, covered, or no date to plan by."""
    if not needs_action_risk(risk.status, risk.treatment):
        return None
    actions = linked_actions(
        session=session, organisation_id=risk.organisation_id, kind=LinkKind.RISK, target_ids=[id_of(risk)]
    )
    if _covered(actions[id_of(risk)]):
        return None
    due = risk.acceptance_expires_on or risk.review_on
    gap = Gap("risk", id_of(risk), risk.reference, risk.title, risk.owner, due)
    return _made(session=session, organisation_id=risk.organisation_id, gap=gap, actor=actor)


def _made(*, session: Session, organisation_id: int, gap: Gap, actor: Actor) -> Action | None:
    note = "aangemaakt bij opslaan"
    return close_gap(session=session, organisation_id=organisation_id, gap=gap, actor=actor, note=note)


@dataclass(frozen=True)
class ExpiredAcceptance:
    """An accepted risk whose acceptance ended while an action for it is still open (or there is none)."""

    risk_id: int
    reference: str
    title: str
    expired_on: date
    open_actions: tuple[str, ...]


def expired_acceptances(*, session: Session, organisation_id: int, today: date) -> list[ExpiredAcceptance]:
    risks = session.exec(
        select(Risk).where(
            col(Risk.organisation_id) == organisation_id,
            col(Risk.treatment) == Treatment.ACCEPT.value,
            col(Risk.status) != RiskStatus.CLOSED.value,
            col(Risk.acceptance_expires_on) < today,
        )
    ).all()
    actions = linked_actions(
        session=session,
        organisation_id=organisation_id,
        kind=LinkKind.RISK,
        target_ids=[id_of(r) for r in risks],
    )
    found = []
    for risk in risks:
        still_open = tuple(a.reference for a in actions[id_of(risk)] if is_open(a))
        done = actions[id_of(risk)] and not still_open
        if not done and risk.acceptance_expires_on is not None:
            found.append(
                ExpiredAcceptance(
                    id_of(risk), risk.reference, risk.title, risk.acceptance_expires_on, still_open
                )
            )
    return sorted(found, key=lambda e: e.expired_on)

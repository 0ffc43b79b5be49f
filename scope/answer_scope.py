"""Answers refined per information system: an answer applies to every system, except those recorded here, each
with the reason (e.g. "MFA geldt niet voor de kiosk-pc van de balie: vervangende maatregel ...")."""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session, col, select

from controls.answer_models import Answer
from controls.models import Requirement
from core import clock
from core.actor import Actor
from core.audit import record_event
from core.dbtypes import id_of
from core.errors import RuleError
from scope.models import AnswerException, ScopeItem
from scope.rules import problem

MAX_REASON = 500


def _answer(*, session: Session, organisation_id: int, code: str) -> tuple[Requirement, Answer]:
    requirement = session.exec(select(Requirement).where(col(Requirement.code) == code.strip())).first()
    if requirement is None:
        raise RuleError(problem("requirement", "unknown_requirement", requirement=code))
    answer = session.exec(
        select(Answer).where(
            col(Answer.organisation_id) == organisation_id, col(Answer.requirement_id) == id_of(requirement)
        )
    ).first()
    if answer is None:
        raise RuleError(problem("requirement", "no_answer", requirement=requirement.code))
    return requirement, answer


def add_exception(
    *, session: Session, item: ScopeItem, code: str, reason: str, actor: Actor
) -> AnswerException:
    """Record that the organisation's answer on requirement `code` does not hold for `item`, with the reason."""
    reason = reason.strip()
    if not reason:
        raise RuleError(problem("reason", "reason_required"))
    if len(reason) > MAX_REASON:
        raise RuleError(problem("reason", "too_long", limit=MAX_REASON))
    requirement, answer = _answer(session=session, organisation_id=item.organisation_id, code=code)
    exception = session.get(AnswerException, (id_of(answer), id_of(item)))
    before = exception.reason if exception is not None else None
    if exception is None:
        exception = AnswerException(answer_id=id_of(answer), item_id=id_of(item), reason=reason)
    exception.reason = reason
    exception.recorded_at = clock.now()
    exception.recorded_by = actor.name[:254]
    session.add(exception)
    session.flush()
    record_event(
        session=session,
        action="scope.answer_exception_recorded",
        actor=actor,
        organisation_id=item.organisation_id,
        subject=f"{requirement.code} / {item.reference}",
        changes={"reason": (before, reason)},
    )
    return exception


def remove_exception(*, session: Session, item: ScopeItem, code: str, actor: Actor) -> bool:
    """The answer on `code` applies to `item` again; False when it had no exception."""
    requirement, answer = _answer(session=session, organisation_id=item.organisation_id, code=code)
    exception = session.get(AnswerException, (id_of(answer), id_of(item)))
    if exception is None:
        return False
    session.delete(exception)
    session.flush()
    record_event(
        session=session,
        action="scope.answer_exception_removed",
        actor=actor,
        organisation_id=item.organisation_id,
        subject=f"{requirement.code} / {item.reference}",
        changes={"reason": (exception.reason, None)},
    )
    return True


def exceptions_of_item(*, session: Session, item: ScopeItem) -> list[tuple[Requirement, AnswerException]]:
    rows = session.exec(
        select(Requirement, AnswerException)
        .join(Answer, col(Answer.requirement_id) == col(Requirement.id))
        .join(AnswerException, col(AnswerException.answer_id) == col(Answer.id))
        .where(col(AnswerException.item_id) == id_of(item))
        .order_by(col(Requirement.sort_key))
    ).all()
    return [(requirement, exception) for requirement, exception in rows]


def exceptions_by_requirement(
    *, session: Session, organisation_id: int
) -> dict[int, list[tuple[str, str, str]]]:
    """(item reference, item name, reason) of every exception, by requirement id (one query)."""
    rows = session.exec(
        select(
            col(Answer.requirement_id),
            col(ScopeItem.reference),
            col(ScopeItem.name),
            col(AnswerException.reason),
        )
        .join(AnswerException, col(AnswerException.answer_id) == col(Answer.id))
        .join(ScopeItem, col(ScopeItem.id) == col(AnswerException.item_id))
        .where(col(Answer.organisation_id) == organisation_id)
        .order_by(col(ScopeItem.reference))
    ).all()
    found: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for requirement_id, reference, name, reason in rows:
        found[requirement_id].append((reference, name, reason))
    return dict(found)

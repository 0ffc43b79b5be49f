"""Comply-or-explain answers: saving a revision (never an update in place), reading answers as they stood on a
date, the differences between revisions, and carrying answers over when the catalogue replaces a
requirement."""

from __future__ import annotations

import difflib
import re
from collections.abc import Container, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from controls.answer_models import Answer, AnswerRevision, Evidence, EvidenceRemoval
from controls.answer_steps import ANSWER_STEPS, AnswerSaved, AnswersSaved, AnswerToSave, SavedAnswer
from controls.models import Requirement, RequirementStatus
from controls.offers import latest_offers
from controls.receivers import tell_receivers
from controls.rules import AnswerValues, check_answer, violation
from core import clock
from core.actor import Actor
from core.audit import changed_fields, record_event
from core.dbtypes import id_of
from core.errors import RuleError, StaleEdit
from core.organisations import add_months, organisation_facts
from core.save_steps import Held


def cutoff(as_of: date) -> datetime:
    """The first moment after the local calendar day `as_of`: answers "as of" that day were recorded before
    it."""
    return clock.end_of_day(as_of)


def latest_revisions(
    *,
    session: Session,
    organisation_id: int,
    as_of: date | None = None,
    requirement_ids: Sequence[int] | None = None,
) -> dict[int, AnswerRevision]:
    """The newest revision of each of the organisation's answers (as of the end of a day), by requirement id;
    of the given requirements only, if named. One query, whatever the number of answers and revisions."""
    query = newest_revisions_query((AnswerRevision,), organisation_id=organisation_id, as_of=as_of)
    if requirement_ids is not None:
        query = query.where(col(Answer.requirement_id).in_(requirement_ids))
    return {requirement_id: revision for requirement_id, revision in session.exec(query).all()}


def newest_revisions_query(columns: Sequence[Any], *, organisation_id: int, as_of: date | None = None) -> Any:
    """SELECT requirement id, `columns` of the newest revision of each of the organisation's answers.

    The newest number is looked up per answer (a correlated subquery on the unique (answer, number) index):
    the work is that of this organisation's answers, however many other organisations share the table."""
    older = aliased(AnswerRevision)
    newest = select(func.max(older.number)).where(col(older.answer_id) == col(Answer.id))
    if as_of is not None:
        newest = newest.where(col(older.recorded_at) < cutoff(as_of))
    return (
        select(col(Answer.requirement_id), *columns)
        .join(AnswerRevision, col(AnswerRevision.answer_id) == col(Answer.id))
        .where(
            col(Answer.organisation_id) == organisation_id,
            col(AnswerRevision.number) == newest.correlate(Answer).scalar_subquery(),
        )
    )


def answer_of(*, session: Session, organisation_id: int, requirement_id: int) -> Answer | None:
    return session.exec(
        select(Answer).where(
            Answer.organisation_id == organisation_id, Answer.requirement_id == requirement_id
        )
    ).first()


def revisions_of(*, session: Session, answer_id: int, as_of: date | None = None) -> list[AnswerRevision]:
    """The revisions of an answer, oldest first."""
    query = select(AnswerRevision).where(AnswerRevision.answer_id == answer_id)
    if as_of is not None:
        query = query.where(AnswerRevision.recorded_at < cutoff(as_of))
    return list(session.exec(query.order_by(col(AnswerRevision.number))).all())


def current_revision(*, session: Session, answer_id: int, as_of: date | None = None) -> AnswerRevision | None:
    revisions = revisions_of(session=session, answer_id=answer_id, as_of=as_of)
    return revisions[-1] if revisions else None


@dataclass(frozen=True)
class AnswerChange:
    """One answer to save: the requirement, the new values, and the revision number the user's form (or sheet)
    was loaded from (0: there was no answer yet)."""

    requirement_id: int
    values: AnswerValues
    base_revision: int
    source_revision_id: int | None = None  # a copy of another organisation's revision (plan.copying)


# (index of the change, requirement, checked values, current revision number, next review due)
Pending = tuple[int, Requirement, AnswerValues, int, date]


def record_answer(
    *,
    session: Session,
    organisation_id: int,
    requirement_id: int,
    values: AnswerValues,
    base_revision: int,
    actor: Actor,
    accepted_risks: Container[str] = frozenset(),
    known_risks: Container[str] = frozenset(),
    note: str = "",
    at: datetime | None = None,
    approved_by: Actor | None = None,
) -> AnswerSaved:
    """Append a revision to the organisation's answer on a requirement (record_answers for one answer).

    When nothing differs from the current revision, that revision is returned and nothing is added."""
    saved = record_answers(
        session=session,
        organisation_id=organisation_id,
        changes=[AnswerChange(requirement_id, values, base_revision)],
        actor=actor,
        accepted_risks=accepted_risks,
        known_risks=known_risks,
        note=note,
        at=at,
        approved_by=approved_by,
    )
    return AnswerSaved(saved.revisions[0], saved.held.get(0), saved.made)


def record_answers(
    *,
    session: Session,
    organisation_id: int,
    changes: Sequence[AnswerChange],
    actor: Actor,
    accepted_risks: Container[str] = frozenset(),
    known_risks: Container[str] = frozenset(),
    note: str = "",
    at: datetime | None = None,
    approved_by: Actor | None = None,
) -> AnswersSaved:
    """Append a revision to each of the organisation's answers in `changes`, all or none; the revisions (or,
    where nothing differs, the current one) in the order of `changes`.

    After the rules, the registered steps (controls/answer_steps.py) may hold a change for a second person's
    decision (the plan's policy; not when `approved_by` says a second person approved it): nothing is recorded
    for it. After the save they follow up on the saved answers only (their risk links, the plan's actions).

    If an answer has moved on since its `base_revision`, StaleEdit is raised (its subject is the requirement's
    code); a withdrawn requirement or a broken rule raises RuleError, its problems placed at the requirement's
    code. Nothing is saved then (the caller rolls back what it flushed before).
    The number of queries does not grow with the number of answers. `at` backdates the revisions; only the demo
    seeder uses it."""
    ids = [change.requirement_id for change in changes]
    sources = {change.requirement_id: change.source_revision_id for change in changes}
    requirements = {
        id_of(r): r for r in session.exec(select(Requirement).where(col(Requirement.id).in_(ids))).all()
    }
    organisation = organisation_facts(session=session, organisation_id=organisation_id)
    shared = (
        set(latest_offers(session=session, provider_id=organisation.provider_id, requirement_ids=ids))
        if organisation.provider_id is not None
        else set()
    )
    latest = latest_revisions(session=session, organisation_id=organisation_id, requirement_ids=ids)
    # An answer is created with its first revision, so the newest revisions name every existing answer.
    answer_ids = {rid: revision.answer_id for rid, revision in latest.items()}
    today = clock.today()
    pending: list[Pending] = []
    results: list[AnswerRevision | None] = []
    for change in changes:
        requirement = requirements.get(change.requirement_id)
        if requirement is None:
            raise LookupError(change.requirement_id)
        current = latest.get(change.requirement_id)
        current_number = current.number if current is not None else 0
        if change.base_revision != current_number:
            raise StaleEdit(requirement.code, change.base_revision, current_number)
        if requirement.status != RequirementStatus.ACTIVE.value:
            message = f"eis {requirement.code} geldt niet meer; het antwoord blijft bewaard maar kan niet meer worden gewijzigd"
            withdrawn = violation("", "withdrawn", message, requirement=requirement.code)
            raise RuleError(withdrawn.at(ref=requirement.code))
        values = change.values.normalised()
        violations = check_answer(
            values,
            kind=requirement.kind,
            has_provider=organisation.provider_id is not None,
            provider_shares=change.requirement_id in shared,
            accepted_risks=accepted_risks,
            known_risks=known_risks,
            today=today,
            plan_horizon_years=organisation.plan_horizon_years,
        )
        if violations or values.last_reviewed_on is None:  # check_answer refuses an answer without the date
            raise RuleError(problem.at(ref=requirement.code) for problem in violations)
        if current is not None and AnswerValues.of(current) == values:
            results.append(current)
            continue
        due = add_months(values.last_reviewed_on, organisation.review_interval_months)
        pending.append((len(results), requirement, values, current_number, due))
        results.append(None)
    held, pending = _hold(
        session=session,
        organisation_id=organisation_id,
        pending=pending,
        latest=latest,
        actor=actor,
        approved_by=approved_by,
    )
    first_code = pending[0][1].code if pending else ""  # a failed flush expires the loaded objects
    try:
        new_answers = [
            Answer(
                organisation_id=organisation_id,
                requirement_id=id_of(requirement),
                created_at=at or clock.now(),
            )
            for _, requirement, _, _, _ in pending
            if id_of(requirement) not in answer_ids
        ]
        if new_answers:
            session.add_all(new_answers)
            session.flush()
            answer_ids |= {answer.requirement_id: id_of(answer) for answer in new_answers}
        revisions = [
            AnswerRevision(
                answer_id=answer_ids[id_of(requirement)],
                number=current_number + 1,
                recorded_at=at or clock.now(),
                author_id=actor.user_id,
                author_name=actor.name[:200],
                note=note[:300],
                next_review_due=due,
                source_revision_id=sources[id_of(requirement)],
                **{name: getattr(values, name) for name in AnswerValues.FIELDS},
            )
            for _, requirement, values, current_number, due in pending
        ]
        session.add_all(revisions)
        for (_, requirement, values, _, _), revision in zip(pending, revisions, strict=True):
            previous = latest.get(id_of(requirement))
            record_event(
                session=session,
                action="answer.recorded",
                actor=actor,
                organisation_id=organisation_id,
                subject=requirement.code,
                detail=f"versie {revision.number}" + (f"; {note[:200]}" if note else ""),
                changes=changed_fields(fields_of(previous), fields_of(values)),
            )
        session.flush()
        tell_receivers(
            session=session,
            provider=organisation,
            changed=[(item[1], revision) for item, revision in zip(pending, revisions, strict=True)],
            previous=latest,
        )
    except IntegrityError:
        # Another save took one of these revision numbers (or created the answer) between our read and write.
        raise StaleEdit(first_code, pending[0][3], None) from None
    saved = {index: revision for (index, *_), revision in zip(pending, revisions, strict=True)}
    done = [SavedAnswer(p[1], r) for p, r in zip(pending, revisions, strict=True)]
    made = tuple(
        thing
        for step in (ANSWER_STEPS if done else ())
        for thing in step.saved(session=session, organisation_id=organisation_id, answers=done, actor=actor)
    )
    return AnswersSaved(
        [saved.get(index) if result is None else result for index, result in enumerate(results)], held, made
    )


def _hold(
    *,
    session: Session,
    organisation_id: int,
    pending: list[Pending],
    latest: dict[int, AnswerRevision],
    actor: Actor,
    approved_by: Actor | None,
) -> tuple[dict[int, Held], list[Pending]]:
    """The changes the registered steps hold for a second person (by the index of their change), and the rest."""
    held: dict[int, Held] = {}
    for step in ANSWER_STEPS:
        left = [p for p in pending if p[0] not in held]
        found = step.hold(
            session=session,
            organisation_id=organisation_id,
            answers=[AnswerToSave(p[1], p[2], latest.get(id_of(p[1])), p[3]) for p in left],
            actor=actor,
            approved_by=approved_by,
        )
        held |= {left[index][0]: decision for index, decision in found.items()}
    return held, [p for p in pending if p[0] not in held]


def fields_of(values: AnswerValues | AnswerRevision | None) -> dict[str, object]:
    return {name: getattr(values, name) for name in AnswerValues.FIELDS} if values is not None else {}


# --- history


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: object
    new: object
    words: tuple[tuple[str, str], ...] = ()  # for text: ("equal" | "removed" | "added", text) pieces


def revision_changes(older: AnswerRevision | None, newer: AnswerRevision) -> list[FieldChange]:
    """What a revision changed compared with the one before it (every filled field for a first revision)."""
    changes = []
    for name in (*AnswerValues.FIELDS, "next_review_due"):
        old = getattr(older, name) if older is not None else None
        new = getattr(newer, name)
        if old == new or (new in (None, "") and (older is None or old in (None, ""))):
            continue
        words = text_diff(old, new) if name in TEXTS and old and new and _similar(old, new) else ()
        changes.append(FieldChange(name, old, new, words))
    return changes


TEXTS = ("explanation", "public_explanation")
_TOKENS = re.compile(r"\s+|[^\s]+")


def _similar(old: str, new: str) -> bool:
    """Close enough for a word-level difference to be readable; otherwise old and new are shown whole."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    return difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio() >= 0.5


def text_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """A word-level difference between two texts, as (operation, text) pieces."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("removed", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("added", "".join(b[j1:j2])))
    return tuple(pieces)


@dataclass(frozen=True)
class HistoryEvent:
    at: datetime
    kind: str  # "revision", "evidence_added", "evidence_removed"
    who: str
    revision: AnswerRevision | None = None
    changes: tuple[FieldChange, ...] = ()
    evidence: Evidence | None = None


def answer_history(*, session: Session, answer_id: int, as_of: date | None = None) -> list[HistoryEvent]:
    """Every revision with what it changed, and every evidence added or removed, newest first."""
    revisions = revisions_of(session=session, answer_id=answer_id, as_of=as_of)
    events = [
        HistoryEvent(
            rev.recorded_at,
            "revision",
            rev.author_name,
            rev,
            tuple(revision_changes(revisions[i - 1] if i else None, rev)),
        )
        for i, rev in enumerate(revisions)
    ]
    limit = cutoff(as_of) if as_of is not None else None
    rows = session.exec(
        select(Evidence, EvidenceRemoval)
        .outerjoin(EvidenceRemoval, col(EvidenceRemoval.evidence_id) == col(Evidence.id))
        .where(Evidence.answer_id == answer_id)
    ).all()
    for item, removal in rows:
        if limit is None or item.added_at < limit:
            events.append(HistoryEvent(item.added_at, "evidence_added", item.added_by_name, evidence=item))
        if removal is not None and (limit is None or removal.removed_at < limit):
            events.append(
                HistoryEvent(removal.removed_at, "evidence_removed", removal.removed_by_name, evidence=item)
            )
    events.sort(key=lambda e: (e.at, e.revision.number if e.revision else 0), reverse=True)
    return events

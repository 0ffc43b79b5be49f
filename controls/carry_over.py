"""Carrying answers over when a catalogue upgrade replaces a requirement: each organisation that answered the old
one gets a first revision on the new one, followed by the steps of a save (controls/answer_steps.py)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from controls.answer_models import Answer, AnswerRevision
from controls.answer_steps import ANSWER_STEPS, SavedAnswer
from controls.answers import answer_of, current_revision, fields_of
from controls.models import Requirement
from controls.rules import AnswerValues
from core import clock
from core.actor import Actor
from core.audit import changed_fields, record_event
from core.dbtypes import id_of


def carry_over_answers(*, session: Session, replacements: list[tuple[str, str]], version: str) -> int:
    """For each (old code, new code): give every organisation that answered the old requirement, and not yet
    the new one, a first revision on the new requirement copied from the old one's latest. Returns how
    many."""
    codes = {code for pair in replacements for code in pair}
    if not codes:
        return 0
    ids = {
        requirement.code: id_of(requirement)
        for requirement in session.exec(select(Requirement).where(col(Requirement.code).in_(codes)))
    }
    actor = Actor.system(f"catalogus {version}")
    carried_for: dict[int, list[tuple[int, AnswerRevision]]] = {}
    for old_code, new_code in replacements:
        if old_code not in ids or new_code not in ids:
            continue
        old_answers = session.exec(select(Answer).where(col(Answer.requirement_id) == ids[old_code])).all()
        for old in old_answers:
            if (
                answer_of(session=session, organisation_id=old.organisation_id, requirement_id=ids[new_code])
                is not None
            ):
                continue
            latest = current_revision(session=session, answer_id=id_of(old))
            if latest is None:
                continue
            answer = Answer(
                organisation_id=old.organisation_id, requirement_id=ids[new_code], created_at=clock.now()
            )
            session.add(answer)
            session.flush()
            values = AnswerValues.of(latest)
            revision = AnswerRevision(
                answer_id=id_of(answer),
                number=1,
                recorded_at=clock.now(),
                author_id=actor.user_id,
                author_name=actor.name,
                note=f"overgenomen van {old_code}",
                next_review_due=latest.next_review_due,
                **{name: getattr(values, name) for name in AnswerValues.FIELDS},
            )
            session.add(revision)
            record_event(
                session=session,
                action="answer.carried_over",
                actor=actor,
                organisation_id=old.organisation_id,
                subject=new_code,
                detail=f"overgenomen van {old_code}",
                changes=changed_fields({}, fields_of(values)),
            )
            carried_for.setdefault(old.organisation_id, []).append((ids[new_code], revision))
    session.flush()
    _follow_up_carried(session=session, carried_for=carried_for, actor=actor)
    return sum(len(found) for found in carried_for.values())


def _follow_up_carried(
    *, session: Session, carried_for: dict[int, list[tuple[int, AnswerRevision]]], actor: Actor
) -> None:
    """The steps after a save (controls/answer_steps.py) for the answers carried over, per organisation."""
    for organisation_id, found in carried_for.items():
        requirements = {
            id_of(r): r
            for r in session.exec(select(Requirement).where(col(Requirement.id).in_([i for i, _ in found])))
        }
        done = [SavedAnswer(requirements[i], revision) for i, revision in found]
        for step in ANSWER_STEPS:
            step.saved(session=session, organisation_id=organisation_id, answers=done, actor=actor)

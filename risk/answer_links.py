"""Answers and the risks that justify them: the relation `answer_risk`, kept equal to the risk reference of each
answer's newest revision (the revisions keep their text as it was, so history reads as it did)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlmodel import Session, col, delete, select

from controls.answer_models import Answer
from controls.answer_steps import ANSWER_STEPS, AnswerToSave, SavedAnswer
from controls.answers import latest_revisions
from controls.models import Requirement
from core.actor import Actor
from core.dbtypes import id_of
from core.save_steps import Held, Made
from risk.models import AnswerRisk, Risk


def references(text: str) -> list[str]:
    """The risk references in an answer's text field ("R-003", or several separated by commas)."""
    return [part.strip().upper() for part in text.replace(";", ",").split(",") if part.strip()]


def sync_answer_risks(*, session: Session, organisation_id: int) -> int:
    """Make the organisation's answer -> risk links equal to its answers' newest revisions; the number of links.
    A reference that names no risk of the register is left out (the answer rules refuse such a reference)."""
    risks = {
        risk.reference: id_of(risk)
        for risk in session.exec(select(Risk).where(col(Risk.organisation_id) == organisation_id)).all()
    }
    answer_ids = session.exec(
        select(col(Answer.id)).where(col(Answer.organisation_id) == organisation_id)
    ).all()
    wanted: set[tuple[int, int]] = set()
    for revision in latest_revisions(session=session, organisation_id=organisation_id).values():
        for reference in references(revision.risk_reference):
            if reference in risks:
                wanted.add((revision.answer_id, risks[reference]))
    session.exec(delete(AnswerRisk).where(col(AnswerRisk.answer_id).in_(list(answer_ids) or [0])))
    for answer_id, risk_id in sorted(wanted):
        session.add(AnswerRisk(answer_id=answer_id, risk_id=risk_id))
    session.flush()
    return len(wanted)


def link_saved_answers(*, session: Session, organisation_id: int, answers: Sequence[SavedAnswer]) -> None:
    """Make the links of just these answers equal to their new revisions (a step of every answer save): two
    queries or three, however many answers were saved, and no other answer is touched."""
    named = {a.revision.answer_id: references(a.revision.risk_reference) for a in answers}
    wanted_references = {reference for found in named.values() for reference in found}
    risks = (
        {
            risk.reference: id_of(risk)
            for risk in session.exec(
                select(Risk).where(
                    col(Risk.organisation_id) == organisation_id,
                    col(Risk.reference).in_(wanted_references),
                )
            ).all()
        }
        if wanted_references
        else {}
    )
    session.exec(delete(AnswerRisk).where(col(AnswerRisk.answer_id).in_(list(named))))
    wanted = {(answer_id, risks[r]) for answer_id, found in named.items() for r in found if r in risks}
    session.add_all(AnswerRisk(answer_id=answer_id, risk_id=risk_id) for answer_id, risk_id in sorted(wanted))
    session.flush()


class AnswerRiskLinks:
    """The answer save's step that keeps `answer_risk` (controls/answer_steps.py): it never holds a save."""

    def hold(
        self,
        *,
        session: Session,
        organisation_id: int,
        answers: Sequence[AnswerToSave],
        actor: Actor,
        approved_by: Actor | None,
    ) -> Mapping[int, Held]:
        return {}

    def saved(
        self, *, session: Session, organisation_id: int, answers: Sequence[SavedAnswer], actor: Actor
    ) -> Sequence[Made]:
        link_saved_answers(session=session, organisation_id=organisation_id, answers=answers)
        return ()


ANSWER_STEPS.register("risk.answer_links", AnswerRiskLinks())


def requirements_justified_by(*, session: Session, risk: Risk) -> list[Requirement]:
    """The requirements whose answer names `risk` (the Uitzonderingen op de VvT it justifies)."""
    query = (
        select(Requirement)
        .join(Answer, col(Answer.requirement_id) == col(Requirement.id))
        .join(AnswerRisk, col(AnswerRisk.answer_id) == col(Answer.id))
        .where(col(AnswerRisk.risk_id) == id_of(risk))
        .order_by(col(Requirement.sort_key))
    )
    return list(session.exec(query).all())

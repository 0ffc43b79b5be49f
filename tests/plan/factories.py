"""Small factories for the plan area's tests."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from controls.answers import record_answer
from controls.models import Requirement
from controls.rules import AnswerValues
from core.actor import Actor
from plan.actions import ActionData, create_action

TEST = Actor.system("test")
# An implemented answer and a not applicable one, as the plan's tests give them.
DONE = AnswerValues(
    applicability="applicable",
    implementation="implemented",
    design="sufficient",
    explanation="Ingevoerd.",
    last_reviewed_on=date(2026, 1, 5),
)
NOT_APPLICABLE = AnswerValues(
    applicability="not_applicable", explanation="Geen eigen rekencentrum.", last_reviewed_on=date(2026, 1, 5)
)


def requirement(session: Session, code: str) -> Requirement:
    return session.exec(select(Requirement).where(Requirement.code == code)).one()


def planned_answer(session: Session, organisation_id: int, code: str, planned_on: date = date(2026, 6, 1)):
    return record_answer(
        session=session,
        organisation_id=organisation_id,
        requirement_id=requirement(session, code).id,
        values=AnswerValues(
            applicability="applicable",
            implementation="planned",
            explanation="Wordt ingevoerd met het nieuwe zaaksysteem.",
            planned_on=planned_on,
            owner="Teamleider ICT",
            last_reviewed_on=date(2026, 1, 5),
        ),
        base_revision=0,
        actor=TEST,
    ).revision


def make_action(session: Session, organisation_id: int, **overrides):
    links = overrides.pop("links", ())
    values = {
        "title": "MFA invoeren voor beheerders",
        "owner_name": "Teamleider ICT",
        "due_on": date(2026, 5, 1),
    }
    values.update(overrides)
    return create_action(
        session=session, organisation_id=organisation_id, data=ActionData(**values), actor=TEST, links=links
    )

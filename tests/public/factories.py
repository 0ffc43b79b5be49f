"""Arranging a published organisation: answers with internal and public texts, a scope statement, an adoption."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from controls.answers import record_answer
from controls.rules import AnswerValues
from core.actor import Actor
from core.models import Organisation, Role
from core.publication import set_published
from plan.adoption import adoptions
from plan.approvals import approve, propose_adoption
from plan.models import SoaAdoption
from scope.register import create_item
from scope.rules import ItemData
from scope.statement import record_statement
from tests.factories import World
from tests.plan.factories import requirement

TEST = Actor.system("test")
INTERNAL = "Intern: het wachtwoord van de beheerder staat in de kluis van kamer 3."
PUBLIC = "Het beleid is vastgesteld en staat op de website."
OWNER = "Hoofd Informatievoorziening"


def answer(session: Session, organisation_id: int, code: str, base: int = 0, **values) -> None:
    defaults = {
        "applicability": "applicable",
        "implementation": "implemented",
        "design": "sufficient",
        "explanation": INTERNAL,
        "public_explanation": PUBLIC,
        "owner": OWNER,
        "last_reviewed_on": date(2026, 1, 5),
    }
    record_answer(
        session=session,
        organisation_id=organisation_id,
        requirement_id=requirement(session, code).id,
        values=AnswerValues(**(defaults | values)),
        base_revision=base,
        actor=TEST,
    )


def adopt(session: Session, world: World, organisation: Organisation | None = None) -> SoaAdoption:
    """Propose (the CISO) and approve (management) the statement as it stands: the next adopted version."""
    organisation = organisation or world.own
    key = "own" if organisation.id == world.own.id else "other"
    ciso, board = world.user(Role.CISO, key), world.user(Role.MANAGEMENT, key)
    approval = propose_adoption(
        session=session,
        organisation_id=organisation.id,
        body="college van B&W",
        adopted_on=date(2026, 3, 10),
        actor=Actor(user_id=ciso.id, name="C. Iso"),
    )
    approve(
        session=session,
        approval=approval,
        actor=Actor(user_id=board.id, name="M. Bestuur"),
        role=Role.MANAGEMENT,
    )
    session.commit()
    return adoptions(session=session, organisation_id=organisation.id)[0]


def scope_statement(session: Session, organisation_id: int) -> None:
    create_item(
        session=session,
        organisation_id=organisation_id,
        kind="system",
        data=ItemData(name="Zaaksysteem", owner="Teamleider Zaken", description="Geheime omschrijving"),
        actor=TEST,
    )
    record_statement(
        session=session, organisation_id=organisation_id, text="Alle processen van de gemeente.", actor=TEST
    )


def publish(session: Session, organisation: Organisation) -> None:
    set_published(session=session, organisation=organisation, published=True, actor=TEST)
    session.commit()

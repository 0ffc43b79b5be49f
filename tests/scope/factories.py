"""Small factories for the scope area's tests."""

from __future__ import annotations

from sqlmodel import Session

from core.actor import Actor
from scope.models import ScopeItem
from scope.quickscan import question_set, record_quickscan
from scope.register import create_item
from scope.rules import ItemData

ACTOR = Actor.system("test")


def item_data(**overrides) -> ItemData:
    values = {"name": "Zaaksysteem", "owner": "Hoofd Publiekszaken", "information_kinds": ("personal",)}
    return ItemData(**(values | overrides))


def make_item(session: Session, organisation_id: int, kind: str = "system", **overrides) -> ScopeItem:
    return create_item(
        session=session, organisation_id=organisation_id, kind=kind, data=item_data(**overrides), actor=ACTOR
    )


def answers(level: str = "low", **per_question: str) -> dict[str, str]:
    """Every quickscan question answered `level`, except those named (dots as double underscores)."""
    given = {key.replace("__", "."): value for key, value in per_question.items()}
    return {q.id: given.get(q.id, level) for q in question_set().questions}


def classify_high(session: Session, item: ScopeItem) -> None:
    record_quickscan(session=session, item=item, answers=answers(availability__financial="high"), actor=ACTOR)

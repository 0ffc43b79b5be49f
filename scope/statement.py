"""The scope statement (reikwijdte): a versioned text with the in-scope processes and systems as they were when
the version was recorded (BIO2 part 1 §6 and §18: the scope is determined and published)."""

from __future__ import annotations

import json

from sqlmodel import Session, col, select

from core import clock
from core.actor import Actor
from core.audit import record_event
from core.errors import RuleError
from scope.models import ScopeItem, ScopeStatement
from scope.register import list_items
from scope.rules import MAX_TEXT, problem


def in_scope_items(*, session: Session, organisation_id: int) -> list[ScopeItem]:
    return [item for item in list_items(session=session, organisation_id=organisation_id) if item.in_scope]


def current_statement(*, session: Session, organisation_id: int) -> ScopeStatement | None:
    return session.exec(
        select(ScopeStatement)
        .where(col(ScopeStatement.organisation_id) == organisation_id)
        .order_by(col(ScopeStatement.number).desc())
    ).first()


def statement_history(*, session: Session, organisation_id: int) -> list[ScopeStatement]:
    return list(
        session.exec(
            select(ScopeStatement)
            .where(col(ScopeStatement.organisation_id) == organisation_id)
            .order_by(col(ScopeStatement.number).desc())
        ).all()
    )


def statement_items(statement: ScopeStatement) -> list[tuple[str, str, str]]:
    """(reference, kind, name) of the items in scope when `statement` was recorded."""
    return [(str(r), str(k), str(n)) for r, k, n in json.loads(statement.items_json)]


def record_statement(*, session: Session, organisation_id: int, text: str, actor: Actor) -> ScopeStatement:
    """A new version of the scope statement, freezing the list of in-scope processes and systems."""
    text = text.strip()
    if not text:
        raise RuleError(problem("text", "statement_required"))
    if len(text) > MAX_TEXT:
        raise RuleError(problem("text", "too_long", limit=MAX_TEXT))
    current = current_statement(session=session, organisation_id=organisation_id)
    items = [
        [i.reference, i.kind, i.name]
        for i in in_scope_items(session=session, organisation_id=organisation_id)
    ]
    statement = ScopeStatement(
        organisation_id=organisation_id,
        number=(current.number if current else 0) + 1,
        text=text,
        items_json=json.dumps(items, ensure_ascii=False),
        recorded_at=clock.now(),
        recorded_by_id=actor.user_id,
        recorded_by=actor.name[:254],
    )
    session.add(statement)
    session.flush()
    record_event(
        session=session,
        action="scope.statement_recorded",
        actor=actor,
        organisation_id=organisation_id,
        subject=f"reikwijdte versie {statement.number}",
    )
    return statement

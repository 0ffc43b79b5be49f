"""The scope chapter of the Statement of Applicability: the scope statement (reikwijdte) in force, the processes
and systems it lists, the current quickscan classification, the gaps (classified hoog without a linked risk
analysis) and the answers refined per system."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from controls.answers import cutoff
from risk.scope_links import scope_gaps
from scope.answer_scope import exceptions_by_requirement
from scope.labels import KIND, LEVEL, OUTCOME
from scope.models import ScopeItem, ScopeStatement
from scope.statement import statement_items


@dataclass(frozen=True)
class ScopeRow:
    reference: str
    kind: str
    name: str
    classification: str  # "B hoog, I midden, V laag" or ""
    outcome: str
    gap: bool


@dataclass(frozen=True)
class ScopeSection:
    statement: ScopeStatement | None
    rows: tuple[ScopeRow, ...]
    gaps: tuple[ScopeItem, ...]
    exceptions: dict[int, list[tuple[str, str, str]]]  # by requirement id: (item reference, name, reason)


def _statement(*, session: Session, organisation_id: int, as_of: date | None) -> ScopeStatement | None:
    query = select(ScopeStatement).where(col(ScopeStatement.organisation_id) == organisation_id)
    if as_of is not None:
        query = query.where(col(ScopeStatement.recorded_at) < cutoff(as_of))
    return session.exec(query.order_by(col(ScopeStatement.number).desc())).first()


def classification(item: ScopeItem) -> str:
    if item.outcome is None:
        return ""
    parts = zip("BIV", (item.availability, item.integrity, item.confidentiality), strict=True)
    return ", ".join(f"{letter} {LEVEL.of(level)}" for letter, level in parts)


def scope_section(*, session: Session, organisation_id: int, as_of: date | None = None) -> ScopeSection:
    """The statement in force at the end of `as_of` (or now) with its items; classifications and gaps as now."""
    statement = _statement(session=session, organisation_id=organisation_id, as_of=as_of)
    items = {
        item.reference: item
        for item in session.exec(
            select(ScopeItem).where(col(ScopeItem.organisation_id) == organisation_id)
        ).all()
    }
    gaps = tuple(scope_gaps(session=session, organisation_id=organisation_id))
    gap_ids = {item.id for item in gaps}
    listed = statement_items(statement) if statement is not None else []
    if statement is None:
        listed = [
            (i.reference, i.kind, i.name)
            for i in sorted(items.values(), key=lambda i: i.reference)
            if i.in_scope
        ]
    rows = []
    for reference, kind, name in listed:
        item = items.get(reference)
        rows.append(
            ScopeRow(
                reference,
                KIND.of(kind),
                name,
                classification(item) if item else "",
                OUTCOME.of(item.outcome) if item else "",
                item is not None and item.id in gap_ids,
            )
        )
    return ScopeSection(
        statement,
        tuple(rows),
        gaps,
        exceptions_by_requirement(session=session, organisation_id=organisation_id),
    )

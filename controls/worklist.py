"""What a CISO picks up from a Statement of Applicability: its entries filtered (kind, theme, category, status,
text) and the worklist of overdue reviews and unanswered mandatory measures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from controls.answer_models import Status
from controls.models import RequirementKind
from controls.soa import Entry, Statement

FILTER_STATUSES = (*(s.value for s in Status), "review_overdue", "plan_overdue", "withdrawn")


def filter_entries(
    entries: tuple[Entry, ...] | list[Entry],
    *,
    kind: str | None = None,
    theme: str | None = None,
    category: str | None = None,
    status: str | None = None,
    text: str | None = None,
) -> list[Entry]:
    """Entries matching every filter given; `status` also takes review_overdue, plan_overdue, withdrawn."""
    needle = (text or "").strip().lower()
    result = []
    for entry in entries:
        if kind and entry.kind != kind:
            continue
        if theme and entry.group != theme:
            continue
        if category and category not in entry.categories:
            continue
        if status and not _has_status(entry, status):
            continue
        if needle and needle not in _haystack(entry):
            continue
        result.append(entry)
    return result


def _has_status(entry: Entry, status: str) -> bool:
    if status == "review_overdue":
        return entry.review_overdue
    if status == "plan_overdue":
        return entry.plan_overdue
    if status == "withdrawn":
        return not entry.active
    return entry.active and entry.status == status


def _haystack(entry: Entry) -> str:
    owner = entry.answer.owner if entry.answer else ""
    return " ".join((entry.code, entry.title, entry.summary, entry.justification, owner)).lower()


@dataclass(frozen=True)
class Worklist:
    """What the CISO should pick up: answers whose review is overdue (most overdue first) and mandatory
    measures without an answer (of their own, or of the provider they inherit from)."""

    review_overdue: tuple[Entry, ...]
    unanswered_measures: tuple[Entry, ...]


def _review_due(entry: Entry) -> date:
    return entry.answer.next_review_due if entry.answer else date.max


def worklist_of(statement: Statement) -> Worklist:
    """What the CISO has to do: overdue reviews (oldest first) and unanswered mandatory measures."""
    overdue = sorted(statement.review_overdue, key=_review_due)
    unanswered = [
        e
        for e in statement.entries
        if e.active and e.kind == RequirementKind.MEASURE.value and e.status == Status.UNANSWERED.value
    ]
    return Worklist(tuple(overdue), tuple(unanswered))

"""An answer as it stood in one revision, read as plain columns: what the statement of applicability, the API's
answers list and the adopted versions show of each answer; and which answers' latest decision waits for a second
person ("ter goedkeuring"), which every figure counts as undecided (the statement reads both here)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import func
from sqlmodel import Session, col

from controls.answer_models import AnswerRevision
from controls.answer_steps import answer_proposals
from controls.answers import cutoff, newest_revisions_query


@dataclass(frozen=True)
class AnswerSummary:
    """An answer as it stood in one revision."""

    revision: int
    recorded_at: datetime
    author_name: str
    note: str
    applicability: str
    implementation: str | None
    design: str
    existence: str
    operation: str
    explanation: str
    planned_on: date | None
    owner: str
    risk_reference: str
    last_reviewed_on: date
    next_review_due: date
    public_explanation: str = ""  # an adoption from before the field holds none

    @classmethod
    def of(cls, revision: AnswerRevision) -> AnswerSummary:
        values = {name: getattr(revision, name) for name in cls.__dataclass_fields__ if name != "revision"}
        return cls(
            **values | {"public_explanation": revision.public_explanation or ""}, revision=revision.number
        )


SUMMARY_FIELDS = tuple(name for name in AnswerSummary.__dataclass_fields__ if name != "revision")


def latest_summaries(
    *, session: Session, organisation_id: int, as_of: date | None
) -> dict[int, AnswerSummary]:
    """The newest revision of each answer as an AnswerSummary, by requirement id: only its columns are read
    (no ORM objects), one query."""
    columns = [col(AnswerRevision.number), *(_summary_column(name) for name in SUMMARY_FIELDS)]
    query = newest_revisions_query(columns, organisation_id=organisation_id, as_of=as_of)
    # the dataclass's field order: revision, then SUMMARY_FIELDS
    return {row[0]: AnswerSummary(row[1], *row[2:]) for row in session.exec(query).all()}


class _Recorded(Protocol):
    @property
    def recorded_at(self) -> datetime: ...


def held_requirements(
    *, session: Session, organisation_id: int, as_of: date | None, summaries: Mapping[int, _Recorded]
) -> frozenset[int]:
    """The requirement ids whose latest decision waited for approval (now, or at the end of the day `as_of`):
    a proposal was waiting then and no revision of the answer (`summaries`, as of the same day) came after it.
    One query, whatever the number of answers."""
    before = cutoff(as_of) if as_of is not None else None
    held = set()
    for proposal in answer_proposals(session=session, organisation_id=organisation_id, decided_since=before):
        answer = summaries.get(proposal.requirement_id)
        if proposal.holds(before=before, recorded_at=answer.recorded_at if answer is not None else None):
            held.add(proposal.requirement_id)
    return frozenset(held)


def _summary_column(name: str) -> Any:
    column = getattr(AnswerRevision, name)  # a revision from before the public explanation holds NULL there
    return func.coalesce(column, "") if name == "public_explanation" else column

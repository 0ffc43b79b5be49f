"""What higher layers add to every answer save (`controls.answers.record_answers`): holding a decision for a
second person, and the steps after a save (the risks an answer names, the action the plan asks for). The plan
and the risk register register theirs in `ANSWER_STEPS` (core/save_steps.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from sqlmodel import Session

from controls.answer_models import AnswerRevision
from controls.models import Requirement
from controls.rules import AnswerValues
from core.actor import Actor
from core.save_steps import Held, Made, Steps


@dataclass(frozen=True)
class AnswerToSave:
    """One change that passed the answer rules and differs from the current revision."""

    requirement: Requirement
    values: AnswerValues
    current: AnswerRevision | None
    base_revision: int


@dataclass(frozen=True)
class SavedAnswer:
    requirement: Requirement
    revision: AnswerRevision


class AnswerStep(Protocol):
    def hold(
        self,
        *,
        session: Session,
        organisation_id: int,
        answers: Sequence[AnswerToSave],
        actor: Actor,
        approved_by: Actor | None,
    ) -> Mapping[int, Held]:
        """The answers (by their index in `answers`) held for a second person instead of recorded."""
        ...

    def saved(
        self, *, session: Session, organisation_id: int, answers: Sequence[SavedAnswer], actor: Actor
    ) -> Sequence[Made]:
        """After the revisions are flushed, in the same transaction: only these answers are touched."""
        ...


ANSWER_STEPS: Steps[AnswerStep] = Steps()


@dataclass(frozen=True)
class AnswersSaved:
    """What `record_answers` did, in the order of its changes: the revision (the current one where nothing
    differed; None where the change was held), what was held for approval (by index) and what the steps made."""

    revisions: list[AnswerRevision | None]
    held: dict[int, Held] = field(default_factory=dict)
    made: tuple[Made, ...] = ()


@dataclass(frozen=True)
class AnswerSaved:
    """`record_answer`'s outcome: the revision (None when held), the approval it waits for, what was made."""

    revision: AnswerRevision | None
    held: Held | None = None
    made: tuple[Made, ...] = ()


@dataclass(frozen=True)
class Proposal:
    """An answer proposed "ter goedkeuring": when, and when it was decided (None while it waits)."""

    requirement_id: int
    proposed_at: datetime
    decided_at: datetime | None

    def holds(self, *, before: datetime | None, recorded_at: datetime | None) -> bool:
        """Whether the answer's latest decision waited for approval just before `before` (None: now), given
        when its latest revision then was recorded: the proposal was waiting, and no revision came after it."""
        if before is None:
            waiting = self.decided_at is None
        else:
            waiting = self.proposed_at < before and (self.decided_at is None or self.decided_at >= before)
        return waiting and (recorded_at is None or recorded_at < self.proposed_at)


class AnswerProposals(Protocol):
    def proposals(
        self, *, session: Session, organisation_id: int, decided_since: datetime | None
    ) -> Sequence[Proposal]:
        """The organisation's answer proposals still waiting, and, when `decided_since` is given, those decided
        at or after it (what waited at some moment since). One query."""
        ...


# Who keeps the proposals (the plan, plan/rules.py): the figures (controls.summaries, controls.trend) count an
# answer whose latest decision waits for approval as undecided.
ANSWER_PROPOSALS: Steps[AnswerProposals] = Steps()


def answer_proposals(
    *, session: Session, organisation_id: int, decided_since: datetime | None = None
) -> list[Proposal]:
    return [
        proposal
        for reader in ANSWER_PROPOSALS
        for proposal in reader.proposals(
            session=session, organisation_id=organisation_id, decided_since=decided_since
        )
    ]

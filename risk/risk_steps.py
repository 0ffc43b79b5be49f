"""What higher layers add to every risk save (`risk.register.create_risk` and `update_risk`): holding a
decision for a second person, and the steps after a save (the action the plan asks for). The plan registers
its step in `RISK_STEPS` (core/save_steps.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlmodel import Session

from core.actor import Actor
from core.save_steps import Held, Made, Steps
from risk.models import Risk
from risk.rules import RiskData


class RiskStep(Protocol):
    def hold(
        self,
        *,
        session: Session,
        organisation_id: int,
        risk: Risk | None,
        data: RiskData,
        current: RiskData | None,
        base_revision: int,
        actor: Actor,
        approved_by: Actor | None,
    ) -> Held | None:
        """Held for a second person instead of recorded (`risk` None: a new risk); `data` passed the rules."""
        ...

    def saved(self, *, session: Session, risk: Risk, actor: Actor) -> Sequence[Made]:
        """After the revision is flushed, in the same transaction."""
        ...


RISK_STEPS: Steps[RiskStep] = Steps()


@dataclass(frozen=True)
class RiskSaved:
    """What a risk save did: the risk (None when a new one was held), whether a revision was added, the
    approval it waits for, and what the steps made."""

    risk: Risk | None
    changed: bool
    held: Held | None = None
    made: tuple[Made, ...] = ()


def held(
    *,
    session: Session,
    organisation_id: int,
    risk: Risk | None,
    data: RiskData,
    current: RiskData | None,
    base_revision: int,
    actor: Actor,
    approved_by: Actor | None,
) -> Held | None:
    for step in RISK_STEPS:
        found = step.hold(
            session=session,
            organisation_id=organisation_id,
            risk=risk,
            data=data,
            current=current,
            base_revision=base_revision,
            actor=actor,
            approved_by=approved_by,
        )
        if found is not None:
            return found
    return None


def after_save(*, session: Session, risk: Risk, actor: Actor) -> tuple[Made, ...]:
    return tuple(
        thing for step in RISK_STEPS for thing in step.saved(session=session, risk=risk, actor=actor)
    )

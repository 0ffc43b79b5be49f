"""What the management dashboard opens with, in figures a wethouder decides on: risks above the appetite, the
weerstandsvermogen of the latest P&C moment, overdue actions, temporary acceptances about to expire (or
expired), and the compliance now against a year ago. And the CISO's "te doen": overdue actions, approvals
waiting for the user, what still lacks an action."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from controls.trend import Trend, compliance_trend
from core.models import Role
from plan.actions import list_actions
from plan.approvals import waiting_for
from plan.gaps import AnswerLike, gaps
from plan.models import Action, Approval
from risk.matrix import Matrix, matrix_for
from risk.models import PCMoment, PCSnapshot, Treatment
from risk.reading import RiskState, list_risks
from risk.weerstand import Weerstand, weerstand_history

EXPIRING_WITHIN = timedelta(days=60)


@dataclass(frozen=True)
class Decisions:
    above_appetite: tuple[RiskState, ...]
    weerstand: (
        Weerstand | None
    )  # of the latest moment with a snapshot (ratio only over the begroting's totals)
    moment: tuple[str, int] | None  # the P&C document's kind and year, e.g. ("begroting", 2026)
    overdue: tuple[Action, ...]
    expiring: tuple[RiskState, ...]  # acceptance ends within 60 days
    expired: tuple[RiskState, ...]
    trend: Trend

    @property
    def compliance_now(self) -> int | None:
        return self.trend.overall[-1]

    @property
    def compliance_year_ago(self) -> int | None:
        return self.trend.overall[0]


def decisions(
    *,
    session: Session,
    organisation_id: int,
    today: date,
    locale: str = "nl",
    risks: Sequence[RiskState] | None = None,
    matrix: Matrix | None = None,
    history: Sequence[tuple[PCMoment, PCSnapshot, Weerstand]] | None = None,
    overdue: Sequence[Action] | None = None,
) -> Decisions:
    """What management decides on. A page that shows more of the same figures passes what it has read
    already: the register (`list_risks`), the matrix, `weerstand_history` and the actions overdue today."""
    if risks is None:
        risks = list_risks(session=session, organisation_id=organisation_id)
    states = [s for s in risks if not s.is_closed]
    if matrix is None:
        matrix = matrix_for(session=session, organisation_id=organisation_id)
    above = tuple(
        sorted(
            (s for s in states if matrix.exceeds_appetite(s.residual_likelihood, s.residual_impact)),
            key=lambda s: -s.residual_score,
        )
    )
    accepted = [s for s in states if s.treatment == Treatment.ACCEPT.value and s.acceptance_expires_on]
    if history is None:
        history = weerstand_history(session=session, organisation_id=organisation_id)
    if overdue is None:
        overdue = list_actions(session=session, organisation_id=organisation_id, overdue_on=today)
    moment, _snapshot, weerstand = history[-1] if history else (None, None, None)
    return Decisions(
        above_appetite=above,
        weerstand=weerstand,
        moment=(moment.kind, moment.year) if moment else None,
        overdue=tuple(overdue),
        expiring=tuple(
            s
            for s in accepted
            if s.acceptance_expires_on and today <= s.acceptance_expires_on <= today + EXPIRING_WITHIN
        ),
        expired=tuple(s for s in accepted if s.acceptance_expires_on and s.acceptance_expires_on < today),
        trend=compliance_trend(session=session, organisation_id=organisation_id, today=today, locale=locale),
    )


@dataclass(frozen=True)
class ToDo:
    overdue: tuple[Action, ...]
    approvals: tuple[Approval, ...]
    without_action: int


def to_do(
    *,
    session: Session,
    organisation_id: int,
    user_id: int,
    role: Role,
    today: date,
    overdue: Sequence[Action] | None = None,
    risks: Sequence[RiskState] | None = None,
    answers: Mapping[int, AnswerLike] | None = None,
) -> ToDo:
    """The "te doen"; `overdue`, `risks` and `answers` as `decisions` and `plan.gaps.gaps` take them."""
    if overdue is None:
        overdue = list_actions(session=session, organisation_id=organisation_id, overdue_on=today)
    return ToDo(
        overdue=tuple(overdue),
        approvals=tuple(
            waiting_for(session=session, organisation_id=organisation_id, user_id=user_id, role=role)
        ),
        without_action=len(
            gaps(session=session, organisation_id=organisation_id, risks=risks, answers=answers)
        ),
    )

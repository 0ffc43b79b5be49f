"""Filtering the register: the selections of the register page, the heatmap cells and the reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from risk.heatmap import Kind, risk_cell
from risk.matrix import Matrix
from risk.models import Level
from risk.reading import RiskState

ACTIVE = "active"  # every status but closed: the default view
ALL = "all"


@dataclass(frozen=True)
class RegisterFilter:
    """Every criterion is optional; `status` is a RiskStatus value, ACTIVE or ALL."""

    text: str = ""
    status: str = ACTIVE
    treatment: str = ""
    level: Level | None = None  # residual level
    above_appetite: bool = False  # residual level above the risk appetite
    kind: Kind | None = None  # with likelihood and impact: one heatmap cell
    likelihood: int | None = None
    impact: int | None = None
    expired_acceptance: bool = False
    requirement: str = ""
    owner: str = ""


def _matches_text(state: RiskState, text: str) -> bool:
    needle = text.casefold()
    haystack = (state.reference, state.title, state.description, state.cause, state.consequence, state.owner)
    return any(needle in part.casefold() for part in haystack)


def filter_register(
    states: Iterable[RiskState], criteria: RegisterFilter, *, matrix: Matrix, today: date
) -> list[RiskState]:
    """The states that meet every criterion, in their given order."""
    chosen = []
    for state in states:
        if criteria.status == ACTIVE and state.is_closed:
            continue
        if criteria.status not in (ACTIVE, ALL) and state.status != criteria.status:
            continue
        if criteria.treatment and state.treatment != criteria.treatment:
            continue
        residual = (state.residual_likelihood, state.residual_impact)
        if criteria.level and matrix.level(*residual) != criteria.level:
            continue
        if criteria.above_appetite and not matrix.exceeds_appetite(*residual):
            continue
        cell = (criteria.likelihood, criteria.impact)
        if criteria.kind and all(cell) and risk_cell(state, criteria.kind) != cell:
            continue
        if criteria.expired_acceptance and not state.acceptance_expired(today):
            continue
        if criteria.requirement and criteria.requirement not in state.requirement_codes:
            continue
        if criteria.owner and criteria.owner.casefold() not in state.owner.casefold():
            continue
        if criteria.text and not _matches_text(state, criteria.text):
            continue
        chosen.append(state)
    return chosen

"""The weerstandsvermogen of a P&C moment, honestly: the municipality's own figures from its begroting (entered,
append-only) and, only over its totals, the ratio and the A-F rating.

The snapshot of a moment freezes the register and the information-security risks' required capacity; the
begroting's figures (available capacity, the required capacity of all other risks and the certainty of that
simulation) usually arrive after it, so they are a history of their own: entered before or after the snapshot,
corrected by a new row, the newest in force. A ratio of the whole available capacity to the information-security
risks alone is never shown (docs/weerstandsvermogen.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session, col, select

from core.actor import Actor
from core.audit import changed_fields, record_event
from core.dbtypes import id_of
from core.errors import Problem, RuleError
from risk.capacity import CERTAINTIES, Rating, capacity_ratio, convention_of_method, rating
from risk.conventions import ImpactConvention
from risk.models import BudgetFigures, PCMoment, PCSnapshot
from risk.pc import MAX_CAPACITY, capacity_history, problem

MAX_SOURCE = 300


class NoRatio(StrEnum):
    """Why a moment shows no ratio and no rating."""

    NO_FIGURES = "no_figures"  # the begroting's totals are not entered
    OTHER_CERTAINTY = "other_certainty"  # the begroting's simulation used another certainty than the snapshot
    NOTHING_REQUIRED = "nothing_required"  # the total required capacity is 0


def _amount_problem(field: str, value: object, code: str, label: str) -> list[Problem]:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_CAPACITY:
        return []
    message = f"{label} is een heel bedrag in euro's van 0 of meer"
    return [problem(field, code, message, min=0, max=MAX_CAPACITY)]


def _figures_fields(figures: BudgetFigures | None) -> dict[str, object]:
    if figures is None:
        return {}
    return {
        "available_capacity": figures.available_capacity,
        "other_required_capacity": figures.other_required_capacity,
        "certainty": figures.certainty,
        "source": figures.source,
    }


def enter_figures(
    *,
    session: Session,
    moment: PCMoment,
    available_capacity: int,
    other_required_capacity: int,
    certainty: float,
    source: str = "",
    actor: Actor,
) -> BudgetFigures:
    """Record the begroting's figures of the moment (a new row; the previous ones stay as history)."""
    problems = _amount_problem(
        "available_capacity", available_capacity, "capacity_out_of_range", "beschikbare weerstandscapaciteit"
    )
    problems += _amount_problem(
        "other_required_capacity",
        other_required_capacity,
        "other_capacity_out_of_range",
        "benodigde capaciteit van de overige risico's",
    )
    if certainty not in CERTAINTIES:
        choices = ", ".join(f"{c:.0%}" for c in CERTAINTIES)
        message = f"zekerheid moet een van {choices} zijn"
        problems.append(problem("certainty", "certainty_not_offered", message, choices=choices))
    if problems:
        raise RuleError(problems)
    before = _figures_fields(current_figures(session=session, moment=moment))
    figures = BudgetFigures(
        moment_id=id_of(moment),
        organisation_id=moment.organisation_id,
        available_capacity=available_capacity,
        other_required_capacity=other_required_capacity,
        certainty=certainty,
        source=source.strip()[:MAX_SOURCE],
        entered_by_id=actor.user_id,
        entered_by=actor.name[:254],
    )
    session.add(figures)
    session.flush()
    record_event(
        session=session,
        action="pc.budget_figures_entered",
        actor=actor,
        organisation_id=moment.organisation_id,
        subject=f"{moment.kind} {moment.year}",
        changes=changed_fields(before, _figures_fields(figures)),
    )
    return figures


def figures_history(*, session: Session, moment: PCMoment) -> list[BudgetFigures]:
    """Every entry of the moment's begroting figures, newest first."""
    return list(
        session.exec(
            select(BudgetFigures)
            .where(col(BudgetFigures.moment_id) == id_of(moment))
            .order_by(col(BudgetFigures.id).desc())
        ).all()
    )


def current_figures(*, session: Session, moment: PCMoment) -> BudgetFigures | None:
    """The figures in force: the newest entry, or None before any."""
    return session.exec(
        select(BudgetFigures)
        .where(col(BudgetFigures.moment_id) == id_of(moment))
        .order_by(col(BudgetFigures.id).desc())
        .limit(1)
    ).first()


def figures_by_moment(*, session: Session, organisation_id: int) -> dict[int, BudgetFigures]:
    """The figures in force of each of the organisation's moments, in one query (for lists)."""
    rows = session.exec(
        select(BudgetFigures)
        .where(col(BudgetFigures.organisation_id) == organisation_id)
        .order_by(col(BudgetFigures.id))
    ).all()
    return {row.moment_id: row for row in rows}  # later rows overwrite: the newest stays


@dataclass(frozen=True)
class Weerstand:
    """The figures of a moment as the paragraph shows them: the information-security part from the snapshot,
    the totals from the begroting; ratio and rating only over the totals."""

    convention: ImpactConvention | None
    certainty: float  # of the snapshot's simulation
    infosec_required: float
    figures: BudgetFigures | None

    @property
    def no_ratio(self) -> NoRatio | None:
        if self.figures is None:
            return NoRatio.NO_FIGURES
        if abs(self.figures.certainty - self.certainty) > 1e-9:
            return NoRatio.OTHER_CERTAINTY
        if self.infosec_required + self.figures.other_required_capacity <= 0:
            return NoRatio.NOTHING_REQUIRED
        return None

    @property
    def total_required(self) -> float | None:
        """Information-security risks plus all other risks, when both are at the same certainty."""
        if self.figures is None or self.no_ratio is NoRatio.OTHER_CERTAINTY:
            return None
        return self.infosec_required + self.figures.other_required_capacity

    @property
    def share(self) -> float | None:
        """The information-security risks' part of the total required capacity (0..1)."""
        total = self.total_required
        return self.infosec_required / total if total else None

    @property
    def ratio(self) -> float | None:
        if self.no_ratio is not None or self.figures is None or self.total_required is None:
            return None
        return capacity_ratio(self.figures.available_capacity, self.total_required)

    @property
    def rating(self) -> Rating | None:
        return rating(self.ratio)


def weerstand_of(snapshot: PCSnapshot, figures: BudgetFigures | None) -> Weerstand:
    return Weerstand(
        convention=convention_of_method(snapshot.method),
        certainty=snapshot.certainty,
        infosec_required=snapshot.required_capacity,
        figures=figures,
    )


def weerstand_history(
    *, session: Session, organisation_id: int
) -> list[tuple[PCMoment, PCSnapshot, Weerstand]]:
    """The moments with a snapshot, oldest first, each with its weerstandsvermogen (two queries)."""
    figures = figures_by_moment(session=session, organisation_id=organisation_id)
    return [
        (moment, snapshot, weerstand_of(snapshot, figures.get(id_of(moment))))
        for moment, snapshot in capacity_history(session=session, organisation_id=organisation_id)
    ]

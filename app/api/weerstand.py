"""The weerstandsvermogen of a P&C moment: the begroting's own figures (a history; POST adds an entry), the
figures as the paragraph shows them (ratio and rating only over the municipality's totals), the risk table for
the controller (XLSX), and the impact convention of the organisation; through risk.weerstand, risk.risk_table and
risk.matrix, as the pages."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from flask import current_app

from app.api.auth import api_view, token_actor
from app.api.base import bp
from app.api.conventions import ApiInput, ApiModel, Moment
from app.api.pc import _moment
from app.api.problem import ApiProblem
from app.api.spec import binary_response, responses, spec
from app.db import get_session
from app.risks import problems  # noqa: F401 - words the pc.* codes
from app.security import Permission
from core.models import Organisation
from risk.capacity import ImpactConvention
from risk.matrix import matrix_for, save_matrix
from risk.models import BudgetFigures
from risk.pc import snapshot_of, snapshot_view
from risk.risk_table import risk_table_xlsx
from risk.weerstand import Weerstand, current_figures, enter_figures, figures_history, weerstand_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Convention = Literal["triangular", "maximum", "uniform", "most_likely"]


class FiguresIn(ApiInput):
    available_capacity: int
    other_required_capacity: int
    certainty: float
    source: str = ""


class FiguresOut(ApiModel):
    id: int
    available_capacity: int
    other_required_capacity: int
    certainty: float
    source: str
    entered_at: Moment
    entered_by: str


class FiguresList(ApiModel):
    total: int
    items: list[FiguresOut]


class WeerstandOut(ApiModel):
    """The information-security part (from the snapshot, with its convention and certainty), the begroting's
    figures in force, and ratio and rating only over the totals (null with `no_ratio` saying why)."""

    impact_convention: str | None
    certainty: float
    infosec_required_capacity: float
    figures: FiguresOut | None
    total_required_capacity: float | None
    infosec_share: float | None
    ratio: float | None
    rating: str | None
    no_ratio: str | None


class ConventionIn(ApiInput):
    impact_convention: Convention


class ConventionOut(ApiModel):
    impact_convention: str


def weerstand_out(weerstand: Weerstand) -> WeerstandOut:
    return WeerstandOut(
        impact_convention=weerstand.convention.value if weerstand.convention else None,
        certainty=weerstand.certainty,
        infosec_required_capacity=weerstand.infosec_required,
        figures=FiguresOut.model_validate(weerstand.figures) if weerstand.figures else None,
        total_required_capacity=weerstand.total_required,
        infosec_share=weerstand.share,
        ratio=weerstand.ratio,
        rating=weerstand.rating.value if weerstand.rating else None,
        no_ratio=weerstand.no_ratio.value if weerstand.no_ratio else None,
    )


@bp.get("/organisations/<slug>/pc-moments/<int:moment_id>/weerstand")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(WeerstandOut), tags=["pc"], operation_id="get_pc_weerstand")
def weerstand(organisation: Organisation, moment_id: int):
    """The moment's weerstandsvermogen; 404 before its snapshot."""
    found = _moment(organisation, moment_id)
    db = get_session()
    snapshot = snapshot_of(session=db, moment=found)
    if snapshot is None:
        raise ApiProblem(404)
    return weerstand_out(weerstand_of(snapshot, current_figures(session=db, moment=found)))


@bp.get("/organisations/<slug>/pc-moments/<int:moment_id>/budget-figures")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(FiguresList), tags=["pc"], operation_id="list_pc_budget_figures")
def budget_figures(organisation: Organisation, moment_id: int):
    """Every entry of the moment's begroting figures, newest (the one in force) first."""
    rows = figures_history(session=get_session(), moment=_moment(organisation, moment_id))
    return FiguresList(total=len(rows), items=[FiguresOut.model_validate(row) for row in rows])


@bp.post("/organisations/<slug>/pc-moments/<int:moment_id>/budget-figures")
@api_view(Permission.EDIT)
@spec.validate(
    json=FiguresIn,
    resp=responses(FiguresOut, status=201, errors=(422,)),
    tags=["pc"],
    operation_id="enter_pc_budget_figures",
)
def enter_budget_figures(organisation: Organisation, moment_id: int, json: FiguresIn):
    """A new entry of the begroting's figures (before or after the snapshot; the snapshot never changes)."""
    found = _moment(organisation, moment_id)
    db = get_session()
    entered: BudgetFigures = enter_figures(session=db, moment=found, actor=token_actor(), **json.model_dump())
    db.commit()
    return FiguresOut.model_validate(entered), 201


@bp.get("/organisations/<slug>/pc-moments/<int:moment_id>/risk-table")
@api_view(Permission.VIEW)
@spec.validate(
    resp=responses(None), tags=["pc"], operation_id=binary_response("download_pc_risk_table", XLSX)
)
def risk_table(organisation: Organisation, moment_id: int):
    """The snapshot's information-security risks as a municipal risk table (XLSX); 404 before the snapshot."""
    found = _moment(organisation, moment_id)
    db = get_session()
    snapshot = snapshot_of(session=db, moment=found)
    if snapshot is None:
        raise ApiProblem(404)
    content = risk_table_xlsx(
        snapshot_view(found, snapshot), weerstand_of(snapshot, current_figures(session=db, moment=found))
    )
    response = current_app.response_class(content, mimetype=XLSX)
    name = f"risicotabel-{organisation.slug}-{found.kind}-{found.year}.xlsx"
    response.headers.set("Content-Disposition", "attachment", filename=name)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/organisations/<slug>/risks/impact-convention")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(ConventionOut), tags=["risks"], operation_id="get_impact_convention")
def impact_convention(organisation: Organisation):
    """What a risk costs when it occurs, in the simulation and the risk table (the organisation's setting)."""
    matrix = matrix_for(session=get_session(), organisation_id=organisation.id)
    return ConventionOut(impact_convention=matrix.impact_convention)


@bp.post("/organisations/<slug>/risks/impact-convention")
@api_view(Permission.EDIT)
@spec.validate(
    json=ConventionIn,
    resp=responses(ConventionOut, errors=(422,)),
    tags=["risks"],
    operation_id="set_impact_convention",
)
def set_impact_convention(organisation: Organisation, json: ConventionIn):
    """Choose the convention; snapshots already taken keep the one they were computed with."""
    db = get_session()
    matrix = matrix_for(session=db, organisation_id=organisation.id)
    chosen = ImpactConvention(json.impact_convention)
    save_matrix(
        session=db,
        organisation_id=organisation.id,
        matrix=replace(matrix, impact_convention=chosen.value),
        actor=token_actor(),
    )
    db.commit()
    return ConventionOut(impact_convention=chosen.value)

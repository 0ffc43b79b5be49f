"""The risk register: risks with filters and `as_of`, one with its revisions, recording and changing one
(If-Match), and the organisation's 5x5 matrix with its heatmap counts; through risk.reading and
risk.register, as the pages."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Literal

from pydantic import Field

from app.api.auth import api_view, token_actor
from app.api.base import bp
from app.api.conventions import (
    ApiInput,
    ApiModel,
    Moment,
    Page,
    PageQuery,
    etag,
    paged,
    required_revision,
    resource_headers,
)
from app.api.decisions import ApprovalOut, accepted
from app.api.problem import ApiProblem
from app.api.spec import CHANGE_ERRORS, responses, spec
from app.db import get_session
from app.risks import problems  # noqa: F401 - words the risk.* codes
from app.security import Permission
from core import clock
from core.models import Organisation
from risk.filters import ALL, RegisterFilter, filter_register
from risk.heatmap import Kind, heatmap_cells, heatmap_counts
from risk.matrix import Matrix, matrix_for
from risk.models import PROBABILITY_CLASSES, Aspect, ImpactArea, Level, RiskStatus, Treatment
from risk.reading import RiskState, data_of, list_risks, risk_history
from risk.reading import get_risk as risk_of
from risk.register import create_risk, update_risk
from risk.rules import RiskData

Score = Field(ge=1, le=5)
Amount = Field(None, ge=0, le=10**12)


class RiskIn(ApiInput):
    """What is recorded about a risk: the fields and rules of the risk form."""

    title: str = Field(max_length=200)
    owner: str = Field(max_length=200)
    inherent_likelihood: int = Score
    inherent_impact: int = Score
    treatment: Treatment
    residual_likelihood: int = Score
    residual_impact: int = Score
    status: RiskStatus = RiskStatus.OPEN
    description: str = Field("", max_length=10_000)
    cause: str = Field("", max_length=10_000)
    consequence: str = Field("", max_length=10_000)
    aspects: list[Aspect] = Field(default_factory=list, max_length=10)
    impact_areas: list[ImpactArea] = Field(default_factory=list, max_length=20)
    accepted_by: str = Field("", max_length=200)
    accepted_on: date | None = None
    acceptance_expires_on: date | None = None
    review_on: date | None = None
    probability: Literal[PROBABILITY_CLASSES] | None = None  # type: ignore[valid-type]
    impact_minimum: int | None = Amount
    impact_most_likely: int | None = Amount
    impact_maximum: int | None = Amount
    requirement_codes: list[str] = Field(default_factory=list, max_length=100)

    def data(self) -> RiskData:
        values = self.model_dump()
        for name in ("aspects", "impact_areas", "requirement_codes"):
            values[name] = tuple(str(value) for value in values[name])
        values["treatment"], values["status"] = self.treatment.value, self.status.value
        return RiskData(**values)


class RiskFieldsOut(ApiModel):
    title: str
    owner: str
    inherent_likelihood: int
    inherent_impact: int
    treatment: str
    residual_likelihood: int
    residual_impact: int
    status: str
    description: str
    cause: str
    consequence: str
    aspects: list[str]
    impact_areas: list[str]
    accepted_by: str
    accepted_on: date | None
    acceptance_expires_on: date | None
    review_on: date | None
    probability: int | None
    impact_minimum: int | None
    impact_most_likely: int | None
    impact_maximum: int | None
    requirement_codes: list[str]


class RiskOut(RiskFieldsOut):
    id: int
    reference: str
    revision: int
    changed_at: Moment
    changed_by: str
    residual_level: str
    above_appetite: bool


class RiskRevisionOut(RiskFieldsOut):
    number: int
    changed_at: Moment
    changed_by: str
    note: str


class RiskDetail(RiskOut):
    revisions: list[RiskRevisionOut]


class RiskPage(Page):
    items: list[RiskOut]


class RiskRevisionList(ApiModel):
    total: int
    items: list[RiskRevisionOut]


class RiskQuery(PageQuery):
    as_of: date | None = Field(None, description="the register as it stood at the end of this day")
    status: Literal["active", "all", "open", "in_treatment", "monitoring", "closed"] = "active"
    treatment: Treatment | None = None
    level: Level | None = Field(None, description="residual level")
    above_appetite: bool = False
    expired_acceptance: bool = False
    requirement: str = Field("", max_length=20)
    owner: str = Field("", max_length=200)
    text: str = Field("", max_length=200)


class AsOfQuery(ApiInput):
    as_of: date | None = None


class Cell(ApiModel):
    likelihood: int
    impact: int
    count: int
    level: str
    exceeds_appetite: bool


class MatrixOut(ApiModel):
    likelihood_labels: list[str]
    impact_labels: list[str]
    levels: list[list[str]]
    appetite: str
    certainty: float
    impact_convention: str
    inherent: list[Cell]
    residual: list[Cell]


def _fields(data: RiskData) -> dict:
    return asdict(data)


def risk_out(state: RiskState, matrix: Matrix) -> RiskOut:
    residual = (state.data.residual_likelihood, state.data.residual_impact)
    return RiskOut(
        id=state.risk_id,
        reference=state.reference,
        revision=state.revision,
        changed_at=state.changed_at,
        changed_by=state.changed_by,
        residual_level=matrix.level(*residual).value,
        above_appetite=matrix.exceeds_appetite(*residual),
        **_fields(state.data),
    )


def _past(as_of: date | None) -> date | None:
    return as_of if as_of is not None and as_of < clock.today() else None


@bp.get("/organisations/<slug>/risks")
@api_view(Permission.VIEW)
@spec.validate(query=RiskQuery, resp=responses(RiskPage), tags=["risks"], operation_id="list_risks")
def list_register(organisation: Organisation, query: RiskQuery):
    """The register, filtered as on the register page; closed risks only with status=all or closed."""
    db = get_session()
    states = list_risks(session=db, organisation_id=organisation.id, as_of=_past(query.as_of))
    matrix = matrix_for(session=db, organisation_id=organisation.id)
    criteria = RegisterFilter(
        text=query.text,
        status=query.status if query.status != "all" else ALL,
        treatment=query.treatment.value if query.treatment else "",
        level=query.level,
        above_appetite=query.above_appetite,
        expired_acceptance=query.expired_acceptance,
        requirement=query.requirement,
        owner=query.owner,
    )
    shown = filter_register(states, criteria, matrix=matrix, today=clock.today())
    return paged(RiskPage, shown, query, lambda state: risk_out(state, matrix))


def _detail(organisation: Organisation, risk_id: int, status: int = 200):
    db = get_session()
    head = risk_of(session=db, organisation_id=organisation.id, risk_id=risk_id)
    if head is None:
        raise ApiProblem(404)
    revisions = risk_history(session=db, risk=head)
    matrix = matrix_for(session=db, organisation_id=organisation.id)
    current = revisions[-1]
    state = RiskState(
        head.id, head.reference, current.number, current.changed_at, current.changed_by, data_of(current)
    )
    detail = RiskDetail(
        **risk_out(state, matrix).model_dump(), revisions=[_revision_out(r) for r in revisions]
    )
    tag = etag("risk", head.id, head.revision)
    return (
        detail,
        status,
        resource_headers(tag, status, "api.get_risk", slug=organisation.slug, risk_id=head.id),
    )


def _revision_out(revision) -> RiskRevisionOut:
    return RiskRevisionOut(
        number=revision.number,
        changed_at=revision.changed_at,
        changed_by=revision.changed_by,
        note=revision.note,
        **_fields(data_of(revision)),
    )


@bp.get("/organisations/<slug>/risks/<int:risk_id>")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(RiskDetail), tags=["risks"], operation_id="get_risk")
def get_risk(organisation: Organisation, risk_id: int):
    """One risk as it stands, with every revision (oldest first)."""
    return _detail(organisation, risk_id)


@bp.get("/organisations/<slug>/risks/<int:risk_id>/revisions")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(RiskRevisionList), tags=["risks"], operation_id="list_risk_revisions")
def list_risk_revisions(organisation: Organisation, risk_id: int):
    """Every revision of one risk, oldest first."""
    db = get_session()
    head = risk_of(session=db, organisation_id=organisation.id, risk_id=risk_id)
    if head is None:
        raise ApiProblem(404)
    found = risk_history(session=db, risk=head)
    return RiskRevisionList(total=len(found), items=[_revision_out(r) for r in found])


@bp.post("/organisations/<slug>/risks")
@api_view(Permission.EDIT)
@spec.validate(
    json=RiskIn,
    resp=responses(RiskDetail, status=201, errors=(422,), accepted=ApprovalOut),
    tags=["risks"],
    operation_id="create_risk",
)
def record_risk(organisation: Organisation, json: RiskIn):
    """Record a new risk; its reference is the next free R-number. A temporary acceptance that needs approval
    is proposed instead: 202 with the approval."""
    db = get_session()
    saved = create_risk(session=db, organisation_id=organisation.id, data=json.data(), actor=token_actor())
    db.commit()
    if saved.risk is None:
        return accepted(organisation, saved.held)
    return _detail(organisation, saved.risk.id, status=201)


@bp.put("/organisations/<slug>/risks/<int:risk_id>")
@api_view(Permission.EDIT)
@spec.validate(
    json=RiskIn,
    resp=responses(RiskDetail, errors=(*CHANGE_ERRORS, 422), accepted=ApprovalOut),
    tags=["risks"],
    operation_id="change_risk",
)
def change_risk(organisation: Organisation, risk_id: int, json: RiskIn):
    """A new revision of the risk: If-Match must name the current one (412 otherwise, 428 without); 202 with
    the approval when a changed acceptance needs one."""
    db = get_session()
    head = risk_of(session=db, organisation_id=organisation.id, risk_id=risk_id)
    if head is None:
        raise ApiProblem(404)
    base = required_revision("risk", head.id, head.revision)
    saved = update_risk(session=db, risk=head, data=json.data(), expected_revision=base, actor=token_actor())
    db.commit()
    if saved.held is not None:
        return accepted(organisation, saved.held)
    return _detail(organisation, risk_id)


@bp.get("/organisations/<slug>/risks/matrix")
@api_view(Permission.VIEW)
@spec.validate(query=AsOfQuery, resp=responses(MatrixOut), tags=["risks"], operation_id="get_risk_matrix")
def risk_matrix(organisation: Organisation, query: AsOfQuery):
    """The organisation's 5x5 matrix and appetite, with the heatmaps' counts per cell (now or as of a day)."""
    db = get_session()
    states = list_risks(session=db, organisation_id=organisation.id, as_of=_past(query.as_of))
    chosen = matrix_for(session=db, organisation_id=organisation.id)
    cells = {
        kind: [Cell.model_validate(cell) for cell in heatmap_cells(heatmap_counts(states, kind), chosen)]
        for kind in Kind
    }
    return MatrixOut(**chosen.to_dict(), inherent=cells[Kind.INHERENT], residual=cells[Kind.RESIDUAL])

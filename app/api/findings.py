"""The auditors' findings (auditors record them, the CISO responds) and the adopted versions of the SoA;
through plan.findings and plan.adoption, as the pages."""

from __future__ import annotations

import json as json_text
from datetime import date
from typing import Any

from pydantic import Field
from sqlmodel import col, select

from app.api.auth import api_view, token_actor
from app.api.base import bp
from app.api.conventions import ApiInput, ApiModel, Moment, Page, PageQuery, etag, paged, resource_headers
from app.api.problem import ApiProblem
from app.api.spec import responses, spec
from app.db import get_session
from app.plan import problems  # noqa: F401 - words the finding.* codes
from app.security import Permission
from controls.models import Requirement
from core.models import Organisation
from plan.adoption import adoptions, get_adoption
from plan.findings import FindingData, get_finding, list_findings, record_finding, respond
from plan.models import Finding, Severity, SoaAdoption


class FindingIn(ApiInput):
    """An auditor's finding: on one requirement (its code) or, without a code, on the ISMS as a whole."""

    title: str = Field(max_length=200)
    severity: Severity
    reference_date: date
    description: str = Field("", max_length=10_000)
    evidence_examined: str = Field("", max_length=10_000)
    requirement_code: str | None = Field(None, max_length=20)


class ResponseIn(ApiInput):
    response: str = Field(max_length=10_000)


class FindingOut(ApiModel):
    id: int
    reference: str
    requirement_code: str | None
    title: str
    severity: str
    description: str
    evidence_examined: str
    reference_date: date
    recorded_at: Moment
    recorded_by: str
    response: str
    responded_at: Moment | None
    responded_by: str


class FindingPage(Page):
    items: list[FindingOut]


class FindingQuery(PageQuery):
    requirement: str = Field("", max_length=20, description="only the findings on this requirement (code)")


def _codes(ids: list[int]) -> dict[int, str]:
    rows = get_session().exec(select(Requirement.id, Requirement.code).where(col(Requirement.id).in_(ids)))
    return {ident: code for ident, code in rows.all()}


def finding_out(finding: Finding, codes: dict[int, str]) -> FindingOut:
    values = finding.model_dump(include=set(FindingOut.model_fields) - {"requirement_code"})
    return FindingOut(**values, requirement_code=codes.get(finding.requirement_id or 0))


def _requirement_id(code: str) -> int:
    found = get_session().exec(select(Requirement).where(col(Requirement.code) == code)).first()
    if found is None:
        raise ApiProblem(404)
    return found.id


@bp.get("/organisations/<slug>/findings")
@api_view(Permission.VIEW)
@spec.validate(query=FindingQuery, resp=responses(FindingPage), tags=["plan"], operation_id="list_findings")
def list_plan_findings(organisation: Organisation, query: FindingQuery):
    """The organisation's findings, newest first."""
    requirement_id = _requirement_id(query.requirement) if query.requirement else None
    found = list_findings(
        session=get_session(), organisation_id=organisation.id, requirement_id=requirement_id
    )
    codes = _codes([f.requirement_id for f in found if f.requirement_id])
    return paged(FindingPage, found, query, lambda f: finding_out(f, codes))


def _finding(organisation: Organisation, finding_id: int) -> Finding:
    found = get_finding(session=get_session(), organisation_id=organisation.id, finding_id=finding_id)
    if found is None:
        raise ApiProblem(404)
    return found


def _finding_answer(organisation: Organisation, finding: Finding, status: int = 200):
    tag = etag("finding", finding.id, 1 if finding.responded_at else 0)
    headers = resource_headers(
        tag, status, "api.get_plan_finding", slug=organisation.slug, finding_id=finding.id
    )
    codes = _codes([finding.requirement_id] if finding.requirement_id else [])
    return finding_out(finding, codes), status, headers


@bp.get("/organisations/<slug>/findings/<int:finding_id>")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(FindingOut), tags=["plan"], operation_id="get_finding")
def get_plan_finding(organisation: Organisation, finding_id: int):
    """One finding with the CISO's response."""
    return _finding_answer(organisation, _finding(organisation, finding_id))


@bp.post("/organisations/<slug>/findings")
@api_view(Permission.WRITE_FINDINGS)
@spec.validate(
    json=FindingIn,
    resp=responses(FindingOut, status=201, errors=(422,)),
    tags=["plan"],
    operation_id="create_finding",
)
def create_finding(organisation: Organisation, json: FindingIn):
    """An auditor records a finding (auditors only); its reference is the next free B-number."""
    db = get_session()
    data = FindingData(
        title=json.title,
        severity=json.severity.value,
        reference_date=json.reference_date,
        description=json.description,
        evidence_examined=json.evidence_examined,
        requirement_id=_requirement_id(json.requirement_code) if json.requirement_code else None,
    )
    made = record_finding(session=db, organisation_id=organisation.id, data=data, actor=token_actor())
    db.commit()
    return _finding_answer(organisation, made, status=201)


@bp.post("/organisations/<slug>/findings/<int:finding_id>/response")
@api_view(Permission.EDIT)
@spec.validate(
    json=ResponseIn,
    resp=responses(FindingOut, errors=(422,)),
    tags=["plan"],
    operation_id="respond_to_finding",
)
def respond_to_finding(organisation: Organisation, finding_id: int, json: ResponseIn):
    """The CISO's response to a finding (replaces an earlier one; the logboek keeps both)."""
    db = get_session()
    finding = _finding(organisation, finding_id)
    respond(session=db, finding=finding, response=json.response, actor=token_actor())
    db.commit()
    return _finding_answer(organisation, finding)


# --- adopted versions of the SoA


class AdoptionOut(ApiModel):
    number: int
    adopted_on: date
    body: str
    frozen_at: Moment
    sha256: str
    proposed_by: str
    approved_by: str
    created_at: Moment


class AdoptionDetail(AdoptionOut):
    statement: dict[str, Any] = Field(description="the frozen statement: its entries and NIS2 coverage")


class AdoptionPage(Page):
    items: list[AdoptionOut]


def adoption_out(adoption: SoaAdoption) -> AdoptionOut:
    return AdoptionOut.model_validate(adoption, from_attributes=True)


@bp.get("/organisations/<slug>/adoptions")
@api_view(Permission.VIEW)
@spec.validate(query=PageQuery, resp=responses(AdoptionPage), tags=["plan"], operation_id="list_adoptions")
def list_adoptions(organisation: Organisation, query: PageQuery):
    """The adopted versions of the statement of applicability, newest first."""
    found = adoptions(session=get_session(), organisation_id=organisation.id)
    return paged(AdoptionPage, found, query, adoption_out)


@bp.get("/organisations/<slug>/adoptions/<int:number>")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(AdoptionDetail), tags=["plan"], operation_id="get_adoption")
def get_plan_adoption(organisation: Organisation, number: int):
    """One adopted version with its frozen rows, as they stood when it was proposed."""
    found = get_adoption(session=get_session(), organisation_id=organisation.id, number=number)
    if found is None:
        raise ApiProblem(404)
    detail = AdoptionDetail(**adoption_out(found).model_dump(), statement=json_text.loads(found.entries_json))
    return detail, 200, {"ETag": etag("adoption", found.number, 1)}

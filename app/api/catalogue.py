"""The catalogue, shared by every organisation: its versions (loads), the requirements (filtered with the
catalogue page's filter), one requirement with its mappings, and the mappings between the frameworks."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from app.api.auth import api_shared_view, organisation_of_token
from app.api.base import bp
from app.api.conventions import ApiModel, Moment, Page, PageQuery, etag, paged
from app.api.problem import ApiProblem
from app.api.spec import responses, spec
from app.db import get_session
from app.security import Permission
from controls.catalogue_browse import CatalogueFilter, requirement_detail
from controls.models import (
    CatalogueLoad,
    Framework,
    Mapping,
    Requirement,
    RequirementKind,
    RequirementStatus,
)


class VersionOut(ApiModel):
    id: int
    version: str
    name: str
    sha256: str
    loaded_at: Moment
    added: int
    changed: int
    withdrawn: int
    carried_over: int


class VersionList(ApiModel):
    total: int
    items: list[VersionOut]


class RequirementOut(ApiModel):
    code: str
    kind: str
    framework: str
    theme: int | None
    parent_code: str | None
    title_nl: str
    title_en: str
    summary_nl: str
    summary_en: str
    categories: list[str]
    status: str
    moved_to: str | None
    article: str | None
    cbw: str | None
    source: str
    introduced_in: str
    withdrawn_in: str | None


class MappingOut(ApiModel):
    source: str
    target: str
    relationship: str
    rationale_nl: str
    rationale_en: str


class RequirementDetail(RequirementOut):
    children: list[str]
    contributes_to: list[MappingOut]
    contributions: list[MappingOut]
    replaces: list[str]
    replaced_by: list[str]
    full_text: str | None = Field(description="the organisation's licensed full text, where it loaded one")


class RequirementPage(Page):
    items: list[RequirementOut]


class MappingPage(Page):
    items: list[MappingOut]


class RequirementQuery(PageQuery):
    q: str = Field("", max_length=200, description="a code (5.1, 5.01) or words")
    framework: Framework | None = None
    kind: RequirementKind | None = None
    theme: Literal[5, 6, 7, 8] | None = None
    category: Literal["basishygiene", "ketenhygiene", "overheidsrisicos"] | None = None
    status: RequirementStatus | None = None


class MappingQuery(PageQuery):
    code: str = Field("", max_length=20, description="only the mappings from or to this requirement")


def requirement_out(requirement: Requirement, codes: dict[int, str]) -> RequirementOut:
    return RequirementOut(
        **requirement.model_dump(include=set(RequirementOut.model_fields) - {"parent_code", "categories"}),
        parent_code=codes.get(requirement.parent_id) if requirement.parent_id else None,
        categories=requirement.category_list,
    )


@bp.get("/catalogue/versions")
@api_shared_view(Permission.VIEW)
@spec.validate(resp=responses(VersionList), tags=["catalogue"], operation_id="list_catalogue_versions")
def versions():
    """Every load of the catalogue, newest (the one in force) first."""
    loads = get_session().exec(select(CatalogueLoad).order_by(col(CatalogueLoad.id).desc())).all()
    return VersionList(total=len(loads), items=[VersionOut.model_validate(load) for load in loads])


@bp.get("/catalogue/requirements")
@api_shared_view(Permission.VIEW)
@spec.validate(
    query=RequirementQuery,
    resp=responses(RequirementPage),
    tags=["catalogue"],
    operation_id="list_requirements",
)
def requirements(query: RequirementQuery):
    """The requirements in catalogue order, filtered as on the catalogue page."""
    everything = get_session().exec(select(Requirement).order_by(col(Requirement.sort_key))).all()
    codes = {r.id: r.code for r in everything}
    criteria = CatalogueFilter(
        query=query.q,
        framework=query.framework.value if query.framework else "",
        theme=query.theme,
        kind=query.kind.value if query.kind else "",
        category=query.category or "",
        status=query.status.value if query.status else "",
    )
    chosen = [r for r in everything if criteria.matches(r)]
    return paged(RequirementPage, chosen, query, lambda r: requirement_out(r, codes))


def _mapping(line, here: Requirement, outgoing: bool) -> MappingOut:
    source, target = (here, line.other) if outgoing else (line.other, here)
    return MappingOut(
        source=source.code,
        target=target.code,
        relationship=line.mapping.relationship,
        rationale_nl=line.mapping.rationale_nl,
        rationale_en=line.mapping.rationale_en,
    )


@bp.get("/catalogue/requirements/<code>")
@api_shared_view(Permission.VIEW)
@spec.validate(resp=responses(RequirementDetail), tags=["catalogue"], operation_id="get_requirement")
def requirement(code: str):
    """One requirement with its children, mappings both ways, predecessors and successors."""
    found = requirement_detail(session=get_session(), code=code, organisation_id=organisation_of_token().id)
    if found is None:
        raise ApiProblem(404)
    r = found.requirement
    codes = {found.parent.id: found.parent.code} if found.parent else {}
    detail = RequirementDetail(
        **requirement_out(r, codes).model_dump(),
        children=[child.code for child in found.children],
        contributes_to=[_mapping(line, r, True) for line in found.contributes_to],
        contributions=[_mapping(line, r, False) for line in found.contributions],
        replaces=[other.code for other in found.replaces],
        replaced_by=[other.code for other in found.replaced_by],
        full_text=(found.full_text.text_nl or found.full_text.text_en) if found.full_text else None,
    )
    return detail, 200, {"ETag": etag("requirement", r.code, _catalogue_version())}


def _catalogue_version() -> int:
    newest = get_session().exec(select(CatalogueLoad.id).order_by(col(CatalogueLoad.id).desc())).first()
    return newest or 0


@bp.get("/catalogue/mappings")
@api_shared_view(Permission.VIEW)
@spec.validate(
    query=MappingQuery, resp=responses(MappingPage), tags=["catalogue"], operation_id="list_mappings"
)
def mappings(query: MappingQuery):
    """The mappings between the frameworks: source contributes to target."""
    source, target = aliased(Requirement), aliased(Requirement)
    statement = (
        select(Mapping, source.code, target.code)
        .join(source, col(source.id) == col(Mapping.source_id))
        .join(target, col(target.id) == col(Mapping.target_id))
        .order_by(col(source.sort_key), col(target.sort_key))
    )
    if query.code:
        statement = statement.where((col(source.code) == query.code) | (col(target.code) == query.code))
    rows = get_session().exec(statement).all()
    return paged(
        MappingPage,
        rows,
        query,
        lambda row: MappingOut(
            source=row[1],
            target=row[2],
            relationship=row[0].relationship,
            rationale_nl=row[0].rationale_nl,
            rationale_en=row[0].rationale_en,
        ),
    )

"""The Statement of Applicability's summary (progress overall, per kind, theme and category) and NIS2
coverage derived from the mappings: the figures of the statement page, now or as of a day."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from app.api.answers import past
from app.api.auth import api_view
from app.api.base import bp
from app.api.conventions import ApiInput, ApiModel, Moment
from app.api.spec import responses, spec
from app.db import get_session
from app.i18n import current_locale
from app.security import Permission
from controls.soa import Nis2Coverage, Progress, Statement, statement_of_applicability
from core.models import Organisation


class AsOfQuery(ApiInput):
    as_of: date | None = Field(None, description="as it stood at the end of this day")


class ProgressOut(ApiModel):
    key: str
    title: str
    counts: dict[str, int] = Field(description="active requirements per status")
    total: int
    applicable: int
    implemented: int
    unanswered: int
    held: int = Field(description="active requirements whose latest decision waits for approval (undecided)")
    percent_implemented: int


class SummaryOut(ApiModel):
    organisation_name: str
    provider_name: str | None
    as_of: date | None
    reference_date: date
    generated_at: Moment
    catalogue_version: str | None
    overall: ProgressOut
    by_kind: list[ProgressOut]
    by_theme: list[ProgressOut]
    by_category: list[ProgressOut]
    review_overdue: int


class ContributionOut(ApiModel):
    code: str
    title: str
    kind: str
    status: str
    relationship: str


class CoverageOut(ApiModel):
    code: str
    title: str
    article: str
    status: str
    state: str = Field(description="covered, partial, gap or unmapped")
    contributors: list[ContributionOut]
    gaps: list[ContributionOut]


class CoverageList(ApiModel):
    total: int
    items: list[CoverageOut]


def progress_out(progress: Progress) -> ProgressOut:
    return ProgressOut(
        key=progress.key,
        title=progress.title,
        counts=dict(progress.counts),
        total=progress.total,
        applicable=progress.applicable,
        implemented=progress.implemented,
        unanswered=progress.unanswered,
        held=progress.held,
        percent_implemented=progress.percent_implemented,
    )


def _statement(organisation: Organisation, as_of: date | None) -> Statement:
    return statement_of_applicability(
        session=get_session(), organisation_id=organisation.id, as_of=past(as_of), locale=current_locale()
    )


@bp.get("/organisations/<slug>/statement")
@api_view(Permission.VIEW)
@spec.validate(
    query=AsOfQuery, resp=responses(SummaryOut), tags=["answers"], operation_id="get_statement_summary"
)
def summary(organisation: Organisation, query: AsOfQuery):
    """The statement's progress figures (the answers themselves: /answers)."""
    found = _statement(organisation, query.as_of)
    return SummaryOut(
        organisation_name=found.organisation_name,
        provider_name=found.provider_name,
        as_of=found.as_of,
        reference_date=found.reference_date,
        generated_at=found.generated_at,
        catalogue_version=found.catalogue_version,
        overall=progress_out(found.overall),
        by_kind=[progress_out(p) for p in found.by_kind],
        by_theme=[progress_out(p) for p in found.by_theme],
        by_category=[progress_out(p) for p in found.by_category],
        review_overdue=len(found.review_overdue),
    )


def coverage_out(item: Nis2Coverage) -> CoverageOut:
    return CoverageOut(
        code=item.code,
        title=item.title,
        article=item.article,
        status=item.status,
        state=item.state,
        contributors=[ContributionOut.model_validate(c) for c in item.contributors],
        gaps=[ContributionOut.model_validate(c) for c in item.gaps],
    )


@bp.get("/organisations/<slug>/nis2-coverage")
@api_view(Permission.VIEW)
@spec.validate(
    query=AsOfQuery, resp=responses(CoverageList), tags=["answers"], operation_id="get_nis2_coverage"
)
def nis2_coverage(organisation: Organisation, query: AsOfQuery):
    """Per NIS2 requirement: the own answer and how far the mapped BIO2 measures cover it."""
    found = _statement(organisation, query.as_of)
    return CoverageList(total=len(found.nis2), items=[coverage_out(item) for item in found.nis2])

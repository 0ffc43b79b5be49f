"""The report archive: reports listed, made (generated into the archive, as on the page), downloaded, and a
copy checked: is this file one of the organisation's reports?"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Annotated, Any, Literal

from flask import current_app, url_for
from flask_babel import gettext as _
from pydantic import Field, WithJsonSchema

from app.api.auth import api_view, token_actor
from app.api.base import bp
from app.api.conventions import ApiInput, ApiModel, Moment, Page, PageQuery, etag, resource_headers
from app.api.problem import ApiProblem
from app.api.spec import binary_response, responses, spec
from app.db import get_session
from app.reports import problems  # noqa: F401 - words the report.* codes
from app.reports.common import archive_root, report_parameters
from app.reports.routes import MEDIA_TYPES
from app.security import Permission
from core.models import Organisation
from reports.archive import (
    report_count,
    report_of,
    report_path,
    reports_of,
    reports_with_digest,
    verify_report,
)
from reports.builders import generate_report
from reports.models import ReportFormat, ReportKind, ReportRecord


class ReportOut(ApiModel):
    id: int
    kind: str
    format: str
    parameters: dict[str, Any]
    generated_at: Moment
    generated_by: str
    size: int
    sha256: str
    filename: str
    file: str = Field(description="the address of the file")


class ReportPage(Page):
    items: list[ReportOut]


class NewReport(ApiInput):
    kind: ReportKind
    format: ReportFormat = ReportFormat.PDF
    as_of: date | None = Field(None, description="the state as it was at the end of this day")
    moment_id: int | None = Field(None, ge=1, description="P&C report: the moment (default: the latest)")
    year: int | None = Field(
        None,
        ge=2000,
        le=2100,
        description="ensia, college, in-control: the year, as of its 31 December (default: this year)",
    )
    language: Literal["nl", "en"] = Field(
        "nl", description="the report's language: Dutch (nl, the default) or English (en), for every kind"
    )


class ReportQuery(PageQuery):
    kind: ReportKind | None = Field(None, description="only reports of this kind")
    year: int | None = Field(
        None, ge=2000, le=2100, description="only reports of this year (ensia, college, in-control)"
    )


Upload = Annotated[Any, WithJsonSchema({"type": "string", "format": "binary"})]


class CopyForm(ApiInput):
    file: Upload = Field(description="the copy to check")


class CheckOut(ApiModel):
    sha256: str
    size: int
    matches: list[ReportOut] = Field(description="the archived reports with this SHA-256 (none: not ours)")
    intact: bool = Field(description="the archived file of each match still has its SHA-256")


def report_out(record: ReportRecord) -> ReportOut:
    return ReportOut(
        **record.model_dump(include=set(ReportOut.model_fields) - {"file"}),
        file=url_for("api.report_file", slug=_slug(), report_id=record.id, _external=True),
    )


def _slug() -> str:
    from app.api.auth import organisation_of_token

    return organisation_of_token().slug


def _record(organisation: Organisation, report_id: int) -> ReportRecord:
    record = report_of(session=get_session(), organisation_id=organisation.id, report_id=report_id)
    if record is None:
        raise ApiProblem(404)
    return record


@bp.get("/organisations/<slug>/reports")
@api_view(Permission.VIEW)
@spec.validate(query=ReportQuery, resp=responses(ReportPage), tags=["reports"], operation_id="list_reports")
def list_reports(organisation: Organisation, query: ReportQuery):
    """The archive, newest first; of one kind and one year when asked."""
    db = get_session()
    offset = (query.page - 1) * query.per_page
    kind = query.kind.value if query.kind is not None else None
    chosen = {"organisation_id": organisation.id, "kind": kind, "year": query.year}
    records = reports_of(session=db, limit=query.per_page, offset=offset, **chosen)
    total = report_count(session=db, **chosen)
    following = None
    if offset + query.per_page < total:
        following = url_for(
            "api.list_reports",
            slug=organisation.slug,
            page=query.page + 1,
            per_page=query.per_page,
            **{name: value for name, value in (("kind", kind), ("year", query.year)) if value is not None},
            _external=True,
        )
    return ReportPage(
        total=total,
        page=query.page,
        per_page=query.per_page,
        next=following,
        items=[report_out(r) for r in records],
    )


@bp.post("/organisations/<slug>/reports")
@api_view(Permission.GENERATE_REPORTS)
@spec.validate(
    json=NewReport,
    resp=responses(ReportOut, status=201, errors=(422,)),
    tags=["reports"],
    operation_id="make_report",
)
def make_report(organisation: Organisation, json: NewReport):
    """Generate a report into the archive (a PDF of the whole statement takes some seconds)."""
    db = get_session()
    actor = token_actor()
    moment_id = json.moment_id if json.kind == ReportKind.PC else None
    params = report_parameters(
        organisation,
        generated_by=actor.name,
        as_of=json.as_of,
        moment_id=moment_id,
        year=json.year,
        language=json.language,
    )
    record = generate_report(
        session=db,
        root=archive_root(),
        organisation_id=organisation.id,
        kind=json.kind,
        format=json.format,
        params=params,
        actor=actor,
    )
    db.commit()
    tag = etag("report", record.id, 1)
    return (
        report_out(record),
        201,
        resource_headers(tag, 201, "api.get_report", slug=organisation.slug, report_id=record.id),
    )


@bp.get("/organisations/<slug>/reports/<int:report_id>")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(ReportOut), tags=["reports"], operation_id="get_report")
def get_report(organisation: Organisation, report_id: int):
    record = _record(organisation, report_id)
    return report_out(record), 200, {"ETag": etag("report", record.id, 1)}


@bp.get("/organisations/<slug>/reports/<int:report_id>/file")
@api_view(Permission.VIEW)
@spec.validate(
    resp=responses(None),
    tags=["reports"],
    operation_id=binary_response("download_report", *MEDIA_TYPES.values()),
)
def report_file(organisation: Organisation, report_id: int):
    """The report's file, as archived (404 with a reason when it is missing from the archive)."""
    record = _record(organisation, report_id)
    path = report_path(archive_root(), record)
    if not path.is_file():
        raise ApiProblem(404, _("Het bestand van dit rapport ontbreekt in het archief: niet intact."))
    # The bytes, not a file stream: spectree reads the body back to pass the response on.
    response = current_app.response_class(
        path.read_bytes(), mimetype=MEDIA_TYPES[ReportFormat(record.format)]
    )
    response.headers.set("Content-Disposition", "attachment", filename=record.filename)
    response.headers["Cache-Control"] = "private, no-store"
    response.set_etag(f"report-{record.id}-1")
    return response


@bp.post("/organisations/<slug>/reports/check")
@api_view(Permission.VIEW, changes=False)
@spec.validate(
    form=CopyForm, resp=responses(CheckOut, errors=(422,)), tags=["reports"], operation_id="check_report"
)
def check_report(organisation: Organisation, form: CopyForm):
    """Is this copy identical to a report in the archive? Compares its SHA-256 (nothing is stored)."""
    upload = form.file
    if not hasattr(upload, "stream"):
        raise ApiProblem(422, _("Stuur het bestand als multipart/form-data in het veld 'file'."))
    digest, size = hashlib.sha256(), 0
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    while chunk := upload.stream.read(1024 * 1024):
        size += len(chunk)
        if size > limit:
            raise ApiProblem(413)
        digest.update(chunk)
    matches = reports_with_digest(
        session=get_session(), organisation_id=organisation.id, sha256=digest.hexdigest()
    )
    intact = all(verify_report(root=archive_root(), record=record) for record in matches)
    return CheckOut(
        sha256=digest.hexdigest(), size=size, matches=[report_out(r) for r in matches], intact=intact
    )

"""The report archive of an organisation: list, generate on demand, download, verify."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _

from app.db import get_session
from app.login import acting_user
from app.problems import messages
from app.reports import panels  # noqa: F401 - registers the dashboard panel on import
from app.reports.common import archive_root, report_parameters
from app.reports.forms import FORMAT_LABELS, KIND_LABELS, ActionForm, CopyCheckForm, GenerateForm
from app.risks.labels import name
from app.security import Permission, organisation_view
from app.urls import page_number
from core.errors import RuleError
from core.models import Organisation
from reports.archive import digest_of_copy, report_of, report_path, reports_of, verify_report
from reports.builders import generate_report
from reports.models import ReportFormat, ReportKind, ReportRecord
from risk.pc import capacity_history

bp = Blueprint("reports", __name__)

PAGE_SIZE = 50
MEDIA_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _record(organisation: Organisation, report_id: int) -> ReportRecord:
    """A report of this organisation, or 404: an id of another organisation's report gives nothing away."""
    record = report_of(session=get_session(), organisation_id=organisation.id, report_id=report_id)
    if record is None:
        abort(404)
    return record


@bp.route("/o/<slug>/rapporten/")
@organisation_view(Permission.VIEW)
def archive(organisation: Organisation):
    page = page_number()
    records = reports_of(
        session=get_session(),
        organisation_id=organisation.id,
        limit=PAGE_SIZE + 1,
        offset=(page - 1) * PAGE_SIZE,
    )
    return render_template(
        "reports/archive.html",
        organisation=organisation,
        records=records[:PAGE_SIZE],
        page=page,
        has_next=len(records) > PAGE_SIZE,
        kind_labels=KIND_LABELS,
        format_labels=FORMAT_LABELS,
    )


def _moment_choices(organisation: Organisation) -> list[tuple[int, str]]:
    """The P&C moments a weerstandsvermogen report can be made of: those with a snapshot, newest first."""
    history = capacity_history(session=get_session(), organisation_id=organisation.id)
    names = [(moment.id, f"{name('moment', moment.kind)} {moment.year}") for moment, _s in history]
    return [(0, _("het laatste moment met een momentopname"))] + names[::-1]


@bp.route("/o/<slug>/rapporten/nieuw", methods=["GET", "POST"])
@organisation_view(Permission.GENERATE_REPORTS)
def new(organisation: Organisation):
    form = GenerateForm()
    form.moment.choices = _moment_choices(organisation)
    if form.validate_on_submit():
        db = get_session()
        actor = acting_user()
        moment_id = (form.moment.data or None) if form.kind.data == ReportKind.PC else None
        params = report_parameters(
            organisation,
            generated_by=actor.name,
            as_of=form.as_of.data,
            moment_id=moment_id,
            year=form.year.data,
            language=form.language.data,
        )
        try:
            record = generate_report(
                session=db,
                root=archive_root(),
                organisation_id=organisation.id,
                kind=form.kind.data,
                format=form.format.data,
                params=params,
                actor=actor,
            )
        except RuleError as error:
            field = form.year if any(p.field == "year" for p in error.problems) else form.kind
            field.errors = [*field.errors, *messages(error)]
        else:
            db.commit()
            flash(_("Rapport gemaakt en gearchiveerd."), "success")
            return redirect(url_for("reports.detail", slug=organisation.slug, report_id=record.id))
    return render_template("reports/new.html", organisation=organisation, form=form)


@bp.route("/o/<slug>/rapporten/<int:report_id>")
@organisation_view(Permission.VIEW)
def detail(organisation: Organisation, report_id: int):
    return _detail_page(organisation, _record(organisation, report_id))


def _detail_page(organisation, record, status: int = 200, **shown):
    """The report page; `shown`: verified (the archive's own file checked), copy (an uploaded copy checked),
    and the forms when they were just posted."""
    shown = {"verified": None, "copy": None, "form": ActionForm(), "copy_form": CopyCheckForm()} | shown
    page = render_template(
        "reports/detail.html",
        organisation=organisation,
        record=record,
        kind_labels=KIND_LABELS,
        format_labels=FORMAT_LABELS,
        **shown,
    )
    return page, status


@bp.route("/o/<slug>/rapporten/<int:report_id>/controleren", methods=["POST"])
@organisation_view(Permission.VIEW)
def verify(organisation: Organisation, report_id: int):
    record = _record(organisation, report_id)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    return _detail_page(organisation, record, verified=verify_report(root=archive_root(), record=record))


@bp.route("/o/<slug>/rapporten/<int:report_id>/kopie-controleren", methods=["POST"])
@organisation_view(Permission.VIEW)
def check_copy(organisation: Organisation, report_id: int):
    """An auditor's copy (received by mail, say) against the archived report: SHA-256 compared, nothing kept.
    A copy longer than the report is not it; the request itself is limited by MAX_CONTENT_LENGTH."""
    record = _record(organisation, report_id)
    form = CopyCheckForm()
    if not form.validate_on_submit():
        return _detail_page(organisation, record, 400, copy_form=form)
    upload = form.copy.data
    measured = digest_of_copy(upload.stream, limit=record.size)
    digest, size = measured if measured is not None else ("", record.size + 1)
    copy = {
        "name": (upload.filename or "")[:200],
        "identical": digest == record.sha256 and size == record.size,
        "sha256": digest,
        "size": size,
    }
    return _detail_page(organisation, record, copy=copy)


@bp.route("/o/<slug>/rapporten/<int:report_id>/download")
@organisation_view(Permission.VIEW)
def download(organisation: Organisation, report_id: int):
    record = _record(organisation, report_id)
    path = report_path(archive_root(), record)
    if not path.is_file():
        flash(_("Het bestand van dit rapport ontbreekt in het archief: niet intact."), "error")
        return redirect(url_for("reports.detail", slug=organisation.slug, report_id=record.id))
    response = send_file(
        path,
        mimetype=MEDIA_TYPES[ReportFormat(record.format)],
        as_attachment=True,
        download_name=record.filename,
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response

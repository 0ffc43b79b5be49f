"""Auditor findings: the list, recording one (auditors), one finding with the CISO's response and its actions."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlmodel import select

from app.db import get_session
from app.login import acting_user
from app.plan import problems  # noqa: F401 - registers the area's rule codes
from app.plan.forms import FindingForm, ResponseForm
from app.problems import show_on_form
from app.security import Permission, current_role_allows, organisation_view
from controls.models import Requirement
from core import clock
from core.errors import RuleError
from core.models import Organisation
from plan.actions import linked_actions
from plan.findings import FindingData, get_finding, list_findings, record_finding, respond
from plan.labels import SEVERITY
from plan.models import LinkKind, Severity

bp = Blueprint("findings", __name__)


@bp.route("/o/<slug>/bevindingen/")
@organisation_view(Permission.VIEW)
def index(organisation: Organisation):
    db = get_session()
    findings = list_findings(session=db, organisation_id=organisation.id)
    codes = _codes([f.requirement_id for f in findings if f.requirement_id])
    actions = linked_actions(
        session=db,
        organisation_id=organisation.id,
        kind=LinkKind.FINDING,
        target_ids=[f.id for f in findings],
    )
    return render_template(
        "plan/findings.html", organisation=organisation, findings=findings, codes=codes, actions=actions
    )


def _codes(ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = get_session().exec(select(Requirement).where(Requirement.id.in_(ids))).all()
    return {r.id: r.code for r in rows}


def _finding_form() -> FindingForm:
    form = FindingForm()
    form.severity.choices = [(s.value, _(SEVERITY[s])) for s in Severity]
    return form


@bp.route("/o/<slug>/bevindingen/nieuw", methods=["GET", "POST"])
@organisation_view(Permission.WRITE_FINDINGS)
def new(organisation: Organisation):
    form = _finding_form()
    if request.method == "GET":
        form.requirement_code.data = request.args.get("eis", "")
        form.reference_date.data = clock.today()
    if form.validate_on_submit():
        db = get_session()
        code = (form.requirement_code.data or "").strip()
        requirement = db.exec(select(Requirement).where(Requirement.code == code)).first() if code else None
        if code and requirement is None:
            form.requirement_code.errors = [_("Onbekende eis: %(code)s.", code=code)]
        else:
            try:
                finding = record_finding(
                    session=db,
                    organisation_id=organisation.id,
                    data=_data(form, requirement),
                    actor=acting_user(),
                )
            except RuleError as error:
                db.rollback()
                form.form_errors.extend(show_on_form(form, error))
            else:
                db.commit()
                flash(_("Bevinding %(reference)s vastgelegd.", reference=finding.reference), "success")
                return redirect(url_for("findings.finding", slug=organisation.slug, finding_id=finding.id))
    return render_template("plan/finding_form.html", organisation=organisation, form=form)


def _data(form: FindingForm, requirement: Requirement | None) -> FindingData:
    return FindingData(
        title=form.title.data or "",
        severity=form.severity.data or "",
        reference_date=form.reference_date.data,
        description=form.description.data or "",
        evidence_examined=form.evidence_examined.data or "",
        requirement_id=requirement.id if requirement else None,
    )


def _finding_or_404(organisation: Organisation, finding_id: int):
    found = get_finding(session=get_session(), organisation_id=organisation.id, finding_id=finding_id)
    if found is None:
        abort(404)
    return found


def _page(organisation: Organisation, finding, form: ResponseForm | None, status: int = 200):
    db = get_session()
    requirement = db.get(Requirement, finding.requirement_id) if finding.requirement_id else None
    actions = linked_actions(
        session=db, organisation_id=organisation.id, kind=LinkKind.FINDING, target_ids=[finding.id]
    )
    return render_template(
        "plan/finding.html",
        organisation=organisation,
        finding=finding,
        requirement=requirement,
        actions=actions[finding.id],
        form=form if current_role_allows(Permission.EDIT) else None,
        today=clock.today(),
    ), status


@bp.route("/o/<slug>/bevindingen/<int:finding_id>")
@organisation_view(Permission.VIEW)
def finding(organisation: Organisation, finding_id: int):
    found = _finding_or_404(organisation, finding_id)
    form = ResponseForm(data={"response": found.response})
    return _page(organisation, found, form)


@bp.route("/o/<slug>/bevindingen/<int:finding_id>/reactie", methods=["POST"])
@organisation_view(Permission.EDIT)
def response(organisation: Organisation, finding_id: int):
    found = _finding_or_404(organisation, finding_id)
    form = ResponseForm()
    if not form.validate_on_submit():
        return _page(organisation, found, form, 422)
    db = get_session()
    try:
        respond(session=db, finding=found, response=form.response.data, actor=acting_user())
    except RuleError as error:
        db.rollback()
        form.form_errors.extend(show_on_form(form, error))
        return _page(organisation, _finding_or_404(organisation, finding_id), form, 422)
    db.commit()
    flash(_("Reactie opgeslagen."), "success")
    return redirect(url_for("findings.finding", slug=organisation.slug, finding_id=found.id))

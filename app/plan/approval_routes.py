"""Approvals: what waits for a second person, one proposal with its yes or no, the organisation's policy, and the
adoption of the SoA (proposing it, the adopted versions)."""

from __future__ import annotations

import json
from dataclasses import replace

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.db import get_session
from app.login import acting_user
from app.plan import problems  # noqa: F401 - registers the area's rule codes
from app.plan.forms import AdoptionForm, DecisionForm, PolicyForm
from app.problems import messages, show_on_form
from app.reports.common import archive_root, report_parameters
from app.security import Permission, current_role_allows, organisation_view
from core import clock
from core.errors import RuleError
from core.models import Organisation
from plan.adoption import adopted_statement, adoptions, get_adoption
from plan.approvals import approve, decided, get_approval, pending, propose_adoption, reject
from plan.models import DecisionKind
from plan.policy import APPROVER_ROLES, policy, set_policy
from reports.builders import generate_report
from reports.models import ReportFormat, ReportKind

bp = Blueprint("approvals", __name__)


def may_decide(approval) -> bool:
    return (
        current_role_allows(Permission.APPROVE)
        and approval.proposed_by_id != current_user.id
        and g.role in APPROVER_ROLES[DecisionKind(approval.kind)]
    )


@bp.route("/o/<slug>/goedkeuringen/")
@organisation_view(Permission.VIEW)
def index(organisation: Organisation):
    db = get_session()
    waiting = pending(session=db, organisation_id=organisation.id)
    return render_template(
        "plan/approvals.html",
        organisation=organisation,
        waiting=waiting,
        decided=decided(session=db, organisation_id=organisation.id),
        mine={a.id for a in waiting if may_decide(a)},
        policy=policy(session=db, organisation_id=organisation.id),
    )


@bp.route("/o/<slug>/goedkeuringen/<int:approval_id>")
@organisation_view(Permission.VIEW)
def approval(organisation: Organisation, approval_id: int):
    return _page(organisation, _approval_or_404(organisation, approval_id), DecisionForm())


def _approval_or_404(organisation: Organisation, approval_id: int):
    found = get_approval(session=get_session(), organisation_id=organisation.id, approval_id=approval_id)
    if found is None:
        abort(404)
    return found


def _page(organisation: Organisation, found, form: DecisionForm, status: int = 200):
    payload = json.loads(found.payload)
    if found.kind == DecisionKind.SOA_ADOPTION.value:
        payload = {k: v for k, v in payload.items() if k != "statement"}
    return render_template(
        "plan/approval.html",
        organisation=organisation,
        approval=found,
        payload=payload,
        form=form if found.state == "pending" and may_decide(found) else None,
        refused=form.form_errors,
    ), status


@bp.route("/o/<slug>/goedkeuringen/<int:approval_id>", methods=["POST"])
@organisation_view(Permission.APPROVE)
def decide(organisation: Organisation, approval_id: int):
    found = _approval_or_404(organisation, approval_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _page(organisation, found, form, 422)
    db = get_session()
    decision = approve if form.approve.data else reject
    try:
        decision(session=db, approval=found, actor=acting_user(), role=g.role, reason=form.reason.data or "")
    except RuleError as error:
        db.rollback()
        form.form_errors.extend(show_on_form(form, error))
        return _page(organisation, _approval_or_404(organisation, approval_id), form, 422)
    db.commit()
    flash(_("Goedgekeurd.") if form.approve.data else _("Afgewezen."), "success")
    return redirect(url_for("approvals.index", slug=organisation.slug))


@bp.route("/o/<slug>/goedkeuringen/instellingen", methods=["GET", "POST"])
@organisation_view(Permission.MANAGE_USERS)
def settings(organisation: Organisation):
    db = get_session()
    form = PolicyForm()
    current = policy(session=db, organisation_id=organisation.id)
    if form.validate_on_submit():
        chosen = {kind: bool(form[kind.value].data) for kind in PolicyForm.KINDS}
        set_policy(session=db, organisation_id=organisation.id, required=chosen, actor=acting_user())
        db.commit()
        flash(_("Instellingen voor goedkeuring opgeslagen."), "success")
        return redirect(url_for("approvals.settings", slug=organisation.slug))
    if not form.is_submitted():
        for kind in PolicyForm.KINDS:
            form[kind.value].data = current[kind]
    return render_template("plan/approval_settings.html", organisation=organisation, form=form)


@bp.route("/o/<slug>/vvt/vaststellen", methods=["GET", "POST"])
@organisation_view(Permission.VIEW)
def adoption(organisation: Organisation):
    db = get_session()
    form = AdoptionForm() if current_role_allows(Permission.EDIT) else None
    if form is not None and form.validate_on_submit():
        try:
            propose_adoption(
                session=db,
                organisation_id=organisation.id,
                body=form.body.data,
                adopted_on=form.adopted_on.data,
                actor=acting_user(),
            )
        except RuleError as error:
            db.rollback()
            for message in messages(error):
                flash(message, "error")
        else:
            db.commit()
            flash(_("De VvT zoals die nu is, is ter vaststelling voorgelegd."), "success")
            return redirect(url_for("approvals.index", slug=organisation.slug))
    if form is not None and not form.is_submitted():
        form.adopted_on.data = clock.today()
    return render_template(
        "plan/adoptions.html",
        organisation=organisation,
        form=form,
        adoptions=adoptions(session=db, organisation_id=organisation.id),
        waiting=pending(session=db, organisation_id=organisation.id, kind=DecisionKind.SOA_ADOPTION.value),
    )


@bp.route("/o/<slug>/vvt/versies/<int:number>")
@organisation_view(Permission.VIEW)
def adopted(organisation: Organisation, number: int):
    found = get_adoption(session=get_session(), organisation_id=organisation.id, number=number)
    if found is None:
        abort(404)
    return render_template(
        "plan/adopted.html", organisation=organisation, adoption=found, statement=adopted_statement(found)
    )


@bp.route("/o/<slug>/vvt/versies/<int:number>/rapport", methods=["POST"])
@organisation_view(Permission.GENERATE_REPORTS)
def adopted_report(organisation: Organisation, number: int):
    """The SoA report (PDF) of an adopted version, made into the archive."""
    db = get_session()
    if get_adoption(session=db, organisation_id=organisation.id, number=number) is None:
        abort(404)
    actor = acting_user()
    params = replace(report_parameters(organisation, generated_by=actor.name), adoption=number)
    record = generate_report(
        session=db,
        root=archive_root(),
        organisation_id=organisation.id,
        kind=ReportKind.SOA,
        format=ReportFormat.PDF,
        params=params,
        actor=actor,
    )
    db.commit()
    flash(_("Rapport van de vastgestelde versie gemaakt en gearchiveerd."), "success")
    return redirect(url_for("reports.detail", slug=organisation.slug, report_id=record.id))

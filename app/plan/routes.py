"""The improvement plan's pages: the list (also only the overdue ones), an action with its history and links,
new and edit, what still lacks an action, Excel export and import."""

from __future__ import annotations

import io

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from app.db import get_session
from app.imports.page import save, upload
from app.login import acting_user
from app.plan import problems  # noqa: F401 - registers the area's rule codes
from app.plan.common import action_form, action_or_404, data_from, fill, split_words
from app.plan.excel import actions_import
from app.plan.forms import ConfirmForm
from app.plan.linking import link_names, targets_of
from app.problems import show_on_form
from app.security import Permission, organisation_view
from core import clock
from core.dbtypes import id_of
from core.errors import RuleError, StaleEdit
from core.models import Organisation
from plan.actions import (
    create_action,
    history_of,
    links_of,
    list_actions,
    resolve_targets,
    set_links,
    update_action,
)
from plan.gaps import close_gaps, expired_acceptances, gaps
from plan.models import LinkKind
from plan.xlsx import export_actions

bp = Blueprint("plan", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/o/<slug>/acties/")
@organisation_view(Permission.VIEW)
def actions(organisation: Organisation):
    db = get_session()
    today = clock.today()
    overdue = request.args.get("achterstallig") == "1"
    shown = list_actions(session=db, organisation_id=organisation.id, overdue_on=today if overdue else None)
    links = links_of(session=db, action_ids=[id_of(a) for a in shown])
    return render_template(
        "plan/actions.html",
        organisation=organisation,
        actions=shown,
        links=links,
        names=link_names(organisation, links),
        overdue=overdue,
        today=today,
        expired=expired_acceptances(session=db, organisation_id=organisation.id, today=today),
    )


@bp.route("/o/<slug>/acties/<int:action_id>")
@organisation_view(Permission.VIEW)
def action(organisation: Organisation, action_id: int):
    head = action_or_404(organisation, action_id)
    db = get_session()
    links = links_of(session=db, action_ids=[id_of(head)])
    return render_template(
        "plan/action.html",
        organisation=organisation,
        action=head,
        links=links[id_of(head)],
        names=link_names(organisation, links),
        history=list(reversed(history_of(session=db, action=head))),
        today=clock.today(),
    )


@bp.route("/o/<slug>/acties/nieuw", methods=["GET", "POST"])
@organisation_view(Permission.EDIT)
def new_action(organisation: Organisation):
    db = get_session()
    form = action_form(organisation)
    if request.method == "GET":
        form.status.data = "open"
        form.requirement_codes.data = request.args.get("eis", "")
        form.risk_references.data = request.args.get("risico", "")
    finding = request.values.get("bevinding", type=int)
    if form.validate_on_submit():
        try:
            targets = resolve_targets(
                session=db,
                organisation_id=organisation.id,
                requirement_codes=split_words(form.requirement_codes.data),
                risk_references=split_words(form.risk_references.data),
            )
            links = [(kind, target) for kind, ids in targets.items() for target in ids]
            links += targets_of(organisation, LinkKind.FINDING, [finding] if finding else [])
            created = create_action(
                session=db,
                organisation_id=organisation.id,
                data=data_from(form),
                actor=acting_user(),
                links=links,
                note=form.note.data or "",
            )
        except RuleError as error:
            db.rollback()
            form.form_errors.extend(show_on_form(form, error))
        else:
            db.commit()
            flash(_("Actie %(reference)s vastgelegd.", reference=created.reference), "success")
            return redirect(url_for("plan.action", slug=organisation.slug, action_id=created.id))
    return render_template(
        "plan/action_form.html", organisation=organisation, form=form, action=None, finding=finding
    )


@bp.route("/o/<slug>/acties/<int:action_id>/bewerken", methods=["GET", "POST"])
@organisation_view(Permission.EDIT)
def edit_action(organisation: Organisation, action_id: int):
    head = action_or_404(organisation, action_id)
    db = get_session()
    form = action_form(organisation)
    if request.method == "GET":
        links = links_of(session=db, action_ids=[id_of(head)])
        names = link_names(organisation, links)
        codes = [names[(x.kind, x.target_id)] for x in links[id_of(head)] if x.kind == LinkKind.REQUIREMENT]
        references = [names[(x.kind, x.target_id)] for x in links[id_of(head)] if x.kind == LinkKind.RISK]
        fill(form, head, codes, references)
    if form.validate_on_submit():
        loaded = int(form.revision.data) if (form.revision.data or "").isdigit() else 0
        try:
            _save(organisation, head, form, loaded)
        except RuleError as error:
            db.rollback()
            form.form_errors.extend(show_on_form(form, error))
        except StaleEdit:
            db.rollback()
            form.form_errors.append(_("Niet opgeslagen: iemand anders heeft deze actie intussen gewijzigd."))
            form.revision.data = str(head.revision)
        else:
            db.commit()
            flash(_("Actie %(reference)s opgeslagen.", reference=head.reference), "success")
            return redirect(url_for("plan.action", slug=organisation.slug, action_id=head.id))
    return render_template(
        "plan/action_form.html", organisation=organisation, form=form, action=head, finding=None
    )


def _save(organisation: Organisation, head, form, loaded: int) -> None:
    db = get_session()
    targets = resolve_targets(
        session=db,
        organisation_id=organisation.id,
        requirement_codes=split_words(form.requirement_codes.data),
        risk_references=split_words(form.risk_references.data),
    )
    update_action(
        session=db,
        action=head,
        data=data_from(form),
        expected_revision=loaded,
        actor=acting_user(),
        note=form.note.data or "",
    )
    for kind, ids in targets.items():
        set_links(session=db, action=head, kind=kind, target_ids=ids, actor=acting_user())


@bp.route("/o/<slug>/acties/zonder-actie")
@organisation_view(Permission.VIEW)
def without_action(organisation: Organisation):
    found = gaps(session=get_session(), organisation_id=organisation.id)
    return render_template("plan/gaps.html", organisation=organisation, gaps=found, form=ConfirmForm())


@bp.route("/o/<slug>/acties/zonder-actie", methods=["POST"])
@organisation_view(Permission.EDIT)
def close_all(organisation: Organisation):
    form = ConfirmForm()
    if form.validate_on_submit():
        db = get_session()
        made, left = close_gaps(session=db, organisation_id=organisation.id, actor=acting_user())
        db.commit()
        flash(
            _("%(made)s acties aangemaakt; %(left)s zonder datum blijven over.", made=made, left=left),
            "success",
        )
    return redirect(url_for("plan.without_action", slug=organisation.slug))


@bp.route("/o/<slug>/acties/export.xlsx")
@organisation_view(Permission.VIEW)
def export(organisation: Organisation):
    content = export_actions(session=get_session(), organisation_id=organisation.id)
    name = f"verbeterplan-{organisation.slug}-{clock.today().isoformat()}.xlsx"
    return send_file(io.BytesIO(content), mimetype=XLSX, as_attachment=True, download_name=name)


@bp.route("/o/<slug>/acties/import", methods=["GET", "POST"])
@organisation_view(Permission.EDIT)
def import_file(organisation: Organisation):
    return upload(organisation, actions_import(organisation))


@bp.route("/o/<slug>/acties/import/opslaan", methods=["POST"])
@organisation_view(Permission.EDIT)
def save_import(organisation: Organisation):
    return save(organisation, actions_import(organisation))

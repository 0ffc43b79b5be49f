"""The incident register's pages: the register, an incident with its clocks, messages and history, creating
and editing, recording a message sent, and the drafts of the messages as PDF."""

from __future__ import annotations

import io

from flask import Blueprint, abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

import app.incidents.problems  # noqa: F401 - registers the area's rule codes
from app.db import get_session
from app.i18n import current_locale
from app.incidents import dashboard  # noqa: F401 - registers the dashboard panel on import
from app.incidents.common import clock_views
from app.incidents.forms import IncidentForm, MessageForm, local_moment, shown_moment
from app.login import acting_user
from app.problems import messages, show_on_form
from app.reports.forms import DocumentLanguageForm, asked_language
from app.security import Permission, allowed, organisation_view
from core import clock
from core.errors import RuleError, StaleEdit
from core.models import Organisation
from incidents.labels import LABELS
from incidents.models import Incident
from incidents.register import (
    create_incident,
    data_of,
    get_incident,
    history_of,
    list_incidents,
    record_message,
    state_of,
    update_incident,
)
from incidents.thresholds import threshold
from reports.incidents import DRAFT_DOCUMENT, DraftKind, incident_draft_pdf

bp = Blueprint("incidents", __name__)


def incident_or_404(organisation: Organisation, incident_id: int) -> Incident:
    incident = get_incident(session=get_session(), organisation_id=organisation.id, incident_id=incident_id)
    if incident is None:
        abort(404)
    return incident


@bp.route("/o/<slug>/incidenten/")
@organisation_view(Permission.VIEW)
def register(organisation: Organisation):
    states = list_incidents(session=get_session(), organisation_id=organisation.id)
    rows = [(state, clock_views(state.deadlines)) for state in states]
    return render_template("incidents/register.html", organisation=organisation, rows=rows)


@bp.route("/o/<slug>/incidenten/nieuw", methods=["GET", "POST"])
@organisation_view(Permission.EDIT)
def new(organisation: Organisation):
    form = IncidentForm(locale=current_locale())
    if request.method == "GET":
        form.aware_at.data = shown_moment(clock.now())
    if form.validate_on_submit():
        db = get_session()
        try:
            incident = create_incident(
                session=db,
                organisation_id=organisation.id,
                data=form.data_of(),
                actor=acting_user(),
                note=form.note.data or "",
            )
        except RuleError as error:
            form.form_errors = show_on_form(form, error)
        else:
            db.commit()
            flash(_("Incident %(reference)s vastgelegd.", reference=incident.reference), "success")
            return redirect(url_for("incidents.incident", slug=organisation.slug, incident_id=incident.id))
    return render_template(
        "incidents/incident_form.html", organisation=organisation, form=form, incident=None
    )


@bp.route("/o/<slug>/incidenten/<int:incident_id>")
@organisation_view(Permission.VIEW)
def incident(organisation: Organisation, incident_id: int):
    found = incident_or_404(organisation, incident_id)
    db = get_session()
    state = state_of(session=db, incident=found)
    form = None
    if allowed(g.role, Permission.EDIT):
        form = MessageForm()
        form.sent_at.data = shown_moment(clock.now())
    return render_template(
        "incidents/incident.html",
        organisation=organisation,
        state=state,
        incident=found,
        clocks=clock_views(state.deadlines),
        history=history_of(session=db, incident=found),
        form=form,
        thresholds=[threshold(code) for code in found.thresholds.split(",") if code and threshold(code)],
        drafts=list(DraftKind),
        language_form=DocumentLanguageForm(formdata=None),
    )


@bp.route("/o/<slug>/incidenten/<int:incident_id>/bewerken", methods=["GET", "POST"])
@organisation_view(Permission.EDIT)
def edit(organisation: Organisation, incident_id: int):
    found = incident_or_404(organisation, incident_id)
    form = IncidentForm(locale=current_locale())
    if request.method == "GET":
        form.fill(data_of(found), found.revision)
    if form.validate_on_submit():
        db = get_session()
        try:
            base = int(form.revision.data or 0)
            update_incident(
                session=db,
                incident=found,
                data=form.data_of(),
                base_revision=base,
                actor=acting_user(),
                note=form.note.data or "",
            )
        except RuleError as error:
            form.form_errors = show_on_form(form, error)
        except StaleEdit:
            db.rollback()
            form.form_errors = [
                _(
                    "Niet opgeslagen: iemand heeft dit incident intussen gewijzigd. Uw invoer staat hieronder nog; laad de pagina opnieuw om de andere wijziging te zien."
                )
            ]
        else:
            db.commit()
            flash(_("Incident %(reference)s opgeslagen.", reference=found.reference), "success")
            return redirect(url_for("incidents.incident", slug=organisation.slug, incident_id=found.id))
    return render_template(
        "incidents/incident_form.html", organisation=organisation, form=form, incident=found
    )


@bp.route("/o/<slug>/incidenten/<int:incident_id>/berichten", methods=["POST"])
@organisation_view(Permission.EDIT)
def add_message(organisation: Organisation, incident_id: int):
    found = incident_or_404(organisation, incident_id)
    form = MessageForm()
    target = url_for("incidents.incident", slug=organisation.slug, incident_id=found.id)
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(target)
    db = get_session()
    try:
        record_message(
            session=db,
            incident=found,
            kind=form.kind.data,
            recipient=form.recipient.data,
            sent_at=local_moment(form.sent_at.data),
            content=form.content.data or "",
            portal_reference=form.portal_reference.data or "",
            actor=acting_user(),
        )
    except RuleError as error:
        for text in messages(error):
            flash(text, "error")
        return redirect(target)
    db.commit()
    flash(_("Bericht vastgelegd."), "success")
    return redirect(target)


@bp.route("/o/<slug>/incidenten/<int:incident_id>/concept/<kind>.pdf")
@organisation_view(Permission.VIEW)
def draft(organisation: Organisation, incident_id: int, kind: str):
    found = incident_or_404(organisation, incident_id)
    if kind not in {k.value for k in DraftKind}:
        abort(404)
    content = incident_draft_pdf(
        session=get_session(),
        organisation_id=organisation.id,
        incident_id=found.id,
        kind=kind,
        generated_by=acting_user().name,
        language=asked_language(DRAFT_DOCUMENT),
    )
    name = f"{found.reference}-{kind}-{clock.today().isoformat()}.pdf"
    return send_file(io.BytesIO(content), mimetype="application/pdf", as_attachment=True, download_name=name)


@bp.app_template_global()
def incident_label(kind: str, value) -> str:
    """For templates: the translated name of a value of the incident register (status, message_kind, ...)."""
    return LABELS[kind].of(value, _, default=str(value))


bp.add_app_template_filter(clock.local_minute, "local_moment")

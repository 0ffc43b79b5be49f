"""Evidence: adding it to an existing answer, removing it (marked, never deleted), and downloading it through
an access-checked view."""

from __future__ import annotations

from flask import abort, flash, redirect, send_file, url_for
from flask_babel import gettext as _

from app.answers.forms import EVIDENCE_PREFIX, ConfirmForm, EvidenceForm
from app.answers.helpers import evidence_message, evidence_root, requirement_or_404
from app.answers.routes import (
    answer_form_for,
    attach_evidence,
    bp,
    page_context,
    render_requirement_page,
    show_evidence_problem,
)
from app.db import get_session
from app.login import acting_user
from app.security import Permission, organisation_view
from controls.answer_models import Answer, EvidenceKind
from controls.evidence import (
    EvidenceRejected,
    answer_for_evidence,
    changeable,
    discard_file,
    evidence_by_id,
    evidence_path,
    remove_evidence,
)
from controls.models import Requirement
from core.dbtypes import id_of
from core.models import Organisation


@bp.route("/o/<slug>/eisen/<code>/bewijs", methods=["POST"])
@organisation_view(Permission.EDIT)
def add_evidence(organisation: Organisation, code: str):
    found = requirement_or_404(code)
    db = get_session()
    try:
        answer = answer_for_evidence(session=db, organisation_id=organisation.id, requirement=found)
    except EvidenceRejected as error:
        flash(evidence_message(error), "error")
        return redirect(url_for("answers.requirement", slug=organisation.slug, code=found.code))
    form = EvidenceForm(prefix=EVIDENCE_PREFIX)
    upload = form.evidence_file.data
    if not form.validate_on_submit() or not ((upload and upload.filename) or form.evidence_link.data):
        if form.is_submitted() and not form.errors:
            form.evidence_file.errors = [_("Kies een bestand of geef een link.")]
        return _evidence_form_again(organisation, found, form)
    stored = None
    try:
        stored = attach_evidence(form, organisation, id_of(answer))
        db.commit()
    except EvidenceRejected as error:
        db.rollback()
        show_evidence_problem(form, error)
        return _evidence_form_again(organisation, found, form)
    except Exception:
        db.rollback()
        if stored is not None:
            discard_file(evidence_root(), stored)
        raise
    flash(_("Bewijsstuk toegevoegd."), "success")
    return redirect(url_for("answers.requirement", slug=organisation.slug, code=found.code))


def _evidence_form_again(organisation: Organisation, found: Requirement, form: EvidenceForm):
    context = page_context(organisation, found, None)
    context["evidence_form"] = form
    return render_requirement_page(context, answer_form_for(organisation, context["revision"]), 422)


@bp.route("/o/<slug>/bewijs/<int:evidence_id>/verwijderen", methods=["POST"])
@organisation_view(Permission.EDIT)
def remove(organisation: Organisation, evidence_id: int):
    db = get_session()
    evidence = evidence_by_id(session=db, organisation_id=organisation.id, evidence_id=evidence_id)
    if evidence is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    requirement = db.get(Requirement, db.get(Answer, evidence.answer_id).requirement_id)
    back = redirect(url_for("answers.requirement", slug=organisation.slug, code=requirement.code))
    try:
        changeable(requirement)
    except EvidenceRejected as error:
        flash(evidence_message(error), "error")
        return back
    remove_evidence(session=db, evidence=evidence, actor=acting_user())
    db.commit()
    flash(_("Bewijsstuk verwijderd; het blijft zichtbaar in de historie."), "success")
    return back


@bp.route("/o/<slug>/bewijs/<int:evidence_id>")
@organisation_view(Permission.VIEW)
def download(organisation: Organisation, evidence_id: int):
    """A file as an attachment (never shown inline); a link by redirecting to it, so that reports can cite
    every piece of evidence by one access-checked address."""
    evidence = evidence_by_id(session=get_session(), organisation_id=organisation.id, evidence_id=evidence_id)
    if evidence is None:
        abort(404)
    if evidence.kind == EvidenceKind.LINK.value:
        return redirect(evidence.url)
    try:
        path = evidence_path(evidence_root(), evidence)
    except EvidenceRejected:
        abort(404)
    if not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype=evidence.content_type,
        as_attachment=True,
        download_name=evidence.filename,
        max_age=0,
        etag=False,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response

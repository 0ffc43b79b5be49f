"""The quickscan page of a process or system: the questions of data/quickscan.yaml per aspect, the outcome."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

import app.scope.problems  # noqa: F401 - registers the area's rule codes
from app.db import get_session
from app.login import acting_user
from app.problems import messages
from app.scope.forms import field_name, quickscan_form_class
from app.scope.labels import name
from app.scope.routes import item_or_404
from app.security import Permission, organisation_view
from core.errors import RuleError
from core.models import Organisation
from scope.quickscan import answers_of, latest_quickscan, question_set, record_quickscan

bp = Blueprint("quickscan", __name__)


@bp.route("/o/<slug>/scope/<int:item_id>/quickscan", methods=["GET", "POST"])
@organisation_view(Permission.EDIT)
def form(organisation: Organisation, item_id: int):
    item = item_or_404(organisation, item_id)
    db = get_session()
    questions = question_set()
    scan_form = quickscan_form_class(questions)()
    previous = latest_quickscan(session=db, item=item)
    if request.method == "GET" and previous is not None:
        for question_id, level in answers_of(previous).items():
            if field_name(question_id) in scan_form:
                scan_form[field_name(question_id)].data = level
    if scan_form.validate_on_submit():
        given = {q.id: scan_form[field_name(q.id)].data for q in questions.questions}
        try:
            scan = record_quickscan(
                session=db, item=item, answers=given, actor=acting_user(), questions=questions
            )
        except RuleError as error:
            db.rollback()
            for message in messages(error):
                flash(message, "error")
        else:
            db.commit()
            flash(_("Quickscan vastgelegd: %(outcome)s.", outcome=name("outcome", scan.outcome)), "success")
            return redirect(url_for("scope.item", slug=organisation.slug, item_id=item.id))
    sections = [
        (aspect, [(q, scan_form[field_name(q.id)]) for q in aspect.questions]) for aspect in questions.aspects
    ]
    return render_template(
        "scope/quickscan.html",
        organisation=organisation,
        item=item,
        form=scan_form,
        sections=sections,
        questions=questions,
    )

"""The scope statement (reikwijdte) page: the current version with its in-scope items, a new version, history."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

import app.scope.problems  # noqa: F401 - registers the area's rule codes
from app.db import get_session
from app.login import acting_user
from app.problems import show_on_form
from app.scope.forms import StatementForm
from app.security import Permission, organisation_view
from core.errors import RuleError
from core.models import Organisation
from scope.statement import in_scope_items, record_statement, statement_history, statement_items

bp = Blueprint("statement", __name__)


@bp.route("/o/<slug>/scope/reikwijdte")
@organisation_view(Permission.VIEW)
def index(organisation: Organisation):
    db = get_session()
    history = statement_history(session=db, organisation_id=organisation.id)
    form = StatementForm()
    if history:
        form.text.data = history[0].text
    return render_template(
        "scope/statement.html",
        organisation=organisation,
        form=form,
        current=history[0] if history else None,
        current_items=statement_items(history[0]) if history else [],
        history=history,
        now_in_scope=in_scope_items(session=db, organisation_id=organisation.id),
    )


@bp.route("/o/<slug>/scope/reikwijdte", methods=["POST"])
@organisation_view(Permission.EDIT)
def record(organisation: Organisation):
    form = StatementForm()
    db = get_session()
    if not form.validate_on_submit():
        flash(_("Niet vastgelegd: de tekst is verplicht."), "error")
        return redirect(url_for("statement.index", slug=organisation.slug))
    try:
        statement = record_statement(
            session=db, organisation_id=organisation.id, text=form.text.data or "", actor=acting_user()
        )
    except RuleError as error:
        db.rollback()
        flash("; ".join(show_on_form(form, error)), "error")
        return redirect(url_for("statement.index", slug=organisation.slug))
    db.commit()
    flash(_("Reikwijdte versie %(n)s vastgelegd.", n=statement.number), "success")
    return redirect(url_for("statement.index", slug=organisation.slug))

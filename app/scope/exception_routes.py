"""Refining an answer per system from the system's page: record or remove an exception with its reason."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _

import app.scope.problems  # noqa: F401 - registers the area's rule codes
from app.db import get_session
from app.login import acting_user
from app.problems import messages
from app.scope.forms import ExceptionForm, UnlinkRiskForm
from app.scope.routes import item_or_404
from app.security import Permission, organisation_view
from core.errors import RuleError
from core.models import Organisation
from scope.answer_scope import add_exception, remove_exception

bp = Blueprint("answer_exceptions", __name__)


@bp.route("/o/<slug>/scope/<int:item_id>/uitzonderingen", methods=["POST"])
@organisation_view(Permission.EDIT)
def add(organisation: Organisation, item_id: int):
    item = item_or_404(organisation, item_id)
    form = ExceptionForm()
    db = get_session()
    if not form.validate_on_submit():
        flash(_("Niet vastgelegd: geef de eis en de reden."), "error")
    else:
        try:
            add_exception(
                session=db,
                item=item,
                code=form.requirement.data or "",
                reason=form.reason.data or "",
                actor=acting_user(),
            )
        except RuleError as error:
            db.rollback()
            for message in messages(error):
                flash(message, "error")
        else:
            db.commit()
            flash(_("Uitzondering vastgelegd."), "success")
    return redirect(url_for("scope.item", slug=organisation.slug, item_id=item.id))


@bp.route("/o/<slug>/scope/<int:item_id>/uitzonderingen/<code>/verwijderen", methods=["POST"])
@organisation_view(Permission.EDIT)
def remove(organisation: Organisation, item_id: int, code: str):
    item = item_or_404(organisation, item_id)
    db = get_session()
    if UnlinkRiskForm().validate_on_submit():
        try:
            removed = remove_exception(session=db, item=item, code=code, actor=acting_user())
        except RuleError as error:
            db.rollback()
            for message in messages(error):
                flash(message, "error")
        else:
            db.commit()
            if removed:
                flash(_("Uitzondering verwijderd."), "success")
    return redirect(url_for("scope.item", slug=organisation.slug, item_id=item.id))

"""The board training register (Cbw art. 24): the members of the board with their training and certificate,
the two-year deadline and renewals; adding a member and recording a training."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

import app.incidents.problems  # noqa: F401 - registers the area's rule codes
from app.db import get_session
from app.incidents.forms import BoardMemberForm, TrainingForm
from app.login import acting_user
from app.problems import messages
from app.security import Permission, organisation_view
from core import clock
from core.dbtypes import id_of
from core.errors import RuleError
from core.models import Organisation
from incidents.board import add_member, board_register, record_training, valid_until

bp = Blueprint("board", __name__)


def _forms(members) -> tuple[BoardMemberForm, TrainingForm]:
    training = TrainingForm(prefix="training")
    training.member.choices = [SelectChoice(id_of(s.member), s.member.name) for s in members]
    return BoardMemberForm(prefix="member"), training


@bp.route("/o/<slug>/bestuur/")
@organisation_view(Permission.VIEW)
def index(organisation: Organisation):
    members = board_register(session=get_session(), organisation_id=organisation.id, today=clock.today())
    member_form, training_form = _forms(members)
    return render_template(
        "incidents/board.html",
        organisation=organisation,
        members=members,
        member_form=member_form,
        training_form=training_form,
        valid_until=valid_until,
    )


@bp.route("/o/<slug>/bestuur/leden", methods=["POST"])
@organisation_view(Permission.EDIT)
def new_member(organisation: Organisation):
    form = BoardMemberForm(prefix="member")
    if form.validate_on_submit():
        db = get_session()
        try:
            add_member(
                session=db,
                organisation_id=organisation.id,
                name=form.name.data or "",
                position=form.position.data or "",
                joined_on=form.joined_on.data,
                actor=acting_user(),
            )
        except RuleError as error:
            for text in messages(error):
                flash(text, "error")
        else:
            db.commit()
            flash(_("Bestuurder toegevoegd."), "success")
    else:
        for errors in form.errors.values():
            flash("; ".join(map(str, errors)), "error")
    return redirect(url_for("board.index", slug=organisation.slug))


@bp.route("/o/<slug>/bestuur/opleidingen", methods=["POST"])
@organisation_view(Permission.EDIT)
def new_training(organisation: Organisation):
    db = get_session()
    members = board_register(session=db, organisation_id=organisation.id, today=clock.today())
    _member_form, form = _forms(members)
    if form.validate_on_submit():
        try:
            record_training(
                session=db,
                organisation_id=organisation.id,
                member_id=form.member.data,
                course=form.course.data or "",
                trained_on=form.trained_on.data,
                certificate_on=form.certificate_on.data,
                certificate_valid_until=form.certificate_valid_until.data,
                today=clock.today(),
                actor=acting_user(),
            )
        except RuleError as error:
            for text in messages(error):
                flash(text, "error")
        else:
            db.commit()
            flash(_("Opleiding vastgelegd."), "success")
    else:
        for errors in form.errors.values():
            flash("; ".join(map(str, errors)), "error")
    return redirect(url_for("board.index", slug=organisation.slug))

"""Schedules of an organisation: create, edit, switch on and off, and each schedule's runs with their
failures."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.db import get_session
from app.login import acting_user
from app.problems import messages
from app.reports.forms import FORMAT_LABELS, KIND_LABELS, PRESET_LABELS, ActionForm, ScheduleForm
from app.security import Permission, organisation_view
from core import clock
from core.errors import RuleError
from core.models import Organisation
from reports.builders import formats_of
from reports.models import Schedule
from reports.schedule_timing import upcoming_runs
from reports.schedules import (
    DEFAULT_DAYS_BEFORE,
    ScheduleInput,
    create_schedule,
    last_runs,
    runs_of,
    schedule_of,
    schedules_of,
    set_enabled,
    update_schedule,
)

bp = Blueprint("schedules", __name__)

RUN_HISTORY = 50


def _schedule(organisation: Organisation, schedule_id: int) -> Schedule:
    schedule = schedule_of(session=get_session(), organisation_id=organisation.id, schedule_id=schedule_id)
    if schedule is None:
        abort(404)
    return schedule


def _input(form: ScheduleForm) -> ScheduleInput:
    return ScheduleInput(
        kind=form.kind.data,
        format=form.format.data,
        preset=form.preset.data,
        cron=form.cron.data or "",
        recipients=form.recipients.data or "",
        enabled=form.enabled.data,
        days_before=form.days_before.data if form.days_before.data is not None else DEFAULT_DAYS_BEFORE,
        language=form.language.data,
    )


def _labels() -> dict:
    return {"kind_labels": KIND_LABELS, "format_labels": FORMAT_LABELS, "preset_labels": PRESET_LABELS}


@bp.route("/o/<slug>/planning/", methods=["GET", "POST"])
@organisation_view(Permission.MANAGE_SCHEDULES)
def index(organisation: Organisation):
    db = get_session()
    form = ScheduleForm()
    if form.validate_on_submit():
        try:
            create_schedule(
                session=db,
                organisation_id=organisation.id,
                values=_input(form),
                formats_of=formats_of,
                created_by_user_id=current_user.id,
                actor=acting_user(),
            )
        except RuleError as error:
            form.preset.errors.extend(messages(error))
        else:
            db.commit()
            flash(_("Planning toegevoegd."), "success")
            return redirect(url_for("schedules.index", slug=organisation.slug))
    schedules = schedules_of(session=db, organisation_id=organisation.id)
    ids = [schedule.id for schedule in schedules]
    return render_template(
        "reports/schedules.html",
        organisation=organisation,
        schedules=schedules,
        form=form,
        last=last_runs(session=db, schedule_ids=ids),
        upcoming=upcoming_runs(
            session=db, organisation_id=organisation.id, schedules=schedules, now=clock.now()
        ),
        runs=runs_of(session=db, schedule_ids=ids, limit=RUN_HISTORY),
        action_form=ActionForm(),
        **_labels(),
    )


@bp.route("/o/<slug>/planning/<int:schedule_id>", methods=["GET", "POST"])
@organisation_view(Permission.MANAGE_SCHEDULES)
def edit(organisation: Organisation, schedule_id: int):
    db = get_session()
    schedule = _schedule(organisation, schedule_id)
    form = ScheduleForm(obj=schedule)
    if form.validate_on_submit():
        try:
            update_schedule(
                session=db, schedule=schedule, values=_input(form), formats_of=formats_of, actor=acting_user()
            )
        except RuleError as error:
            form.preset.errors.extend(messages(error))
        else:
            db.commit()
            flash(_("Planning opgeslagen."), "success")
            return redirect(url_for("schedules.edit", slug=organisation.slug, schedule_id=schedule.id))
    return render_template(
        "reports/schedule.html",
        organisation=organisation,
        schedule=schedule,
        form=form,
        runs=runs_of(session=db, schedule_ids=[schedule.id], limit=RUN_HISTORY),
        action_form=ActionForm(),
        **_labels(),
    )


@bp.route("/o/<slug>/planning/<int:schedule_id>/aan-uit", methods=["POST"])
@organisation_view(Permission.MANAGE_SCHEDULES)
def toggle(organisation: Organisation, schedule_id: int):
    schedule = _schedule(organisation, schedule_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    db = get_session()
    set_enabled(session=db, schedule=schedule, enabled=not schedule.enabled, actor=acting_user())
    db.commit()
    flash(_("Planning aangezet.") if schedule.enabled else _("Planning uitgezet."), "success")
    return redirect(url_for("schedules.index", slug=organisation.slug))

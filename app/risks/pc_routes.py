"""The P&C cycle pages: moments, their snapshot with the weerstandsvermogen, and comparing two moments."""

from __future__ import annotations

import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

import app.risks.problems  # noqa: F401 - registers the area's rule codes
from app.db import get_session
from app.i18n import format_medium_date
from app.login import acting_user
from app.problems import show_on_form, word
from app.risks.common import heatmap_figure
from app.risks.forms import BudgetFiguresForm, CompareForm, MomentForm, SnapshotForm
from app.risks.labels import name
from app.security import Permission, organisation_view
from app.urls import id_or_404
from core.errors import RuleError
from core.models import Organisation
from risk.heatmap import Kind
from risk.models import PCMoment
from risk.pc import (
    capacity_history,
    compare_snapshots,
    create_moment,
    get_moment,
    list_moments,
    reproduce_required_capacity,
    snapshot_of,
    snapshot_view,
    take_snapshot,
    update_moment,
)
from risk.risk_table import risk_table_xlsx
from risk.weerstand import (
    current_figures,
    enter_figures,
    figures_by_moment,
    figures_history,
    weerstand_of,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

bp = Blueprint("pc", __name__)


def moment_name(moment: PCMoment) -> str:
    return f"{name('moment', moment.kind)} {moment.year}"


def _moment_or_404(organisation: Organisation, moment_id: int) -> PCMoment:
    moment = get_moment(session=get_session(), organisation_id=organisation.id, moment_id=moment_id)
    if moment is None:
        abort(404)
    return moment


def _compare_form(organisation: Organisation) -> CompareForm:
    form = CompareForm(request.args)
    choices = [
        SelectChoice(moment.id, f"{moment_name(moment)} ({format_medium_date(moment.moment_on)})")
        for moment, _snapshot in capacity_history(session=get_session(), organisation_id=organisation.id)
    ]
    form.van.choices = form.naar.choices = choices
    return form


@bp.route("/o/<slug>/pc/")
@organisation_view(Permission.VIEW)
def moments(organisation: Organisation):
    db = get_session()
    figures = figures_by_moment(session=db, organisation_id=organisation.id)
    rows = [
        (moment, snapshot, weerstand_of(snapshot, figures.get(moment.id)) if snapshot else None)
        for moment, snapshot in list_moments(session=db, organisation_id=organisation.id)
    ]
    return render_template(
        "risks/moments.html",
        organisation=organisation,
        rows=rows,
        compare=_compare_form(organisation),
        moment_name=moment_name,
    )


@bp.route("/o/<slug>/pc/nieuw", methods=["GET", "POST"])
@organisation_view(Permission.EDIT)
def new_moment(organisation: Organisation):
    form = MomentForm()
    if form.validate_on_submit():
        db = get_session()
        try:
            moment = create_moment(
                session=db,
                organisation_id=organisation.id,
                kind=form.kind.data,
                year=form.year.data,
                moment_on=form.moment_on.data,
                available_capacity=form.available_capacity.data,
                actor=acting_user(),
                note=form.note.data or "",
            )
        except RuleError as error:
            db.rollback()
            form.form_errors.extend(show_on_form(form, error))
        else:
            db.commit()
            flash(_("P&C-moment %(name)s aangemaakt.", name=moment_name(moment)), "success")
            return redirect(url_for("pc.moment", slug=organisation.slug, moment_id=moment.id))
    return render_template("risks/moment_form.html", organisation=organisation, form=form, moment=None)


@bp.route("/o/<slug>/pc/<int:moment_id>/bewerken", methods=["GET", "POST"])
@organisation_view(Permission.EDIT)
def edit_moment(organisation: Organisation, moment_id: int):
    moment = _moment_or_404(organisation, moment_id)
    db = get_session()
    if snapshot_of(session=db, moment=moment) is not None:
        flash(_("Dit P&C-moment heeft een momentopname en verandert niet meer."), "warning")
        return redirect(url_for("pc.moment", slug=organisation.slug, moment_id=moment.id))
    form = MomentForm(obj=moment if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            update_moment(
                session=db,
                moment=moment,
                kind=form.kind.data,
                year=form.year.data,
                moment_on=form.moment_on.data,
                available_capacity=form.available_capacity.data,
                note=form.note.data or "",
                actor=acting_user(),
            )
        except RuleError as error:
            db.rollback()
            form.form_errors.extend(show_on_form(form, error))
        else:
            db.commit()
            flash(_("P&C-moment opgeslagen."), "success")
            return redirect(url_for("pc.moment", slug=organisation.slug, moment_id=moment.id))
    return render_template("risks/moment_form.html", organisation=organisation, form=form, moment=moment)


@bp.route("/o/<slug>/pc/<int:moment_id>")
@organisation_view(Permission.VIEW)
def moment(organisation: Organisation, moment_id: int):
    return _moment_page(organisation, _moment_or_404(organisation, moment_id), None)


def _moment_page(organisation: Organisation, moment: PCMoment, figures_form: BudgetFiguresForm | None):
    db = get_session()
    snapshot = snapshot_of(session=db, moment=moment)
    view = snapshot_view(moment, snapshot) if snapshot else None
    history = figures_history(session=db, moment=moment)
    if figures_form is None:
        figures_form = BudgetFiguresForm(obj=history[0] if history else None)
        if not history:
            figures_form.available_capacity.data = moment.available_capacity
    figures, reproduced = [], None
    if view is not None:
        figures = [
            heatmap_figure(
                kind,
                view.residual_counts if kind is Kind.RESIDUAL else view.inherent_counts,
                view.matrix,
                id_prefix="snapshot-",
            )
            for kind in Kind
        ]
        if request.args.get("controleer") == "1":
            reproduced = reproduce_required_capacity(view)
    return render_template(
        "risks/moment.html",
        organisation=organisation,
        moment=moment,
        view=view,
        figures=figures,
        reproduced=reproduced,
        snapshot_form=SnapshotForm(),
        name=moment_name(moment),
        weerstand=weerstand_of(snapshot, history[0] if history else None) if snapshot else None,
        figures_history=history,
        figures_form=figures_form,
    )


@bp.route("/o/<slug>/pc/<int:moment_id>/begroting", methods=["POST"])
@organisation_view(Permission.EDIT)
def budget_figures(organisation: Organisation, moment_id: int):
    """The begroting's own figures of the moment: a new entry of their history (before or after the snapshot)."""
    moment = _moment_or_404(organisation, moment_id)
    form = BudgetFiguresForm()
    if form.validate_on_submit():
        db = get_session()
        try:
            enter_figures(
                session=db,
                moment=moment,
                available_capacity=form.available_capacity.data,
                other_required_capacity=form.other_required_capacity.data,
                certainty=form.certainty.data,
                source=form.source.data or "",
                actor=acting_user(),
            )
        except RuleError as error:
            db.rollback()
            form.form_errors.extend(show_on_form(form, error))
        else:
            db.commit()
            flash(_("Cijfers uit de begroting vastgelegd."), "success")
            return redirect(url_for("pc.moment", slug=organisation.slug, moment_id=moment.id) + "#begroting")
    return _moment_page(organisation, moment, form), 422


@bp.route("/o/<slug>/pc/<int:moment_id>/risicotabel.xlsx")
@organisation_view(Permission.VIEW)
def risk_table(organisation: Organisation, moment_id: int):
    """The snapshot's information-security risks as a municipal risk table (back to the moment before it)."""
    moment = _moment_or_404(organisation, moment_id)
    db = get_session()
    snapshot = snapshot_of(session=db, moment=moment)
    if snapshot is None:
        flash(_("De risicotabel komt uit de momentopname; dit moment heeft er nog geen."), "warning")
        return redirect(url_for("pc.moment", slug=organisation.slug, moment_id=moment.id))
    content = risk_table_xlsx(
        snapshot_view(moment, snapshot), weerstand_of(snapshot, current_figures(session=db, moment=moment))
    )
    name = f"risicotabel-{organisation.slug}-{moment.kind}-{moment.year}.xlsx"
    return send_file(io.BytesIO(content), mimetype=XLSX, as_attachment=True, download_name=name)


@bp.route("/o/<slug>/pc/<int:moment_id>/momentopname", methods=["POST"])
@organisation_view(Permission.EDIT)
def snapshot(organisation: Organisation, moment_id: int):
    moment = _moment_or_404(organisation, moment_id)
    if not SnapshotForm().validate_on_submit():
        abort(400)
    db = get_session()
    try:
        take_snapshot(session=db, moment=moment, actor=acting_user())
    except RuleError as error:
        db.rollback()
        flash(word(error.problems[0]), "error")
    else:
        db.commit()
        flash(_("Momentopname gemaakt; het register en de cijfers van dit moment liggen nu vast."), "success")
    return redirect(url_for("pc.moment", slug=organisation.slug, moment_id=moment.id))


@bp.route("/o/<slug>/pc/vergelijken")
@organisation_view(Permission.VIEW)
def compare(organisation: Organisation):
    form = _compare_form(organisation)
    comparison, weerstand = None, []
    if request.args and form.validate():
        db = get_session()
        views = []
        for moment_id in (form.van.data, form.naar.data):
            moment = _moment_or_404(organisation, moment_id)
            views.append(snapshot_view(moment, snapshot_of(session=db, moment=moment)))
        comparison = compare_snapshots(*views)
        weerstand = [weerstand_of(v.snapshot, current_figures(session=db, moment=v.moment)) for v in views]
    elif request.args.get("van", "").isdigit() or request.args.get("naar", "").isdigit():
        for name in ("van", "naar"):  # a moment of another organisation is not found, not 'invalid'
            if request.args.get(name, "").isdigit():
                _moment_or_404(organisation, id_or_404(request.args[name]))
    return render_template(
        "risks/compare.html",
        organisation=organisation,
        form=form,
        comparison=comparison,
        weerstand=weerstand,
        moment_name=moment_name,
    )

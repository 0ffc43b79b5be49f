"""The risk register pages: list with filters, a risk with its history, create and edit, heatmaps, the matrix,
Excel export and import."""

from __future__ import annotations

import io

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from sqlmodel import select

import app.risks.problems  # noqa: F401 - registers the area's rule codes
from app.db import get_session
from app.imports.page import save, upload
from app.login import acting_user
from app.plan.hooks import flash_held, flash_made, proposed_acceptances
from app.problems import show_on_form
from app.risks import dashboard, labels  # noqa: F401 - dashboard registers its panel on import
from app.risks.common import PARAMETER_KIND, heatmap_figure, risk_or_404
from app.risks.excel import risks_import
from app.risks.forms import AsOfForm, RegisterFilterForm, RiskForm, matrix_form, split_codes
from app.security import Permission, organisation_view
from controls.models import Requirement
from core import clock
from core.errors import RuleError, StaleEdit
from core.models import Organisation
from risk.answer_links import requirements_justified_by
from risk.filters import ACTIVE, RegisterFilter, filter_register
from risk.heatmap import Kind, heatmap_counts
from risk.matrix import DEFAULT_MATRIX, Matrix, matrix_for, save_matrix
from risk.models import SCALE, Level
from risk.reading import data_of, differences, list_risks, risk_history
from risk.register import create_risk, update_risk
from risk.risk_steps import RiskSaved
from risk.rules import RiskData
from risk.scope_links import items_of_risk
from risk.xlsx import export_risks

bp = Blueprint("risks", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _as_int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and int(value) in SCALE else None


def _criteria(form: RegisterFilterForm) -> RegisterFilter:
    """The filter from the form's valid fields (an invalid one is shown with its error and ignored)."""

    def valid(field):
        return field.data if not field.errors else None

    level = valid(form.niveau)
    return RegisterFilter(
        text=(valid(form.q) or "").strip(),
        status=valid(form.status) or ACTIVE,
        treatment=valid(form.behandeling) or "",
        level=Level(level) if level else None,
        above_appetite=form.boven.data == "1",
        kind=PARAMETER_KIND.get(form.soort.data or ""),
        likelihood=_as_int(form.kans.data),
        impact=_as_int(form.impact.data),
        expired_acceptance=form.verlopen.data == "1",
        requirement=(form.eis.data or "").strip(),
    )


@bp.route("/o/<slug>/risicos/")
@organisation_view(Permission.VIEW)
def register(organisation: Organisation):
    form = RegisterFilterForm(request.args)
    form.validate()
    as_of = form.peildatum.data if not form.peildatum.errors else None
    db = get_session()
    states = list_risks(session=db, organisation_id=organisation.id, as_of=as_of)
    matrix = matrix_for(session=db, organisation_id=organisation.id)
    criteria = _criteria(form)
    shown = filter_register(states, criteria, matrix=matrix, today=clock.today())
    return render_template(
        "risks/register.html",
        organisation=organisation,
        form=form,
        risks=shown,
        total=len(states),
        matrix=matrix,
        criteria=criteria,
        as_of=as_of,
        today=clock.today(),
        proposed=proposed_acceptances(db, organisation.id) if as_of is None else frozenset(),
    )


def _requirements(codes: tuple[str, ...]) -> list[Requirement]:
    if not codes:
        return []
    rows = get_session().exec(select(Requirement).where(Requirement.code.in_(codes))).all()
    return sorted(rows, key=lambda requirement: requirement.sort_key)


@bp.route("/o/<slug>/risicos/<int:risk_id>")
@organisation_view(Permission.VIEW)
def risk(organisation: Organisation, risk_id: int):
    head = risk_or_404(organisation, risk_id)
    history = risk_history(session=get_session(), risk=head)
    entries, previous = [], None
    for revision in history:
        data = data_of(revision)
        entries.append((revision, differences(previous, data)))
        previous = data
    matrix = matrix_for(session=get_session(), organisation_id=organisation.id)
    current = data_of(head)
    return render_template(
        "risks/risk.html",
        organisation=organisation,
        risk=head,
        data=current,
        history=list(reversed(entries)),
        matrix=matrix,
        requirements=_requirements(current.requirement_codes),
        threatened=items_of_risk(session=get_session(), risk=head),
        justified=requirements_justified_by(session=get_session(), risk=head),
        today=clock.today(),
    )


def _data_from(form: RiskForm) -> RiskData:
    return RiskData(
        title=form.title.data or "",
        owner=form.owner.data or "",
        description=form.description.data or "",
        cause=form.cause.data or "",
        consequence=form.consequence.data or "",
        aspects=tuple(form.aspects.data or ()),
        impact_areas=tuple(form.impact_areas.data or ()),
        inherent_likelihood=form.inherent_likelihood.data,
        inherent_impact=form.inherent_impact.data,
        treatment=form.treatment.data,
        residual_likelihood=form.residual_likelihood.data,
        residual_impact=form.residual_impact.data,
        status=form.status.data,
        requirement_codes=split_codes(form.requirement_codes.data),
        accepted_by=form.accepted_by.data or "",
        accepted_on=form.accepted_on.data,
        acceptance_expires_on=form.acceptance_expires_on.data,
        review_on=form.review_on.data,
        probability=form.probability.data,
        impact_minimum=form.impact_minimum.data,
        impact_most_likely=form.impact_most_likely.data,
        impact_maximum=form.impact_maximum.data,
    )


def _fill(form: RiskForm, data: RiskData) -> None:
    for name in (
        "title",
        "owner",
        "description",
        "cause",
        "consequence",
        "inherent_likelihood",
        "inherent_impact",
        "treatment",
        "residual_likelihood",
        "residual_impact",
        "status",
        "accepted_by",
        "accepted_on",
        "acceptance_expires_on",
        "review_on",
        "probability",
        "impact_minimum",
        "impact_most_likely",
        "impact_maximum",
    ):
        form[name].data = getattr(data, name)
    form.aspects.data = list(data.aspects)
    form.impact_areas.data = list(data.impact_areas)
    form.requirement_codes.data = ", ".join(data.requirement_codes)


def _risk_form(matrix: Matrix) -> RiskForm:
    form = RiskForm()
    form.set_scales(matrix)
    return form


@bp.route("/o/<slug>/risicos/nieuw", methods=["GET", "POST"])
@organisation_view(Permission.EDIT)
def new_risk(organisation: Organisation):
    db = get_session()
    form = _risk_form(matrix_for(session=db, organisation_id=organisation.id))
    if request.method == "GET":
        form.status.data, form.treatment.data = "open", "reduce"
    if form.validate_on_submit():
        try:
            saved = create_risk(
                session=db,
                organisation_id=organisation.id,
                data=_data_from(form),
                actor=acting_user(),
                note=form.note.data or "",
            )
        except RuleError as error:
            db.rollback()
            form.form_errors.extend(show_on_form(form, error))
        else:
            db.commit()
            if saved.risk is None:
                flash_held("risk")
                return redirect(url_for("approvals.index", slug=organisation.slug))
            flash(_("Risico %(reference)s vastgelegd.", reference=saved.risk.reference), "success")
            flash_made(saved.made)
            return redirect(url_for("risks.risk", slug=organisation.slug, risk_id=saved.risk.id))
    return render_template(
        "risks/risk_form.html", organisation=organisation, form=form, risk=None, conflict=None
    )


@bp.route("/o/<slug>/risicos/<int:risk_id>/bewerken", methods=["GET", "POST"])
@organisation_view(Permission.EDIT)
def edit_risk(organisation: Organisation, risk_id: int):
    head = risk_or_404(organisation, risk_id)
    db = get_session()
    form = _risk_form(matrix_for(session=db, organisation_id=organisation.id))
    conflict = None
    if request.method == "GET":
        _fill(form, data_of(head))
        form.revision.data = str(head.revision)
    if form.validate_on_submit():
        loaded = int(form.revision.data) if (form.revision.data or "").isdigit() else 0
        try:
            saved = update_risk(
                session=get_session(),
                risk=head,
                data=_data_from(form),
                expected_revision=loaded,
                actor=acting_user(),
                note=form.note.data or "",
            )
        except RuleError as error:
            db.rollback()
            form.form_errors.extend(show_on_form(form, error))
        except StaleEdit:
            db.rollback()
            conflict = _conflict(head, loaded)
            form.revision.data = str(conflict["current"].number)
            form.revision.raw_data = [form.revision.data]
        else:
            db.commit()
            _tell_saved(saved, head.reference)
            return redirect(url_for("risks.risk", slug=organisation.slug, risk_id=head.id))
    page = render_template(
        "risks/risk_form.html", organisation=organisation, form=form, risk=head, conflict=conflict
    )
    return page, (409 if conflict else 200)


def _tell_saved(saved: RiskSaved, reference: str) -> None:
    """What an edit did: held for approval, a new revision or nothing; and the actions the plan made."""
    if saved.held is not None:
        flash_held("risk")
    elif saved.changed:
        flash(_("Nieuwe revisie van %(reference)s vastgelegd.", reference=reference), "success")
    else:
        flash(_("Niets gewijzigd."), "info")
    flash_made(saved.made)


def _conflict(head, loaded: int) -> dict:
    """What someone else changed since the form was loaded; shown above the form, which keeps the input."""
    history = risk_history(session=get_session(), risk=head)
    base = next((revision for revision in history if revision.number == loaded), None)
    current = history[-1]
    return {
        "current": current,
        "changes": differences(data_of(base) if base else None, data_of(current)),
    }


@bp.route("/o/<slug>/risicos/heatmap")
@organisation_view(Permission.VIEW)
def heatmaps(organisation: Organisation):
    form = AsOfForm(request.args)
    form.validate()
    as_of = form.peildatum.data if not form.peildatum.errors else None
    db = get_session()
    states = list_risks(session=db, organisation_id=organisation.id, as_of=as_of)
    matrix = matrix_for(session=db, organisation_id=organisation.id)
    figures = [
        heatmap_figure(kind, heatmap_counts(states, kind), matrix, organisation=organisation, as_of=as_of)
        for kind in Kind
    ]
    return render_template(
        "risks/heatmaps.html",
        organisation=organisation,
        figures=figures,
        matrix=matrix,
        form=form,
        as_of=as_of,
    )


@bp.route("/o/<slug>/risicos/matrix", methods=["GET", "POST"])
@organisation_view(Permission.EDIT)
def matrix_settings(organisation: Organisation):
    db = get_session()
    matrix = matrix_for(session=db, organisation_id=organisation.id)
    form = matrix_form(matrix)
    if form.validate_on_submit():
        chosen = DEFAULT_MATRIX if form.reset.data else _matrix_from(form)
        try:
            save_matrix(session=db, organisation_id=organisation.id, matrix=chosen, actor=acting_user())
        except RuleError as error:
            form.form_errors.extend(show_on_form(form, error))
        else:
            db.commit()
            flash(_("Risicomatrix opgeslagen."), "success")
            return redirect(url_for("risks.heatmaps", slug=organisation.slug))
    return render_template(
        "risks/matrix.html", organisation=organisation, form=form, matrix=matrix, scale=SCALE
    )


def _matrix_from(form) -> Matrix:
    return Matrix(
        likelihood_labels=tuple(form[f"likelihood_{n}"].data for n in SCALE),
        impact_labels=tuple(form[f"impact_{n}"].data for n in SCALE),
        levels=tuple(tuple(Level(form[f"cell_{lk}_{im}"].data) for im in SCALE) for lk in SCALE),
        appetite=Level(form.appetite.data),
        certainty=form.certainty.data,
        impact_convention=form.impact_convention.data,
    )


@bp.route("/o/<slug>/risicos/export.xlsx")
@organisation_view(Permission.VIEW)
def export(organisation: Organisation):
    content = export_risks(session=get_session(), organisation_id=organisation.id)
    name = f"risicoregister-{organisation.slug}-{clock.today().isoformat()}.xlsx"
    return send_file(io.BytesIO(content), mimetype=XLSX, as_attachment=True, download_name=name)


@bp.route("/o/<slug>/risicos/import", methods=["GET", "POST"])
@organisation_view(Permission.EDIT)
def import_file(organisation: Organisation):
    return upload(organisation, risks_import(organisation))


@bp.route("/o/<slug>/risicos/import/opslaan", methods=["POST"])
@organisation_view(Permission.EDIT)
def save_import(organisation: Organisation):
    return save(organisation, risks_import(organisation))


@bp.app_template_global()
def risk_label(kind: str, value) -> str:
    """For templates: the translated name of a value (treatment, status, level, ...)."""
    return labels.name(kind, value)


@bp.app_template_global()
def risk_value(field: str, value) -> str:
    return labels.display(field, value)


bp.add_app_template_filter(labels.euros, "euros")
bp.add_app_template_filter(labels.ratio_text, "ratio")
bp.add_app_template_filter(labels.certainty_text, "certainty")
bp.add_app_template_filter(labels.share_text, "share")


@bp.app_template_global()
def level_badge(level) -> str:
    """The badge class of a matrix level (colour plus the level's name: never colour alone)."""
    return labels.LEVEL_BADGE[Level(level)]


@bp.app_template_global()
def rating_badge(grade: str | None) -> str:
    return labels.RATING_BADGE.get(grade or "", "muted")

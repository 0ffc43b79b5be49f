"""The ENSIA year of an organisation: which bijlagen of the collegeverklaring apply (DigiD, Suwinet) and the
references of the IT auditor's assurance reports, kept per year through reports.ensia_year."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.db import get_session
from app.login import acting_user
from app.problems import show_on_form
from app.reports.forms import EnsiaYearForm
from app.security import Permission, organisation_view
from core import clock
from core.errors import RuleError
from core.models import Organisation
from reports.ensia_year import EnsiaYearData, ensia_year, record_ensia_year, year_problem

bp = Blueprint("ensia", __name__)


@bp.route("/o/<slug>/rapporten/ensia/")
@organisation_view(Permission.EDIT)
def index(organisation: Organisation):
    return redirect(url_for("ensia.year_page", slug=organisation.slug, year=clock.today().year))


@bp.route("/o/<slug>/rapporten/ensia/<int:year>", methods=["GET", "POST"])
@organisation_view(Permission.EDIT)
def year_page(organisation: Organisation, year: int):
    if year_problem(year) is not None:
        abort(404)
    db = get_session()
    record = ensia_year(session=db, organisation_id=organisation.id, year=year)
    form = EnsiaYearForm(obj=record) if request.method == "GET" else EnsiaYearForm()
    if form.validate_on_submit():
        data = EnsiaYearData(
            digid_applies=bool(form.digid_applies.data),
            digid_reference=form.digid_reference.data or "",
            suwinet_applies=bool(form.suwinet_applies.data),
            suwinet_reference=form.suwinet_reference.data or "",
            auditor=form.auditor.data or "",
        )
        try:
            record_ensia_year(
                session=db, organisation_id=organisation.id, year=year, data=data, actor=acting_user()
            )
        except RuleError as error:
            db.rollback()
            form.form_errors.extend(show_on_form(form, error))
        else:
            db.commit()
            flash(_("ENSIA %(year)s vastgelegd.", year=year), "success")
            return redirect(url_for("ensia.year_page", slug=organisation.slug, year=year))
    return render_template(
        "reports/ensia_year.html",
        organisation=organisation,
        form=form,
        year=year,
        record=record,
    )

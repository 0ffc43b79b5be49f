"""The answers as an Excel sheet: download, and upload with a check of every row before anything is saved."""

from __future__ import annotations

import io

from flask import current_app, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app.answers.forms import ImportForm
from app.answers.risk_links import risk_references
from app.answers.routes import bp
from app.db import get_session
from app.login import acting_user
from app.security import Permission, organisation_view
from controls.answers_xlsx import ImportProblem, ImportRejected, export_answers, import_answers
from core import clock
from core.models import Organisation

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_filename(organisation: Organisation) -> str:
    return f"antwoorden-{organisation.slug}-{clock.today().isoformat()}.xlsx"


@bp.route("/o/<slug>/vvt/antwoorden.xlsx")
@organisation_view(Permission.VIEW)
def export_xlsx(organisation: Organisation):
    data = export_answers(session=get_session(), organisation_id=organisation.id)
    return send_file(
        io.BytesIO(data),
        mimetype=XLSX,
        as_attachment=True,
        download_name=export_filename(organisation),
        max_age=0,
    )


@bp.route("/o/<slug>/vvt/import", methods=["GET", "POST"])
@organisation_view(Permission.EDIT)
def import_xlsx(organisation: Organisation):
    form = ImportForm()
    problems: list[ImportProblem] = []
    result = None
    status = 200
    if form.validate_on_submit():
        data = form.file.data.stream.read(current_app.config["IMPORT_MAX_BYTES"] + 1)
        if len(data) > current_app.config["IMPORT_MAX_BYTES"]:
            form.file.errors = [_("Het bestand is te groot.")]
            return render_template("answers/import.html", organisation=organisation, form=form), 413
        db = get_session()
        accepted, known = risk_references(db, organisation.id)
        try:
            result = import_answers(
                session=db,
                organisation_id=organisation.id,
                data=data,
                actor=acting_user(),
                accepted_risks=accepted,
                known_risks=known,
                dry_run=form.dry_run.data,
                note=f"Excel-import {form.file.data.filename}"[:300],
            )
        except ImportRejected as error:
            db.rollback()
            problems = error.problems
            status = 422
        else:
            if form.dry_run.data:
                db.rollback()
            else:
                db.commit()
                flash(
                    ngettext(
                        "%(num)s antwoord ingelezen.", "%(num)s antwoorden ingelezen.", len(result.changed)
                    ),
                    "success",
                )
                return redirect(url_for("answers.statement", slug=organisation.slug))
    elif form.is_submitted():
        status = 422
    return render_template(
        "answers/import.html", organisation=organisation, form=form, problems=problems, result=result
    ), status

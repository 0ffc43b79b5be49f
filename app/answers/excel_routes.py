"""The answers as an Excel sheet: download, and upload through the one import flow (`app.imports.page`)."""

from __future__ import annotations

import io
from typing import Any

from flask import flash, redirect, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import ngettext

from app.answers import problems  # noqa: F401 - registers the area's problem words
from app.answers.risk_links import risk_references
from app.answers.routes import bp
from app.db import get_session
from app.imports.page import SheetImport, save, upload
from app.login import acting_user
from app.plan.hooks import follow_ups
from app.security import Permission, organisation_view
from controls.answers_xlsx import ANSWERS_SHEET, ImportResult, export_answers, import_answers
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


def answers_import(organisation: Organisation) -> SheetImport:
    def run(data: bytes, dry_run: bool, filename: str) -> Any:
        db = get_session()
        accepted, known = risk_references(db, organisation.id)
        return import_answers(
            session=db,
            organisation_id=organisation.id,
            data=data,
            actor=acting_user(),
            accepted_risks=accepted,
            known_risks=known,
            dry_run=dry_run,
            note=f"Excel-import {filename}"[:300],
        )

    def saved(result: ImportResult) -> ResponseReturnValue:
        count = len(result.changes)
        flash(ngettext("%(num)s antwoord ingelezen.", "%(num)s antwoorden ingelezen.", count), "success")
        for line in follow_ups(result.held, result.made):
            flash(line, "info")
        return redirect(url_for("answers.statement", slug=organisation.slug))

    return SheetImport(
        "answers",
        ANSWERS_SHEET,
        "answers/import.html",
        "answers.import_xlsx",
        "answers.save_import",
        run,
        saved,
    )


@bp.route("/o/<slug>/vvt/import", methods=["GET", "POST"])
@organisation_view(Permission.EDIT)
def import_xlsx(organisation: Organisation):
    return upload(organisation, answers_import(organisation))


@bp.route("/o/<slug>/vvt/import/opslaan", methods=["POST"])
@organisation_view(Permission.EDIT)
def save_import(organisation: Organisation):
    return save(organisation, answers_import(organisation))

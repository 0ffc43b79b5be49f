"""The risk register's import through the one import flow (`app.imports.page`): how it runs, and what the user
sees once it is saved."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.db import get_session
from app.imports.page import SheetImport
from app.login import acting_user
from app.plan.hooks import follow_ups
from app.risks import problems  # noqa: F401 - registers the area's problem words
from core.models import Organisation
from risk.xlsx import RISKS_SHEET, ImportResult, import_risks


def risks_import(organisation: Organisation) -> SheetImport:
    def run(data: bytes, dry_run: bool, _filename: str) -> Any:
        return import_risks(
            session=get_session(),
            organisation_id=organisation.id,
            source=data,
            dry_run=dry_run,
            actor=acting_user(),
        )

    def saved(result: ImportResult) -> ResponseReturnValue:
        flash(
            _(
                "Ingelezen: %(new)s nieuw, %(changed)s gewijzigd, %(same)s ongewijzigd.",
                new=len(result.created),
                changed=len(result.updated),
                same=len(result.unchanged),
            ),
            "success",
        )
        for line in follow_ups(result.held, result.made):
            flash(line, "info")
        return redirect(url_for("risks.register", slug=organisation.slug))

    return SheetImport(
        "risks", RISKS_SHEET, "risks/import.html", "risks.import_file", "risks.save_import", run, saved
    )

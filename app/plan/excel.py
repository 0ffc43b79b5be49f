"""The improvement plan's import through the one import flow (`app.imports.page`)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.db import get_session
from app.imports.page import SheetImport
from app.login import acting_user
from app.plan import problems  # noqa: F401 - registers the area's problem words
from core.models import Organisation
from plan.xlsx import ACTIONS_SHEET, ImportResult, import_actions


def actions_import(organisation: Organisation) -> SheetImport:
    def run(data: bytes, dry_run: bool, _filename: str) -> Any:
        return import_actions(
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
        return redirect(url_for("plan.actions", slug=organisation.slug))

    return SheetImport(
        "actions", ACTIONS_SHEET, "plan/import.html", "plan.import_file", "plan.save_import", run, saved
    )

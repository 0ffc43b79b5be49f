"""The risk register's import through the one import flow (`app.imports.page`): once saved, the user also sees
what its rows were held for and which actions the plan made for them."""

from __future__ import annotations

from flask import flash

from app.imports.page import SheetImport, register_import
from app.plan.hooks import follow_ups
from app.risks import problems  # noqa: F401 - registers the area's problem words
from core.models import Organisation
from core.tabular import ImportResult
from risk.xlsx import RISKS_SHEET, import_risks


def _follow_ups(result: ImportResult) -> None:
    for line in follow_ups(result.held, result.made):
        flash(line, "info")


def risks_import(organisation: Organisation) -> SheetImport:
    return register_import(
        organisation,
        "risks",
        RISKS_SHEET,
        import_risks,
        area="risks",
        register="risks.register",
        after=_follow_ups,
    )

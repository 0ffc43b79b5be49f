"""The improvement plan's import through the one import flow (`app.imports.page`)."""

from __future__ import annotations

from app.imports.page import SheetImport, register_import
from app.plan import problems  # noqa: F401 - registers the area's problem words
from core.models import Organisation
from plan.xlsx import ACTIONS_SHEET, import_actions


def actions_import(organisation: Organisation) -> SheetImport:
    return register_import(
        organisation, "actions", ACTIONS_SHEET, import_actions, area="plan", register="plan.actions"
    )

"""The scope register's import through the one import flow (`app.imports.page`)."""

from __future__ import annotations

from app.imports.page import SheetImport, register_import
from app.scope import problems  # noqa: F401 - registers the area's problem words
from core.models import Organisation
from scope.xlsx import SCOPE_SHEET, import_items


def scope_import(organisation: Organisation) -> SheetImport:
    return register_import(
        organisation, "scope", SCOPE_SHEET, import_items, area="scope", register="scope.register"
    )

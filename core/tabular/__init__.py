"""One tabular module for every spreadsheet: a column spec (`SheetSpec`) drives both the export (header, styles,
drop-downs, widths, formula neutralisation) and the import (types, dates, choices, formulas refused with their
cell, the changed cells of a row), and the limits of an uploaded file are checked while it is read, before
anything is built from it (unpacked size, rows, columns, cell length).

    SHEET = SheetSpec("Risico's", columns=(Column("Referentie", 11, key="reference"), ...), ref="reference")
    data = export(SHEET, rows)                  # rows: mappings of column key -> value
    rows = read_sheet(data, SHEET)              # RuleError for the file; each Row has its own problems
    result = apply_rows(SHEET, checked, save, session=session, dry_run=False)
                                                # a register's (row, checked) pairs saved, all or nothing

Problems are `core.errors.Problem`s with a rule code (PROBLEM_CODES below), placed by row and reference; the web
layer and the CLI word them."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from core.tabular.cells import (
    DATE,
    TEXT,
    Choice,
    Choices,
    Date,
    Integer,
    Text,
    TextList,
    neutralise,
    restore,
)
from core.tabular.reader import Change, ImportResult, Row, read_sheet
from core.tabular.saving import apply_rows
from core.tabular.spec import Column, Limits, SheetSpec, Use

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

# The writer's functions load openpyxl (about a third of a second) when a sheet is made, not when a process
# starts: a CLI command or a page that writes no sheet never loads it.


def load_writer() -> None:
    """Load openpyxl and the writer now, without numpy: openpyxl imports numpy when it is installed only to
    accept numpy's number types in cells (openpyxl.compat.numbers), and our sheets hold Python values. A web
    worker calls this when it starts (reports.builders.warm_up), before it runs any other thread, so that its
    first report's workbook is made warm and numpy (about 17 MB resident) stays out of it until a Monte Carlo
    simulation runs (tests/test_startup.py)."""
    if "openpyxl" not in sys.modules and "numpy" not in sys.modules:
        sys.modules["numpy"] = None  # type: ignore[assignment]  # `import numpy` raises ImportError meanwhile
        try:
            import openpyxl  # noqa: F401
        finally:
            del sys.modules["numpy"]
    from core.tabular import writer  # noqa: F401


def export(spec: SheetSpec, rows: Iterable[Mapping[str, object]]) -> bytes:
    from core.tabular import writer

    return writer.export(spec, rows)


def add_sheet(workbook: Workbook, spec: SheetSpec, rows: Iterable[Mapping[str, object]]) -> Worksheet:
    from core.tabular import writer

    return writer.add_sheet(workbook, spec, rows)


def add_table(
    workbook: Workbook, title: str, columns: Sequence[Column], rows: Iterable[Sequence[object]]
) -> Worksheet:
    from core.tabular import writer

    return writer.add_table(workbook, title, columns, rows)


def cell_value(value: object) -> object:
    from core.tabular import writer

    return writer.cell_value(value)


def new_workbook() -> Workbook:
    from core.tabular import writer

    return writer.new_workbook()


def workbook_bytes(workbook: Workbook) -> bytes:
    from core.tabular import writer

    return writer.workbook_bytes(workbook)


# Every rule code this module gives, with its parameters.
PROBLEM_CODES = {
    "tabular.not_xlsx": (),
    "tabular.unpacked_too_large": ("limit_mb",),
    "tabular.too_many_rows": ("limit",),
    "tabular.too_many_columns": ("limit",),
    "tabular.cell_too_long": ("cell", "limit"),
    "tabular.text_too_long": ("limit",),
    "tabular.sheet_missing": ("sheet",),
    "tabular.unknown_column": ("column",),
    "tabular.column_twice": ("column",),
    "tabular.columns_missing": ("columns",),
    "tabular.formula": ("cell",),
    "tabular.text_expected": (),
    "tabular.not_an_integer": ("value",),
    "tabular.not_a_date": ("value",),
    "tabular.unknown_choice": ("value", "choices"),
    "tabular.duplicate": ("first_row",),
    "tabular.stale": ("sheet", "current"),
}

__all__ = [
    "DATE",
    "PROBLEM_CODES",
    "TEXT",
    "Change",
    "Choice",
    "Choices",
    "Column",
    "Date",
    "ImportResult",
    "Integer",
    "Limits",
    "Row",
    "SheetSpec",
    "Text",
    "TextList",
    "Use",
    "add_sheet",
    "apply_rows",
    "add_table",
    "cell_value",
    "export",
    "new_workbook",
    "neutralise",
    "read_sheet",
    "restore",
    "workbook_bytes",
]

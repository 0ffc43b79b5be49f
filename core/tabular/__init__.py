"""One tabular module for every spreadsheet: a column spec (`SheetSpec`) drives both the export (header, styles,
drop-downs, widths, formula neutralisation) and the import (types, dates, choices, formulas refused with their
cell, the changed cells of a row), and the limits of an uploaded file are checked while it is read, before
anything is built from it (unpacked size, rows, columns, cell length).

    SHEET = SheetSpec("Risico's", columns=(Column("Referentie", 11, key="reference"), ...), ref="reference")
    data = export(SHEET, rows)                  # rows: mappings of column key -> value
    rows = read_sheet(data, SHEET)              # RuleError for the file; each Row has its own problems

Problems are `core.errors.Problem`s with a rule code (PROBLEM_CODES below), placed by row and reference; the web
layer and the CLI word them."""

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
from core.tabular.reader import Change, Row, read_sheet
from core.tabular.spec import Column, Limits, SheetSpec, Use
from core.tabular.writer import add_sheet, add_table, cell_value, export, new_workbook, workbook_bytes

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
    "Integer",
    "Limits",
    "Row",
    "SheetSpec",
    "Text",
    "TextList",
    "Use",
    "add_sheet",
    "add_table",
    "cell_value",
    "export",
    "new_workbook",
    "neutralise",
    "read_sheet",
    "restore",
    "workbook_bytes",
]

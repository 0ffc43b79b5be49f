"""Excel reports: sheets of plain values written by `core.tabular` (its header style, its neutralisation of
text a spreadsheet would read as a formula). Text longer than a cell holds continues in the next columns, so
nothing is cut."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from openpyxl import Workbook
from openpyxl.styles import Font

from core.tabular import Column, add_table, cell_value, new_workbook, workbook_bytes
from reports.language import gettext as _
from reports.language import language_note

CELL_LIMIT = 32_767  # characters Excel keeps in one cell

__all__ = ["Column", "add_facts", "add_sheet", "new_workbook", "split_long", "translated", "workbook_bytes"]


def split_long(text: str) -> list[str]:
    """A text in pieces that each fit a cell (one piece for every ordinary text)."""
    if len(text) <= CELL_LIMIT - 1:  # room for the apostrophe neutralise may add
        return [text]
    size = CELL_LIMIT - 1
    return [text[start : start + size] for start in range(0, len(text), size)]


def translated(columns: Iterable[Column]) -> list[Column]:
    """Columns whose Dutch headers (marked `N_`) are in the report's language (reports.language)."""
    return [replace(column, header=_(column.header)) for column in columns]


def add_sheet(
    workbook: Workbook, title: str, columns: Sequence[Column], rows: Iterable[Sequence[object]]
) -> None:
    """A sheet with a styled, frozen, filterable header row. A row's last value may be a list of text pieces
    (from `split_long`): they fill the last column and as many continuation columns as they need."""
    values: list[list[object]] = []
    extra = 0
    for row in rows:
        *first, last = row
        pieces = last if isinstance(last, list) else [last]
        extra = max(extra, len(pieces) - 1)
        values.append([*first, *pieces])
    final = columns[-1]
    more = [
        Column(
            _("%(header)s (vervolg %(n)s)") % {"header": final.header, "n": number}, final.width, final.wrap
        )
        for number in range(1, extra + 1)
    ]
    add_table(workbook, title, [*columns, *more], values)


def add_facts(workbook: Workbook, title: str, facts: Sequence[tuple[str, object]]) -> None:
    """A first sheet with what the report is: organisation, as-of date, made by and when; in a report not in
    Dutch, what it shows as written (reports.language.language_note)."""
    sheet = workbook.create_sheet(title)
    note = language_note()
    for label, value in [*facts, (_("Vertaling"), note)] if note else facts:
        sheet.append([label, cell_value(value)])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 70

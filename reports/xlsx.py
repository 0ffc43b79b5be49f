"""Excel reports: sheets of plain values through openpyxl. Text a spreadsheet would read as a formula is
neutralised the way the answers' Excel export does it, and text longer than a cell holds continues in the next
columns, so nothing is cut."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from controls.answers_xlsx import neutralise

CELL_LIMIT = 32_767  # characters Excel keeps in one cell
HEADER_FILL = PatternFill("solid", fgColor="0B4F8A")
HEADER_FONT = Font(bold=True, color="FFFFFF")
WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 14
    wrap: bool = False


def cell_value(value: object) -> object:
    """Text neutralised and without the control characters a workbook cannot hold."""
    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def split_long(text: str) -> list[str]:
    """A text in pieces that each fit a cell (one piece for every ordinary text)."""
    if len(text) <= CELL_LIMIT - 1:  # room for the apostrophe neutralise may add
        return [text]
    size = CELL_LIMIT - 1
    return [text[start : start + size] for start in range(0, len(text), size)]


def add_sheet(
    workbook: Workbook, title: str, columns: Sequence[Column], rows: Iterable[Sequence[object]]
) -> None:
    """A sheet with a styled, frozen, filterable header row. A row's last value may be a list of text pieces
    (from `split_long`): they fill the last column and as many continuation columns as they need."""
    sheet = workbook.create_sheet(title)
    sheet.append([column.header for column in columns])
    extra = 0
    for row in rows:
        *values, last = row
        pieces = last if isinstance(last, list) else [last]
        extra = max(extra, len(pieces) - 1)
        sheet.append([cell_value(v) for v in values] + [cell_value(p) for p in pieces])
    for number in range(extra):
        sheet.cell(
            row=1, column=len(columns) + number + 1, value=f"{columns[-1].header} (vervolg {number + 1})"
        )
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        if column.wrap:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = WRAP
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions


def add_facts(workbook: Workbook, title: str, facts: Sequence[tuple[str, object]]) -> None:
    """A first sheet with what the report is: organisation, as-of date, made by and when."""
    sheet = workbook.create_sheet(title)
    for label, value in facts:
        sheet.append([label, cell_value(value)])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 70


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

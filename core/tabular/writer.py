"""Writing sheets: one header style for every workbook the application makes, every text neutralised against
formulas, and for a sheet of a spec its widths, locked columns, date formats and drop-down lists."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.tabular.cells import neutralise
from core.tabular.spec import Column, SheetSpec, Use

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="154273")
LOCKED_FILL = PatternFill("solid", fgColor="EFEFEF")
WRAP = Alignment(wrap_text=True, vertical="top")
LISTS_SHEET = "Lijsten"
EXTRA_ROWS = 500  # rows below the last one where the drop-down lists still apply, for rows a user adds


def cell_value(value: object) -> object:
    """What a cell may hold: text neutralised and without the control characters a workbook cannot hold."""
    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def style_header(sheet: Worksheet, columns: Sequence[Column]) -> None:
    """The header row's style and the columns' widths; wrapped columns wrap below the header too."""
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        if column.wrap:
            for (body,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                body.alignment = WRAP


def add_table(
    workbook: Workbook, title: str, columns: Sequence[Column], rows: Iterable[Sequence[object]]
) -> Worksheet:
    """A sheet of plain values (a report): styled header, frozen below it, with a filter."""
    sheet = workbook.create_sheet(title)
    sheet.append([column.header for column in columns])
    for row in rows:
        sheet.append([cell_value(value) for value in row])
    style_header(sheet, columns)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    return sheet


def add_sheet(workbook: Workbook, spec: SheetSpec, rows: Iterable[Mapping[str, object]]) -> Worksheet:
    """The sheet of `spec`, one row per mapping of column key -> value, with its explanation sheet (if the spec
    has one) and the hidden sheet holding the values of its drop-down lists."""
    sheet = workbook.create_sheet(spec.name)
    sheet.append([column.header for column in spec.columns])
    for row in rows:
        sheet.append([cell_value(column.type.write(row.get(column.key))) for column in spec.columns])
    last_row = sheet.max_row
    style_header(sheet, spec.columns)
    for index, column in enumerate(spec.columns, start=1):
        if column.use is Use.EDIT and column.type.number_format is None:
            continue
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if column.use is not Use.EDIT:
                cell.fill = LOCKED_FILL
            if column.type.number_format is not None:
                cell.number_format = column.type.number_format
    sheet.freeze_panes = spec.freeze
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(spec.columns))}{max(last_row, 2)}"
    _validations(workbook, sheet, spec, last_row + EXTRA_ROWS)
    if spec.help_sheet:
        _help_sheet(workbook, spec)
    return sheet


def export(spec: SheetSpec, rows: Iterable[Mapping[str, object]]) -> bytes:
    """A workbook with the sheet of `spec` (and the sheets it needs), as .xlsx bytes."""
    workbook = new_workbook()
    add_sheet(workbook, spec, rows)
    return workbook_bytes(workbook)


def _validations(workbook: Workbook, sheet: Worksheet, spec: SheetSpec, last_row: int) -> None:
    ranges: dict[tuple[object, ...], str] = {}

    def list_range(values: Sequence[object]) -> str:
        """The values in a column of the hidden lists sheet (once per list); the range that holds them."""
        key = tuple(values)
        if key not in ranges:
            if LISTS_SHEET not in workbook.sheetnames:
                workbook.create_sheet(LISTS_SHEET).sheet_state = "hidden"
            lists = workbook[LISTS_SHEET]
            letter = get_column_letter(len(ranges) + 1)
            for number, value in enumerate(values, start=1):
                lists[f"{letter}{number}"] = cell_value(value)
            ranges[key] = f"{LISTS_SHEET}!${letter}$1:${letter}${len(values)}"
        return ranges[key]

    for index, column in enumerate(spec.columns, start=1):
        if column.use is not Use.EDIT:
            continue
        validation = column.type.validation(list_range)
        if validation is None:
            continue
        validation.showErrorMessage = True
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}{last_row}")
        sheet.add_data_validation(validation)


def _help_sheet(workbook: Workbook, spec: SheetSpec) -> None:
    columns = (Column("Kolom", 34), Column("Toelichting", 100))
    sheet = workbook.create_sheet(spec.help_sheet, workbook.sheetnames.index(spec.name) + 1)
    sheet.append([column.header for column in columns])
    for column in spec.columns:
        sheet.append([column.header, column.help])
    style_header(sheet, columns)

"""Reading a sheet back: the rows below the header as values by column key, each with the problems of its
cells, streamed from the file with its limits checked (`core.tabular.archive`).

Formulas are refused with their cell: the value a spreadsheet cached for a formula is not what the user
typed, and storing it would record a number nobody entered."""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from core.errors import Problem, RuleError
from core.ranges import date_problem
from core.tabular.archive import LimitedArchive, LimitExceeded
from core.tabular.cells import CellProblem, restore
from core.tabular.spec import Column, Limits, SheetSpec
from core.text import text_problem

NOT_XLSX = "tabular.not_xlsx"


@dataclass
class Row:
    """One non-blank row of the sheet: its number, its values by column key (a blank cell: the type's empty
    value) and what is wrong with it; `ref` is the text of the sheet's naming column (a code, a reference)."""

    number: int
    ref: str
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, code: str, field: str = "", message: str = "", /, **params: Any) -> None:
        """Add a problem of this row: a rule code, the field (column key) it is about, a Dutch fallback."""
        self.problems.append(Problem(code, params, field, self.number, self.ref, message))

    def stale(self, sheet_revision: int | None, current: int) -> None:
        """The row was exported at another revision than the current one: someone changed it since."""
        self.problem("tabular.stale", "revision", sheet=sheet_revision or 0, current=current)

    def filled(self, spec: SheetSpec, keys: Sequence[str]) -> list[str]:
        """The headers of those of `keys` whose cell is not blank."""
        return [spec.header(key) for key in keys if self.values.get(key) != spec.column(key).type.empty]


@dataclass(frozen=True)
class Change:
    """A row that gets (or would get) a new revision: its number, reference and changed cells (the headers of
    the changed columns), or that makes something `new`."""

    row: int
    ref: str
    columns: tuple[str, ...] = ()
    new: bool = False


@dataclass
class ImportResult:
    """What a register's import did (or, on a dry run, would do): the references of the rows made, changed and
    left alone, the changed cells, the rows saved "ter goedkeuring" and what the save's steps made (actions)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    dry_run: bool = False
    changes: list[Change] = field(default_factory=list)  # new and changed rows, with their changed cells
    held: list[str] = field(default_factory=list)  # rows saved "ter goedkeuring" (reference, or title if new)
    made: list[str] = field(default_factory=list)  # what the save's steps made (the plan's actions)

    def add_created(self, row: Row, reference: str) -> None:
        """The row made a new entry, `reference`."""
        self.created.append(reference)
        self.changes.append(Change(row.number, reference, new=True))

    def add_updated(self, row: Row, reference: str, columns: Sequence[str]) -> None:
        """The row gave `reference` a new revision; `columns`: the headers of the cells it changed."""
        self.updated.append(reference)
        self.changes.append(Change(row.number, reference, tuple(columns)))


def read_sheet(data: bytes, spec: SheetSpec) -> list[Row]:
    """The non-blank rows below the header. RuleError when the file cannot be read as this sheet at all: not an
    .xlsx file, past one of its limits, the sheet or a column missing, a column unknown."""
    try:
        with _workbook(data, spec.limits) as workbook:
            if spec.name not in workbook.sheetnames:
                raise RuleError(Problem("tabular.sheet_missing", {"sheet": spec.name}))
            sheet = workbook[spec.name]
            sheet.reset_dimensions()  # a stated <dimension> can be wrong: read the rows that are there
            rows = _stream(sheet.iter_rows(max_col=spec.limits.columns))
            columns = _header(spec, next(rows, ()))
            return _rows(spec, columns, rows)
    except LimitExceeded as error:
        raise RuleError(error.problem) from None


@contextmanager
def _workbook(data: bytes, limits: Limits) -> Iterator[Any]:
    """The workbook in openpyxl's streaming (read-only) mode, on an archive that checks the limits."""
    try:
        archive = LimitedArchive(io.BytesIO(data), limits)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError):
        raise RuleError(Problem(NOT_XLSX)) from None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about Excel extensions it does not read
        try:
            from openpyxl.reader.excel import ExcelReader  # when a sheet is read: not at start-up

            reader = ExcelReader(io.BytesIO(data), read_only=True, keep_links=False)
            reader.archive.close()
            reader.archive = archive  # every member is read through the limits
            reader.read()
        except LimitExceeded:
            archive.close()
            raise
        except Exception:  # openpyxl raises many kinds for a file that is not a workbook
            archive.close()
            raise RuleError(Problem(NOT_XLSX)) from None
        try:
            yield reader.wb
        finally:
            reader.wb.close()


def _stream(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """openpyxl's rows, its failures on broken XML as the one problem of a file that is not a workbook."""
    while True:
        try:
            cells = next(rows)
        except StopIteration:
            return
        except LimitExceeded:
            raise
        except Exception:  # openpyxl raises many kinds for broken sheet XML
            raise RuleError(Problem(NOT_XLSX)) from None
        yield cells


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return restore(str(value).strip())


def _header(spec: SheetSpec, cells: Sequence[Any]) -> dict[str, int]:
    """Column key -> position, from the header row: every column of the spec, and nothing else."""
    by_header = {column.header: column for column in spec.columns}
    found: dict[str, int] = {}
    problems: list[Problem] = []
    for index, cell in enumerate(cells):
        text = _text(cell.value)
        column = by_header.get(text)
        if not text:
            continue
        if column is None:
            problems.append(Problem("tabular.unknown_column", {"column": text}, row=1))
        elif column.key in found:
            problems.append(Problem("tabular.column_twice", {"column": text}, row=1))
        else:
            found[column.key] = index
    missing = [column.header for column in spec.columns if column.key not in found]
    if missing:
        problems.append(Problem("tabular.columns_missing", {"columns": ", ".join(missing)}, row=1))
    if problems:
        raise RuleError(problems)
    return found


def _rows(spec: SheetSpec, columns: dict[str, int], stream: Iterator[tuple[Any, ...]]) -> list[Row]:
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(stream, start=2):
        if all(_blank(cell.value) for cell in cells):
            continue
        row = Row(number, _text(cells[columns[spec.ref]].value))
        for column in spec.columns:
            _read_cell(row, column, cells[columns[column.key]], columns[column.key])
        if row.ref in seen:
            row.problem("tabular.duplicate", spec.ref, first_row=seen[row.ref])
        elif row.ref:
            seen[row.ref] = number
        rows.append(row)
    return rows


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_cell(row: Row, column: Column, cell: Any, index: int) -> None:
    if column.read_back:
        row.values[column.key] = column.type.empty
    if getattr(cell, "data_type", None) == "f":
        from openpyxl.utils import get_column_letter

        row.problem("tabular.formula", column.key, cell=f"{get_column_letter(index + 1)}{row.number}")
        return
    value = cell.value
    if not column.read_back or _blank(value):
        return
    if isinstance(value, str):
        wrong = text_problem(value, field=column.key, bidi=column.plain)
        if wrong is not None:
            row.problem(wrong.code, column.key, wrong.message, **wrong.params)
            return
    try:
        read = column.type.read(restore(value) if isinstance(value, str) else value)
    except CellProblem as problem:
        row.problem(problem.code, column.key, **problem.params)
        return
    day = read.date() if isinstance(read, datetime) else read
    wrong = date_problem(day, field=column.key) if isinstance(day, date) else None
    if wrong is not None:
        row.problem(wrong.code, column.key, wrong.message, **wrong.params)
        return
    row.values[column.key] = read

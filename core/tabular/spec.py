"""The column spec of a sheet: one description drives the export (header, width, style, drop-down) and the
import (which columns are read, as what type, and the limits of the file)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from core.tabular.cells import TEXT, CellType


class Use(Enum):
    """What a column is for: EDIT is read back and may be changed; KEY is read back but names the row (a code,
    a revision) and is shown locked; SHOWN is for reading only and ignored on import."""

    EDIT = "edit"
    KEY = "key"
    SHOWN = "shown"


@dataclass(frozen=True)
class Column:
    """One column: its Dutch header and width; for a sheet that is read back, the field it holds (`key`), its
    type and use, and a line of help for the explanation sheet. A `plain` column holds a name or a title: it
    is refused with bidirectional control characters (core.text)."""

    header: str
    width: int = 14
    wrap: bool = False
    key: str = ""
    type: CellType = TEXT
    use: Use = Use.EDIT
    help: str = ""
    plain: bool = False

    @property
    def read_back(self) -> bool:
        return self.use is not Use.SHOWN


@dataclass(frozen=True)
class Limits:
    """What an uploaded sheet may hold at most; checked while the file is read, before anything is built."""

    unpacked_bytes: int = 50 * 1024 * 1024
    rows: int = 5000  # below the header
    columns: int = 64
    cell_length: int = 32_767  # Excel's own limit of a cell


@dataclass(frozen=True)
class SheetSpec:
    """A sheet that is exported and imported: its name, its columns, the column that names a row in problems
    and must not repeat (`ref`), where the panes freeze, and the title of the sheet that explains the columns
    (none: no such sheet)."""

    name: str
    columns: tuple[Column, ...]
    ref: str
    freeze: str = "B2"
    help_sheet: str = ""
    limits: Limits = field(default_factory=Limits)

    def __post_init__(self) -> None:
        keys = [column.key for column in self.columns]
        if "" in keys or len(set(keys)) != len(keys) or self.ref not in keys:
            raise ValueError(f"sheet {self.name!r}: every column needs its own key, and ref one of them")
        if len(self.columns) > self.limits.columns:
            raise ValueError(f"sheet {self.name!r}: more columns than its limits allow")

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def header(self, key: str) -> str:
        """The header of the column holding `key`; "" for a field that is no column."""
        return next((column.header for column in self.columns if column.key == key), "")

    def changed(self, before: Mapping[str, object], after: Mapping[str, object]) -> tuple[str, ...]:
        """The headers of the editable columns whose value differs: the changed cells of a row."""
        return tuple(
            column.header
            for column in self.columns
            if column.use is Use.EDIT and column.key in after and before.get(column.key) != after[column.key]
        )

"""An uploaded .xlsx file opened with its limits checked while it is read, before anything is built from it.

An .xlsx file is a zip archive of XML files. A small upload can unpack to gigabytes (empty rows compress to
almost nothing), so the archive refuses a file whose members declare more than the limit, counts the bytes
actually unpacked as they are read, and watches the XML of every member with a streaming parser that stops at
the first row, column or text past the limits (also when `<dimension>` already says so). Every member goes
through that watch whoever reads it, openpyxl included, so nothing large is built before the refusal."""

from __future__ import annotations

import io
import re
import zipfile
from typing import IO, Any, Literal
from xml.parsers import expat

from core.errors import Problem
from core.tabular.spec import Limits

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
TEXT_ELEMENTS = {"v", "t", "f"}
CELL = re.compile(r"^([A-Z]{1,3})[1-9][0-9]*$")
MEGABYTE = 1024 * 1024


class LimitExceeded(Exception):
    """The file goes past one of its limits; reading stopped there."""

    def __init__(self, problem: Problem):
        super().__init__(problem.code)
        self.problem = problem


def _exceeded(code: str, **params: Any) -> LimitExceeded:
    return LimitExceeded(Problem(code, params))


class _Watch:
    """A streaming look at one XML member: rows, columns and the length of each text, fed as it is read."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.row = 0
        self.column = 0
        self.cell = ""
        self.length = 0
        self.in_text = 0
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.characters

    def feed(self, data: bytes) -> None:
        try:
            self.parser.Parse(data, False)
        except expat.ExpatError:
            raise _exceeded("tabular.not_xlsx") from None

    def doctype(self, *_args: object) -> None:
        raise _exceeded(
            "tabular.not_xlsx"
        )  # no spreadsheet declares a DTD; entities could expand without end

    def start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, _space, tag = name.rpartition(" ")
        if namespace != MAIN:
            return
        if tag == "dimension":
            self.dimension(attributes.get("ref", ""))
        elif tag == "row":
            self.row = int(attributes["r"]) if attributes.get("r", "").isdigit() else self.row + 1
            self.column = 0
            if self.row > self.limits.rows + 1:
                raise _exceeded("tabular.too_many_rows", limit=self.limits.rows)
        elif tag == "c":
            self.start_cell(attributes.get("r", ""))
        elif tag == "si":
            self.cell, self.length = "", 0
        elif tag in TEXT_ELEMENTS:
            self.in_text += 1

    def end(self, name: str) -> None:
        namespace, _space, tag = name.rpartition(" ")
        if namespace == MAIN and tag in TEXT_ELEMENTS:
            self.in_text -= 1

    def characters(self, data: str) -> None:
        if not self.in_text:
            return
        self.length += len(data)
        if self.length > self.limits.cell_length:
            if self.cell:
                raise _exceeded("tabular.cell_too_long", cell=self.cell, limit=self.limits.cell_length)
            raise _exceeded("tabular.text_too_long", limit=self.limits.cell_length)

    def start_cell(self, reference: str) -> None:
        match = CELL.match(reference)
        from openpyxl.utils.cell import column_index_from_string

        self.column = column_index_from_string(match[1]) if match else self.column + 1
        self.cell, self.length = (reference if match else ""), 0
        if self.column > self.limits.columns:
            raise _exceeded("tabular.too_many_columns", limit=self.limits.columns)

    def dimension(self, reference: str) -> None:
        try:
            from openpyxl.utils.cell import range_boundaries

            _min_col, _min_row, max_col, max_row = range_boundaries(reference)
        except (ValueError, TypeError):
            return  # openpyxl ignores what it cannot read; the rows themselves are counted anyway
        if max_row is not None and max_row > self.limits.rows + 1:
            raise _exceeded("tabular.too_many_rows", limit=self.limits.rows)
        if max_col is not None and max_col > self.limits.columns:
            raise _exceeded("tabular.too_many_columns", limit=self.limits.columns)


class _WatchedMember(io.BufferedIOBase):
    """A member of the archive as it is unpacked: every byte counted and, for XML, watched."""

    def __init__(self, member: IO[bytes], archive: LimitedArchive, watch: _Watch | None):
        super().__init__()
        self.member = member
        self.archive = archive
        self.watch = watch

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        data = self.member.read(-1 if size is None else size)
        self.archive.count(len(data))
        if self.watch is not None and data:
            self.watch.feed(data)
        return data

    def read1(self, size: int = -1) -> bytes:
        return self.read(size)

    def close(self) -> None:
        self.member.close()
        super().close()


class LimitedArchive(zipfile.ZipFile):
    """The zip archive of an .xlsx file, refusing (LimitExceeded) what unpacks or reads past `limits`."""

    def __init__(self, file: IO[bytes], limits: Limits):
        super().__init__(file)
        self.limits = limits
        self.unpacked = 0
        declared = sum(info.file_size for info in self.infolist())
        if declared > limits.unpacked_bytes:
            self.close()
            raise self._too_large()

    def _too_large(self) -> LimitExceeded:
        return _exceeded("tabular.unpacked_too_large", limit_mb=self.limits.unpacked_bytes // MEGABYTE)

    def count(self, size: int) -> None:
        self.unpacked += size
        if self.unpacked > self.limits.unpacked_bytes:
            raise self._too_large()

    def open(
        self, name: Any, mode: Literal["r", "w"] = "r", pwd: bytes | None = None, *, force_zip64: bool = False
    ) -> Any:
        member = super().open(name, mode, pwd, force_zip64=force_zip64)
        if mode != "r":
            return member
        filename = name.filename if isinstance(name, zipfile.ZipInfo) else str(name)
        watch = _Watch(self.limits) if filename.endswith((".xml", ".rels")) else None
        return _WatchedMember(member, self, watch)

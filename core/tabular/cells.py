"""The kinds of value a column holds: how a value is written to a cell, and read back from one.

A type never sees an empty cell (the reader gives the type's `empty` value for it), nor the apostrophe that
neutralises text a spreadsheet would take for a formula (the writer adds it to every text, the reader takes it
off every text). A cell that does not fit raises `CellProblem` with a rule code; the reader places it."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:  # made when a sheet is written (openpyxl is not loaded at start-up)
    from openpyxl.worksheet.datavalidation import DataValidation

DANGEROUS = re.compile(r"^'*[=+\-@\t\r]")
SEPARATOR = "; "
DATE_FORMAT = "DD-MM-YYYY"
DATE_TEXT = (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$"))
CHOICE_ERROR = "Kies een waarde uit de lijst."

# What a type asks of the writer to build a drop-down list: the cell range holding the values.
ListRange = Callable[[Sequence[object]], str]


def neutralise(text: str) -> str:
    """Text a spreadsheet would take for a formula gets a leading apostrophe. Text that already starts with
    apostrophes before such a character gets one more, so `restore` gives back exactly what was written."""
    return "'" + text if DANGEROUS.match(text) else text


def restore(text: str) -> str:
    """Undo `neutralise`."""
    return text[1:] if text.startswith("'") and DANGEROUS.match(text) else text


class CellProblem(Exception):
    """The value of a cell does not fit its column."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params


def _plain(value: object) -> str:
    """A cell's value as text: whole numbers without ".0"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _key(text: str) -> str:
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class Text:
    """Free text."""

    empty: ClassVar[object] = ""
    number_format: ClassVar[str | None] = None

    def write(self, value: Any) -> object:
        return value if value not in (None, "") else None

    def read(self, value: Any) -> Any:
        if isinstance(value, datetime | date):
            raise CellProblem("tabular.text_expected")
        return _plain(value)

    def validation(self, lists: ListRange) -> DataValidation | None:
        return None


@dataclass(frozen=True)
class TextList:
    """Several texts in one cell, separated by "; " (a comma is read as a separator too)."""

    empty: ClassVar[object] = ()
    number_format: ClassVar[str | None] = None

    def write(self, value: Any) -> object:
        return SEPARATOR.join(str(part) for part in value) if value else None

    def read(self, value: Any) -> Any:
        return tuple(part.strip() for part in _plain(value).replace(",", ";").split(";") if part.strip())

    def validation(self, lists: ListRange) -> DataValidation | None:
        return None


@dataclass(frozen=True)
class Integer:
    """A whole number, optionally between `minimum` and `maximum` (the drop-in check of the spreadsheet; the
    domain's rules decide)."""

    minimum: int | None = None
    maximum: int | None = None
    allow_blank: bool = True
    empty: ClassVar[object] = None
    number_format: ClassVar[str | None] = None

    def write(self, value: Any) -> object:
        return value

    def read(self, value: Any) -> Any:
        if isinstance(value, bool):
            raise CellProblem("tabular.not_an_integer", value=str(value))
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        text = _plain(value)
        digits = text.replace(".", "").replace(" ", "").replace("\u00a0", "").replace("€", "")
        if digits.removeprefix("-").isdigit():
            return int(digits)
        raise CellProblem("tabular.not_an_integer", value=text)

    def validation(self, lists: ListRange) -> DataValidation | None:
        if self.minimum is None:
            return None
        error = {
            "errorTitle": "Ongeldig getal",
            "error": "Vul een geheel getal in.",
            "allow_blank": self.allow_blank,
        }
        from openpyxl.worksheet.datavalidation import DataValidation

        if self.maximum is None:
            return DataValidation(
                type="whole", operator="greaterThanOrEqual", formula1=str(self.minimum), **error
            )
        return DataValidation(
            type="whole", operator="between", formula1=str(self.minimum), formula2=str(self.maximum), **error
        )


@dataclass(frozen=True)
class Date:
    """A date: a date cell, or text as 31-12-2026 or 2026-12-31."""

    empty: ClassVar[object] = None
    number_format: ClassVar[str | None] = DATE_FORMAT

    def write(self, value: Any) -> object:
        return value

    def read(self, value: Any) -> Any:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = _plain(value)
        iso, dutch = DATE_TEXT
        try:
            if match := iso.match(text):
                return date(int(match[1]), int(match[2]), int(match[3]))
            if match := dutch.match(text):
                return date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            pass
        raise CellProblem("tabular.not_a_date", value=text)

    def validation(self, lists: ListRange) -> DataValidation | None:
        from openpyxl.worksheet.datavalidation import DataValidation

        return DataValidation(
            type="date",
            operator="greaterThan",
            formula1="DATE(2000,1,1)",
            allow_blank=True,
            errorTitle="Ongeldige datum",
            error="Vul een datum in (dd-mm-jjjj).",
        )


@dataclass(frozen=True)
class Choice:
    """One of a list of values, shown by its label; read back from the label (in any case and spacing), the
    value itself, or one of the `aliases` (such as the label in another language)."""

    options: tuple[tuple[object, object], ...]
    aliases: tuple[tuple[str, object], ...] = ()
    allow_blank: bool = True
    empty: ClassVar[object] = None
    number_format: ClassVar[str | None] = None
    _by_text: dict[str, object] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_text: dict[str, object] = {_key(str(alias)): value for alias, value in self.aliases}
        for value, label in self.options:
            by_text[_key(str(value))] = value
            by_text[_key(str(label))] = value
        object.__setattr__(self, "_by_text", by_text)

    def labels(self) -> list[object]:
        return [label for _value, label in self.options]

    def write(self, value: Any) -> object:
        if value is None or value == "":
            return None
        return next((label for option, label in self.options if option == value), value)

    def read(self, value: Any) -> Any:
        text = _plain(value)
        try:
            return self._by_text[_key(text)]
        except KeyError:
            choices = ", ".join(str(label) for label in self.labels())
            raise CellProblem("tabular.unknown_choice", value=text, choices=choices) from None

    def validation(self, lists: ListRange) -> DataValidation | None:
        from openpyxl.worksheet.datavalidation import DataValidation

        return DataValidation(
            type="list",
            formula1=lists(self.labels()),
            allow_blank=self.allow_blank,
            errorTitle="Ongeldige keuze",
            error=CHOICE_ERROR,
        )


@dataclass(frozen=True)
class Choices:
    """Several values of one list in a cell, separated by "; "."""

    choice: Choice
    empty: ClassVar[object] = ()
    number_format: ClassVar[str | None] = None

    def write(self, value: Any) -> object:
        if not value:
            return None
        return SEPARATOR.join(str(self.choice.write(part)) for part in value)

    def read(self, value: Any) -> Any:
        return tuple(self.choice.read(part) for part in TextList().read(value))

    def validation(self, lists: ListRange) -> DataValidation | None:
        return None


CellType = Text | TextList | Integer | Date | Choice | Choices
TEXT = Text()
DATE = Date()

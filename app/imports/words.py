"""The words of an import in the user's language: the problems of `core.tabular` and of a kept file, each
problem of a sheet with its place and column, and the conflict of a stale sheet."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.problems import place, register, word
from core.errors import RuleError, StaleEdit
from core.tabular import SheetSpec

register(
    {
        "tabular.not_xlsx": _l("geen geldig Excel-bestand (.xlsx)"),
        "tabular.unpacked_too_large": _l("het bestand is uitgepakt groter dan %(limit_mb)s MB"),
        "tabular.too_many_rows": _l("het bestand heeft meer dan %(limit)s rijen"),
        "tabular.too_many_columns": _l("het bestand heeft meer dan %(limit)s kolommen"),
        "tabular.cell_too_long": _l("cel %(cell)s is langer dan %(limit)s tekens"),
        "tabular.text_too_long": _l("een tekst in het bestand is langer dan %(limit)s tekens"),
        "tabular.sheet_missing": _l("tabblad '%(sheet)s' ontbreekt"),
        "tabular.unknown_column": _l("onbekende kolom '%(column)s'"),
        "tabular.column_twice": _l("kolom '%(column)s' staat er twee keer in"),
        "tabular.columns_missing": _l("kolom(men) ontbreken: %(columns)s"),
        "tabular.formula": _l("formules zijn niet toegestaan (cel %(cell)s)"),
        "tabular.text_expected": _l("tekst verwacht, geen datum"),
        "tabular.not_an_integer": _l("'%(value)s' is geen geheel getal"),
        "tabular.not_a_date": _l("ongeldige datum '%(value)s' (gebruik dd-mm-jjjj)"),
        "tabular.unknown_choice": _l("onbekende waarde '%(value)s'; kies uit: %(choices)s"),
        "tabular.duplicate": _l("staat ook in rij %(first_row)s"),
        "tabular.stale": _l(
            "gewijzigd na de export (revisie %(sheet)s in het bestand, nu %(current)s); exporteer opnieuw"
        ),
        "imports.missing": _l("Het gecontroleerde bestand is er niet (meer); kies het bestand opnieuw."),
        "imports.expired": _l("De controle is verlopen; kies het bestand opnieuw."),
        "imports.foreign": _l("Dit gecontroleerde bestand is niet van u of niet van deze organisatie."),
    }
)


@dataclass(frozen=True)
class SheetProblem:
    """A problem of a sheet as a page shows it: row, code or reference, column, and what is wrong."""

    row: int | None
    ref: str
    column: str
    text: str

    def line(self, where: str) -> str:
        return ": ".join(part for part in (where, self.column, self.text) if part)


def sheet_problems(error: RuleError, spec: SheetSpec) -> list[SheetProblem]:
    return [
        SheetProblem(problem.row, problem.ref, spec.header(problem.field), word(problem))
        for problem in error.problems
    ]


def problem_lines(error: RuleError, spec: SheetSpec) -> list[str]:
    """Every problem on a line of its own: "rij 5 (5.01.01): Toelichting: ..."."""
    return [
        shown.line(place(problem))
        for shown, problem in zip(sheet_problems(error, spec), error.problems, strict=True)
    ]


def stale_message(error: StaleEdit) -> str:
    """The conflict of a sheet read while someone else saved: nothing was imported."""
    if error.current_revision is None:
        return _(
            "%(subject)s is intussen door iemand anders gewijzigd; exporteer opnieuw. Er is niets ingelezen.",
            subject=error.subject,
        )
    return _(
        "%(subject)s is gewijzigd na de export (revisie %(base)s in het bestand, nu %(current)s); exporteer "
        "opnieuw. Er is niets ingelezen.",
        subject=error.subject,
        base=error.base_revision or 0,
        current=error.current_revision,
    )

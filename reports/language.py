"""The language of a report: Dutch by default, English on request. Which kinds come in which languages is one
table (`LANGUAGES`, like reports.builders' formats); while a builder runs, `report_language` sets the language
that the templates' `_()`, the builders' texts and the date and number filters (reports.pdf) use.

The translations are the domain's own Babel catalogue (core/translations/<locale>/LC_MESSAGES/labels.po, through
core.labels.translator): no web framework is involved."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from core.errors import RuleError
from core.labels import Translate, translator
from reports.models import ReportKind

DUTCH, ENGLISH = "nl", "en"
# The kinds whose templates and builders go through the translations; the others are Dutch only.
LANGUAGES: dict[ReportKind, tuple[str, ...]] = {kind: (DUTCH,) for kind in ReportKind} | {
    ReportKind.SOA: (DUTCH, ENGLISH),
}
BABEL_LOCALES = {DUTCH: "nl_NL", ENGLISH: "en_GB"}

_current: ContextVar[str] = ContextVar("report_language", default=DUTCH)


def languages_of(kind: ReportKind | str) -> tuple[str, ...]:
    """The languages a kind of report comes in (Dutch first)."""
    return LANGUAGES.get(ReportKind(kind), (DUTCH,))


def check_language(kind: ReportKind | str, language: str) -> str:
    """The language if the kind comes in it; else `report.language_not_available`."""
    if language not in languages_of(kind):
        raise RuleError.one(
            "report.language_not_available",
            f"rapport '{kind}' bestaat niet in de taal '{language}'",
            field="language",
            kind=str(kind),
            language=language,
            allowed=", ".join(languages_of(kind)),
        )
    return language


@contextmanager
def report_language(language: str) -> Iterator[Translate]:
    """Within the block the report's texts, dates and numbers are in `language`; yields its gettext."""
    token = _current.set(language if language in BABEL_LOCALES else DUTCH)
    try:
        yield translator(_current.get())
    finally:
        _current.reset(token)


def current_language() -> str:
    return _current.get()


def babel_locale() -> str:
    """The Babel locale of dates and numbers in the current report."""
    return BABEL_LOCALES[_current.get()]


def gettext(message: str) -> str:
    """A Dutch text of a report in the current report's language."""
    return translator(_current.get())(message)

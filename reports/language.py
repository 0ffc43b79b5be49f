"""The language of a report: Dutch by default, English on request. Which kinds come in which languages is one
table (`LANGUAGES`, like reports.builders' formats); while a builder runs, `report_language` sets the language
that the templates' `_()`, the builders' texts, the names of the domain's values (`Labels.of(value, gettext)`)
and the date and number filters (reports.pdf) use. The documents made on the spot and not archived (the regional
comparison, an incident's drafts) and the public VvT's PDF go through the same `report_language`.

What a report cannot translate it says (`language_note`, on the cover and the first sheet): the texts the
organisation wrote itself, and requirement titles the catalogue has only in Dutch.

The translations are the domain's own Babel catalogue (core/translations/<locale>/LC_MESSAGES/labels.po, through
core.labels.translator): no web framework is involved."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import func
from sqlmodel import Session, col, select

from controls.models import Requirement
from core.errors import RuleError
from core.labels import Translate, translator
from reports.models import ReportKind, ReportLanguage

DUTCH, ENGLISH = ReportLanguage.DUTCH.value, ReportLanguage.ENGLISH.value
# Every kind's templates and builders go through the translations (core/translations/en/.../labels.po).
LANGUAGES: dict[ReportKind, tuple[str, ...]] = {kind: (DUTCH, ENGLISH) for kind in ReportKind}
# The documents made on the spot and not archived (no ReportKind): the regional comparison of a user's
# organisations (reports.regional) and the drafts of an incident's messages (reports.incidents).
DOCUMENT_LANGUAGES: dict[str, tuple[str, ...]] = {
    "regional": (DUTCH, ENGLISH),
    "incident-draft": (DUTCH, ENGLISH),
}
BABEL_LOCALES = {DUTCH: "nl_NL", ENGLISH: "en_GB"}

_current: ContextVar[str] = ContextVar("report_language", default=DUTCH)
# How many requirement titles stay Dutch; -1: those of an adopted version; None: the report names no requirements.
_dutch_titles: ContextVar[int | None] = ContextVar("dutch_only_titles", default=0)


def languages_of(kind: ReportKind | str) -> tuple[str, ...]:
    """The languages a kind of report (or a document of DOCUMENT_LANGUAGES) comes in (Dutch first)."""
    if kind in DOCUMENT_LANGUAGES:
        return DOCUMENT_LANGUAGES[kind]
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
def report_language(
    language: str, *, dutch_only_titles: int = 0, adopted: bool = False, requirements: bool = True
) -> Iterator[Translate]:
    """Within the block the report's texts, dates and numbers are in `language`; yields its gettext.
    `dutch_only_titles`: how many requirements of the catalogue have no English title; `adopted`: the report is
    of an adopted version, whose titles are frozen in Dutch; `requirements` False: the report names no
    requirements, so its note says nothing of their titles (`language_note`)."""
    token = _current.set(language if language in BABEL_LOCALES else DUTCH)
    titles = _dutch_titles.set(None if not requirements else -1 if adopted else dutch_only_titles)
    try:
        yield translator(_current.get())
    finally:
        _dutch_titles.reset(titles)
        _current.reset(token)


def dutch_only_titles(*, session: Session, language: str) -> int:
    """The requirements of the catalogue without an English title (0 for a Dutch report: not asked)."""
    if language == DUTCH:
        return 0
    count = session.exec(
        select(func.count(col(Requirement.id))).where(func.trim(col(Requirement.title_en)) == "")
    ).one()
    return int(count)


def language_note() -> str:
    """In a report not in Dutch: what it shows as written rather than translated ("" in a Dutch one)."""
    if _current.get() == DUTCH:
        return ""
    note = _(
        "Teksten die de organisatie zelf heeft ingevoerd (toelichtingen, de tekst van de reikwijdte, titels en "
        "omschrijvingen van risico's, incidenten, bevindingen en acties, namen) staan in dit rapport zoals ze zijn "
        "geschreven."
    )
    count = _dutch_titles.get()
    if count is None:
        return note
    if count < 0:
        adopted = _("De titels van de eisen zijn die van de vastgestelde versie, in het Nederlands.")
        return f"{note} {adopted}"
    if count:
        more = _(
            "Eisen met in de catalogus alleen een Nederlandse titel: %(count)s; hun titel staat hier in het Nederlands."
        )
        return f"{note} {more % {'count': count}}"
    titles = _("De titels van de eisen zijn de Engelse titels uit de catalogus.")
    return f"{note} {titles}"


def current_language() -> str:
    return _current.get()


def babel_locale() -> str:
    """The Babel locale of dates and numbers in the current report."""
    return BABEL_LOCALES[_current.get()]


def gettext(message: str) -> str:
    """A Dutch text of a report in the current report's language."""
    return translator(_current.get())(message)


_ = gettext  # the reports' texts are extracted by the name `_` (scripts/untranslated.py)

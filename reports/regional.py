"""The regional comparison as a spreadsheet (core.tabular) and a PDF (reports.pdf): the same figures as the
page, one column (sheet) or card (PDF) per organisation, in Dutch or in English (reports.language). Not kept in
the report archive: the archive is an organisation's, and this document spans several."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from controls.labels import label
from core.labels import N_
from core.tabular.spec import Column
from core.tabular.writer import add_table, new_workbook, workbook_bytes
from plan.regional import COVERAGE_STATES, Comparison, OrganisationFigures
from reports.language import DUTCH, check_language, current_language, language_note, report_language
from reports.language import gettext as _
from reports.pdf import Document, render_pdf

TITLE = N_("Regionaal overzicht")
DOCUMENT = "regional"  # its languages: reports.language.DOCUMENT_LANGUAGES


def rows(comparison: Comparison) -> list[tuple[str, list[object]]]:
    """The comparison as (label, one value per organisation) lines: what the sheet and the PDF both show, in
    the report's language (the theme and category titles are those of the comparison's locale)."""
    orgs = comparison.organisations

    def line(text: str, value: Callable[[OrganisationFigures], object]) -> tuple[str, list[object]]:
        return text, [value(o) for o in orgs]

    def share(group: str, key: str) -> Callable[[OrganisationFigures], object]:
        def value(o: OrganisationFigures) -> object:
            found = next((s for s in getattr(o, group) if s.key == key), None)
            return found.percent if found is not None and found.applicable else None

        return value

    language = current_language()
    lines = [line(_("Geïmplementeerd (% van toepasselijke eisen)"), lambda o: o.percent)]
    lines.append(line(_("Onbeantwoord (eisen)"), lambda o: o.unanswered))
    lines += [
        line(_("Thema %(title)s (%%)") % {"title": title}, share("themes", key))
        for key, title in comparison.themes
    ]
    lines += [
        line(_("Categorie %(title)s (%%)") % {"title": title}, share("categories", key))
        for key, title in comparison.categories
    ]
    lines += [
        (
            _("NIS2-punten %(coverage)s") % {"coverage": label("coverage", state, language)},
            [o.nis2[state] for o in orgs],
        )
        for state in COVERAGE_STATES
    ]
    lines += [
        line(_("Risico's boven de risicobereidheid"), lambda o: o.above_appetite),
        line(_("Acties over de streefdatum"), lambda o: o.overdue_actions),
        line(_("Acceptaties die binnen 60 dagen aflopen"), lambda o: o.expiring_acceptances),
        line(_("Acceptaties verlopen"), lambda o: o.expired_acceptances),
    ]
    return lines


def regional_xlsx(comparison: Comparison, *, language: str = DUTCH) -> bytes:
    """One sheet; in a language other than Dutch its last line says what stays as written."""
    with report_language(check_language(DOCUMENT, language), requirements=False):
        workbook = new_workbook()
        columns = [Column(_("Onderwerp"), width=44)] + [
            Column(o.name, width=22, plain=True) for o in comparison.organisations
        ]
        lines = [[text, *values] for text, values in rows(comparison)]
        sheet = add_table(workbook, _(TITLE), columns, lines)
        note = language_note()
        if note:  # below the table and outside its filter
            sheet.append([])
            sheet.append([_("Vertaling"), note])
        return workbook_bytes(workbook)


def regional_pdf(
    comparison: Comparison, *, generated_by: str, generated_at: datetime, language: str = DUTCH
) -> bytes:
    with report_language(check_language(DOCUMENT, language), requirements=False):
        document = Document(
            title=_(TITLE),
            kind_label=_("Vergelijking van uw organisaties"),
            organisation_name=", ".join(o.name for o in comparison.organisations),
            generated_by=generated_by,
            generated_at=generated_at,
        )
        return render_pdf(
            "regional.html",
            {
                "document": document,
                "toc": [],
                "cover": False,
                "comparison": comparison,
                "rows": rows(comparison),
            },
        )

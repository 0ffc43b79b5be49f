"""The regional comparison as a spreadsheet (core.tabular) and a PDF (reports.pdf): the same figures as the
page, one column (sheet) or card (PDF) per organisation. Not kept in the report archive: the archive is an
organisation's, and this document spans several."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from core.tabular.spec import Column
from core.tabular.writer import add_table, new_workbook, workbook_bytes
from plan.regional import Comparison, OrganisationFigures
from reports.pdf import Document, render_pdf

COVERAGE_LABELS = {
    "covered": "gedekt",
    "partial": "deels gedekt",
    "gap": "niet gedekt",
    "unmapped": "niet gekoppeld",
}
TITLE = "Regionaal overzicht"


def rows(comparison: Comparison) -> list[tuple[str, list[object]]]:
    """The comparison as (label, one value per organisation) lines: what the sheet and the PDF both show."""
    orgs = comparison.organisations

    def line(label: str, value: Callable[[OrganisationFigures], object]) -> tuple[str, list[object]]:
        return label, [value(o) for o in orgs]

    def share(group: str, key: str) -> Callable[[OrganisationFigures], object]:
        def value(o: OrganisationFigures) -> object:
            found = next((s for s in getattr(o, group) if s.key == key), None)
            return found.percent if found is not None and found.applicable else None

        return value

    lines = [line("Geïmplementeerd (% van toepasselijke eisen)", lambda o: o.percent)]
    lines.append(line("Onbeantwoord (eisen)", lambda o: o.unanswered))
    lines += [line(f"Thema {title} (%)", share("themes", key)) for key, title in comparison.themes]
    lines += [
        line(f"Categorie {title} (%)", share("categories", key)) for key, title in comparison.categories
    ]
    lines += [
        (f"NIS2-punten {label}", [o.nis2[state] for o in orgs]) for state, label in COVERAGE_LABELS.items()
    ]
    lines += [
        line("Risico's boven de risicobereidheid", lambda o: o.above_appetite),
        line("Acties over de streefdatum", lambda o: o.overdue_actions),
        line("Acceptaties die binnen 60 dagen aflopen", lambda o: o.expiring_acceptances),
        line("Acceptaties verlopen", lambda o: o.expired_acceptances),
    ]
    return lines


def regional_xlsx(comparison: Comparison) -> bytes:
    workbook = new_workbook()
    columns = [Column("Onderwerp", width=44)] + [
        Column(o.name, width=22, plain=True) for o in comparison.organisations
    ]
    add_table(workbook, TITLE, columns, [[label, *values] for label, values in rows(comparison)])
    return workbook_bytes(workbook)


def regional_pdf(comparison: Comparison, *, generated_by: str, generated_at: datetime) -> bytes:
    document = Document(
        title=TITLE,
        kind_label="Vergelijking van uw organisaties",
        organisation_name=", ".join(o.name for o in comparison.organisations),
        generated_by=generated_by,
        generated_at=generated_at,
    )
    return render_pdf(
        "regional.html",
        {"document": document, "toc": [], "cover": False, "comparison": comparison, "rows": rows(comparison)},
    )

"""The Verklaring van Toepasselijkheid (Statement of Applicability) as PDF and as Excel, from the answers area's
`statement_of_applicability`: every requirement with its status and its full justification."""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl import Workbook
from sqlmodel import Session

from controls.labels import label
from controls.soa import Entry, Progress, Statement, statement_of_applicability
from core import clock
from core.errors import RuleError
from plan.adoption import adopted_statement, get_adoption
from reports import pdf_parts, soa_annex
from reports.models import ReportKind
from reports.parameters import KIND_LABELS, ReportParameters
from reports.pdf import Document, TocEntry, dutch_date, dutch_datetime, render_html, render_pdf
from reports.scope_section import scope_section
from reports.xlsx import Column, add_facts, add_sheet, new_workbook, split_long, workbook_bytes
from risk.reading import expired_acceptance_references

THEME_CHAPTERS = ("iso27001", "5", "6", "7", "8", "nis2")
MAX_CELL = 32_000  # below Excel's limit of a cell
CHAPTER_TITLES = {"iso27001": "Managementsysteem: clausules (ISO/IEC 27001)", "nis2": "NIS2-eisen"}
STATUS_COLUMNS = ("implemented", "partially", "planned", "not_implemented", "not_applicable", "unanswered")
SHORT_STATUS = {  # column heads of the totals tables, short enough for A4
    "implemented": "geïmpl.",
    "partially": "deels",
    "planned": "gepland",
    "not_implemented": "niet geïmpl.",
    "not_applicable": "n.v.t.",
    "unanswered": "niet beantw.",
}


@dataclass(frozen=True)
class Chapter:
    anchor: str
    title: str
    entries: tuple[Entry, ...]


def _statement(*, session: Session, organisation_id: int, params: ReportParameters) -> Statement:
    if params.adoption is not None:
        adoption = get_adoption(session=session, organisation_id=organisation_id, number=params.adoption)
        if adoption is None:
            raise RuleError.one("report.unknown_adoption", number=params.adoption)
        return adopted_statement(adoption)
    expired = expired_acceptance_references(
        session=session, organisation_id=organisation_id, as_of=params.as_of, today=clock.today()
    )
    return statement_of_applicability(
        session=session,
        organisation_id=organisation_id,
        as_of=params.as_of,
        locale="nl",
        expired_risks=expired,
    )


def _document(statement: Statement, params: ReportParameters) -> Document:
    facts = [("Catalogusversie", statement.catalogue_version or "geen catalogus geladen")]
    if params.adoption is not None:
        facts.append(
            (
                "Vastgestelde versie",
                f"versie {params.adoption}, stand van {dutch_date(statement.reference_date)}",
            )
        )
    if statement.provider_name:
        facts.append(("IT-leverancier (shared service)", statement.provider_name))
    return Document(
        title=KIND_LABELS[ReportKind.SOA],
        kind_label="BIO2 en NIS2 · pas toe of leg uit",
        organisation_name=params.organisation_name,
        generated_by=params.generated_by,
        generated_at=params.generated_at,
        as_of=params.as_of,
        facts=tuple(facts),
    )


def chapters(statement: Statement) -> list[Chapter]:
    """The ISMS clauses (a clause followed by its sub-clauses), the requirements by theme (a control followed by
    its measures), then the NIS2 points."""
    result = []
    for theme in THEME_CHAPTERS:
        entries = tuple(e for e in statement.entries if e.group == theme)
        if not entries:
            continue
        title = CHAPTER_TITLES.get(theme) or f"Thema {theme}: {label('theme', theme)}"
        result.append(Chapter(f"thema-{theme}", title, entries))
    return result


def soa_pdf(*, session: Session, organisation_id: int, params: ReportParameters) -> bytes:
    """The whole statement: a cover, contents, the totals, NIS2 coverage, then every requirement by theme. With
    more than one PDF process its chapters are laid out side by side (reports/pdf_parts.py)."""
    statement = _statement(session=session, organisation_id=organisation_id, params=params)
    parts = chapters(statement)
    toc = [
        TocEntry("samenvatting", "Samenvatting"),
        TocEntry("reikwijdte", "Reikwijdte"),
        TocEntry("nis2-dekking", "NIS2-dekking"),
    ]
    toc += [TocEntry(chapter.anchor, chapter.title) for chapter in parts]
    toc += [
        TocEntry("uitzonderingen", "Bijlage: Uitzonderingen op de VvT"),
        TocEntry("vaststelling", "Vaststelling"),
    ]
    approval = soa_annex.approval(session=session, organisation_id=organisation_id, adoption=params.adoption)
    context = {
        "document": _document(statement, params),
        "toc": toc,
        "statement": statement,
        "chapters": parts,
        "totals": _totals(statement),
        "status_columns": STATUS_COLUMNS,
        "short_status": SHORT_STATUS,
        "label": label,
        "scope": scope_section(session=session, organisation_id=organisation_id, as_of=params.as_of),
        "exceptions": soa_annex.exceptions(
            session=session, organisation_id=organisation_id, statement=statement
        ),
        "exception_kinds": soa_annex.EXCEPTION_KINDS,
        "approval": approval,
        "evidence": soa_annex.evidence_by_requirement(
            session=session, organisation_id=organisation_id, statement=statement, adopted=approval.adopted
        ),
    }
    if not pdf_parts.enabled():
        return render_pdf("soa.html", context | {"show": lambda anchor: True})
    return pdf_parts.render_in_parts(
        front=lambda first_pages: render_html(
            "soa.html", context | {"mode": "front", "first_pages": first_pages, "show": lambda anchor: False}
        ),
        parts=[
            pdf_parts.Part(
                entry.anchor,
                render_html("soa.html", context | {"mode": "part", "show": entry.anchor.__eq__}),
            )
            for entry in toc
        ],
    )


def _totals(statement: Statement) -> list[tuple[str, tuple[Progress, ...]]]:
    return [
        ("Totaal", (statement.overall,)),
        ("Per soort eis", statement.by_kind),
        ("Per thema", statement.by_theme),
        ("Per categorie (overheidsmaatregelen)", statement.by_category),
    ]


SOA_COLUMNS = (
    Column("Code", 12),
    Column("Soort", 24),
    Column("Thema", 16),
    Column("Categorieën", 22, wrap=True),
    Column("Titel", 40, wrap=True),
    Column("Status", 20),
    Column("Geldend in catalogus", 12),
    Column("Toepasselijkheid", 22),
    Column("Overgenomen van", 20),
    Column("Opzet", 14),
    Column("Bestaan", 14),
    Column("Werking", 14),
    Column("Eigenaar", 20),
    Column("Gepland gereed", 14),
    Column("Laatst beoordeeld", 14),
    Column("Volgende beoordeling", 14),
    Column("Beoordeling verlopen", 12),
    Column("Risicoverwijzing", 14),
    Column("Bewijsstukken", 12),
    Column("Bewijsstukken (namen)", 40, wrap=True),
    Column("Revisie", 9),
    Column("Toelichting", 80, wrap=True),
)


def _soa_row(entry: Entry, evidence: dict[int, list[str]]) -> list[object]:
    answer = entry.answer
    return [
        entry.code,
        label("kind", entry.kind),
        label("theme", entry.group),
        ", ".join(label("category", c) for c in entry.categories),
        entry.title,
        label("status", entry.status),
        "ja" if entry.active else label("requirement_status", entry.requirement_status),
        label("applicability", answer.applicability) if answer else "",
        f"{entry.inherited_from} (niet gedeeld)" if entry.not_shared else entry.inherited_from or "",
        label("assessment", answer.design) if answer else "",
        label("assessment", answer.existence) if answer else "",
        label("assessment", answer.operation) if answer else "",
        answer.owner if answer else "",
        answer.planned_on if answer else None,
        answer.last_reviewed_on if answer else None,
        answer.next_review_due if answer else None,
        "ja" if entry.review_overdue else "",
        answer.risk_reference if answer else "",
        entry.evidence_count,
        "\n".join(evidence.get(entry.requirement_id, []))[:MAX_CELL],
        answer.revision if answer else None,
        split_long(entry.justification),
    ]


def soa_xlsx(*, session: Session, organisation_id: int, params: ReportParameters) -> bytes:
    statement = _statement(session=session, organisation_id=organisation_id, params=params)
    workbook = new_workbook()
    add_facts(workbook, "Rapport", _facts(statement, params))
    approval = soa_annex.approval(session=session, organisation_id=organisation_id, adoption=params.adoption)
    evidence = soa_annex.evidence_by_requirement(
        session=session, organisation_id=organisation_id, statement=statement, adopted=approval.adopted
    )
    add_sheet(workbook, "Verklaring", SOA_COLUMNS, (_soa_row(entry, evidence) for entry in statement.entries))
    add_sheet(
        workbook,
        "Totalen",
        [Column("Indeling", 30), Column("Groep", 34)]
        + [Column(label("status", s), 14) for s in STATUS_COLUMNS]
        + [Column("Eisen", 10), Column("% geïmplementeerd", 14)],
        (
            [heading, row.title or "alle eisen"]
            + [row.counts.get(s, 0) for s in STATUS_COLUMNS]
            + [row.total, row.percent_implemented]
            for heading, rows in _totals(statement)
            for row in rows
        ),
    )
    add_sheet(
        workbook,
        "NIS2-dekking",
        [
            Column("NIS2-eis", 10),
            Column("Artikel", 26),
            Column("Titel", 40, wrap=True),
            Column("Eigen status", 20),
            Column("Dekking", 16),
            Column("Bijdragende eisen", 12),
            Column("Open (niet geïmplementeerd)", 50, wrap=True),
        ],
        (
            [
                item.code,
                item.article,
                item.title,
                label("status", item.status),
                label("coverage", item.state),
                len(item.contributors),
                ", ".join(gap.code for gap in item.gaps),
            ]
            for item in statement.nis2
        ),
    )
    _add_scope_sheet(workbook, session=session, organisation_id=organisation_id, params=params)
    _add_annex_sheets(
        workbook, session=session, organisation_id=organisation_id, statement=statement, approval=approval
    )
    return workbook_bytes(workbook)


def _add_annex_sheets(
    workbook: Workbook,
    *,
    session: Session,
    organisation_id: int,
    statement: Statement,
    approval: soa_annex.Approval,
) -> None:
    """The annex "Uitzonderingen op de VvT" and the approval of the version (reports/soa_annex.py)."""
    add_sheet(
        workbook,
        "Uitzonderingen",
        [
            Column("Code", 12),
            Column("Titel", 40, wrap=True),
            Column("Soort uitzondering", 24),
            Column("Status", 20),
            Column("Risicoverwijzing", 30, wrap=True),
            Column("Onderbouwing", 80, wrap=True),
        ],
        (
            [
                item.code,
                item.title,
                soa_annex.EXCEPTION_KINDS[item.kind],
                label("status", item.status),
                "\n".join(f"{ref} {title}".strip() for ref, title in item.risks),
                split_long(item.reason),
            ]
            for item in soa_annex.exceptions(
                session=session, organisation_id=organisation_id, statement=statement
            )
        ),
    )
    facts: list[tuple[str, object]] = (
        [
            ("Vastgestelde versie", approval.number),
            ("Vastgesteld door (orgaan)", approval.body),
            ("Vastgesteld op", approval.adopted_on),
            ("Voorgesteld door", approval.proposed_by),
            ("Goedgekeurd door", approval.approved_by),
        ]
        if approval.adopted
        else [
            ("Status", "niet vastgesteld: gemaakt van de actuele antwoorden"),
            ("Vastgesteld door", ""),
            ("Datum", ""),
        ]
    )
    add_facts(workbook, "Vaststelling", facts)


def _add_scope_sheet(
    workbook: Workbook, *, session: Session, organisation_id: int, params: ReportParameters
) -> None:
    """The scope statement's processes and systems with their classification and gaps, and the exceptions."""
    section = scope_section(session=session, organisation_id=organisation_id, as_of=params.as_of)
    add_sheet(
        workbook,
        "Reikwijdte",
        [
            Column("Referentie", 11),
            Column("Soort", 18),
            Column("Naam", 36),
            Column("Classificatie (BIV)", 30),
            Column("Uitkomst quickscan", 30),
            Column("Risicoanalyse ontbreekt", 14),
        ],
        (
            [r.reference, r.kind, r.name, r.classification, r.outcome, "ja" if r.gap else ""]
            for r in section.rows
        ),
    )


def _facts(statement: Statement, params: ReportParameters) -> list[tuple[str, object]]:
    return [
        ("Rapport", KIND_LABELS[ReportKind.SOA]),
        ("Organisatie", params.organisation_name),
        ("IT-leverancier", statement.provider_name or ""),
        ("Catalogusversie", statement.catalogue_version or ""),
        ("Peildatum", dutch_date(params.as_of) if params.as_of else "actuele stand"),
        ("Gegenereerd op", dutch_datetime(params.generated_at)),
        ("Gegenereerd door", params.generated_by),
        ("Eisen (geldend)", statement.overall.total),
        ("Geïmplementeerd", f"{statement.overall.percent_implemented}% van de toepasselijke eisen"),
        ("Eisen met verlopen herbeoordeling", len(statement.review_overdue)),
    ]

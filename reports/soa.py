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
from core.labels import N_
from plan.adoption import adopted_statement, get_adoption
from reports import soa_annex
from reports.language import current_language
from reports.language import gettext as _
from reports.models import ReportKind
from reports.parameters import FILE_NAMES, KIND_LABELS, ReportParameters
from reports.pdf import DataFile, Document, TocEntry, dutch_date, dutch_datetime
from reports.pdf_parts import render_long_pdf
from reports.scope_section import ScopeSection, scope_section
from reports.xlsx import Column, add_facts, add_sheet, new_workbook, split_long, translated, workbook_bytes
from risk.reading import expired_acceptance_references

THEME_CHAPTERS = ("iso27001", "5", "6", "7", "8", "nis2")
MAX_CELL = 32_000  # below Excel's limit of a cell
CHAPTER_TITLES = {"iso27001": N_("Managementsysteem: clausules (ISO/IEC 27001)"), "nis2": N_("NIS2-eisen")}
STATUS_COLUMNS = (
    "implemented",
    "partially",
    "planned",
    "not_implemented",
    "not_applicable",
    "unanswered",
    "held",
)
SHORT_STATUS = {  # column heads of the totals tables, short enough for A4
    "implemented": N_("geïmpl."),
    "partially": N_("deels"),
    "planned": N_("gepland"),
    "not_implemented": N_("niet geïmpl."),
    "not_applicable": N_("n.v.t."),
    "unanswered": N_("niet beantw."),
    "held": N_("ter goedk."),
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
        locale=current_language(),
        expired_risks=expired,
    )


def _document(statement: Statement, params: ReportParameters) -> Document:
    facts = [(_("Catalogusversie"), statement.catalogue_version or _("geen catalogus geladen"))]
    if params.adoption is not None:
        facts.append(
            (
                _("Vastgestelde versie"),
                _("versie %(number)s, stand van %(day)s")
                % {"number": params.adoption, "day": dutch_date(statement.reference_date)},
            )
        )
    if statement.provider_name:
        facts.append((_("IT-leverancier (shared service)"), statement.provider_name))
    return Document(
        title=_(KIND_LABELS[ReportKind.SOA]),
        kind_label=_("BIO2 en NIS2 · pas toe of leg uit"),
        organisation_name=params.organisation_name,
        generated_by=params.generated_by,
        generated_at=params.generated_at,
        as_of=params.as_of,
        facts=tuple(facts),
        kind=ReportKind.SOA.value,
    )


def chapters(statement: Statement) -> list[Chapter]:
    """The ISMS clauses (a clause followed by its sub-clauses), the requirements by theme (a control followed by
    its measures), then the NIS2 points."""
    result = []
    for theme in THEME_CHAPTERS:
        entries = tuple(e for e in statement.entries if e.group == theme)
        if not entries:
            continue
        title = (
            _(CHAPTER_TITLES[theme])
            if theme in CHAPTER_TITLES
            else _("Thema %(theme)s: %(title)s") % {"theme": theme, "title": _label("theme", theme)}
        )
        result.append(Chapter(f"thema-{theme}", title, entries))
    return result


def soa_pdf(*, session: Session, organisation_id: int, params: ReportParameters) -> bytes:
    """The whole statement (cover, contents, totals, NIS2 coverage, every requirement by theme), Excel attached."""
    statement = _statement(session=session, organisation_id=organisation_id, params=params)
    scope = scope_section(session=session, organisation_id=organisation_id, as_of=params.as_of)
    parts = chapters(statement)
    toc = [
        TocEntry("samenvatting", _("Samenvatting")),
        TocEntry("reikwijdte", _("Reikwijdte")),
        TocEntry("nis2-dekking", _("NIS2-dekking")),
    ]
    toc += [TocEntry(chapter.anchor, chapter.title) for chapter in parts]
    toc += [
        TocEntry("uitzonderingen", _("Bijlage: Uitzonderingen op de VvT")),
        TocEntry("vaststelling", _("Vaststelling")),
    ]
    approval = soa_annex.approval(session=session, organisation_id=organisation_id, adoption=params.adoption)
    context = {
        "document": _document(statement, params),
        "toc": toc,
        "statement": statement,
        "chapters": parts,
        "totals": _totals(statement),
        "status_columns": STATUS_COLUMNS,
        "short_status": {status: _(text) for status, text in SHORT_STATUS.items()},
        "label": _label,
        "scope": scope,
        "exceptions": soa_annex.exceptions(
            session=session, organisation_id=organisation_id, statement=statement
        ),
        "exception_kinds": {kind: _(text) for kind, text in soa_annex.EXCEPTION_KINDS.items()},
        "approval": approval,
        "evidence": soa_annex.evidence_by_requirement(
            session=session, organisation_id=organisation_id, statement=statement, adopted=approval.adopted
        ),
    }
    data = DataFile(
        f"{FILE_NAMES[ReportKind.SOA]}-{params.organisation_slug}.xlsx",
        _workbook(statement, scope, params, session=session, organisation_id=organisation_id),
        "De verklaring als Excel-bestand: elke eis met status en toelichting, de totalen, NIS2 en de reikwijdte",
    )
    return render_long_pdf("soa.html", context, data=data, chapters=[entry.anchor for entry in toc])


def _totals(statement: Statement) -> list[tuple[str, tuple[Progress, ...]]]:
    return [
        (_("Totaal"), (statement.overall,)),
        (_("Per soort eis"), statement.by_kind),
        (_("Per thema"), statement.by_theme),
        (_("Per categorie (overheidsmaatregelen)"), statement.by_category),
    ]


SOA_COLUMNS = (
    Column(N_("Code"), 12),
    Column(N_("Soort"), 24),
    Column(N_("Thema"), 16),
    Column(N_("Categorieën"), 22, wrap=True),
    Column(N_("Titel"), 40, wrap=True),
    Column(N_("Status"), 20),
    Column(N_("Geldend in catalogus"), 12),
    Column(N_("Toepasselijkheid"), 22),
    Column(N_("Overgenomen van"), 20),
    Column(N_("Opzet"), 14),
    Column(N_("Bestaan"), 14),
    Column(N_("Werking"), 14),
    Column(N_("Eigenaar"), 20),
    Column(N_("Gepland gereed"), 14),
    Column(N_("Laatst beoordeeld"), 14),
    Column(N_("Volgende beoordeling"), 14),
    Column(N_("Beoordeling verlopen"), 12),
    Column(N_("Risicoverwijzing"), 14),
    Column(N_("Bewijsstukken"), 12),
    Column(N_("Bewijsstukken (namen)"), 40, wrap=True),
    Column(N_("Revisie"), 9),
    Column(N_("Vastgelegd op"), 14),  # the revision's date and author: here, not in the PDF's status line
    Column(N_("Vastgelegd door"), 20),
    Column(N_("Toelichting"), 80, wrap=True),
)


def _label(group: str, value: object) -> str:
    """A value's name in the report's language."""
    return label(group, value, current_language())


def _soa_row(entry: Entry, evidence: dict[int, list[str]]) -> list[object]:
    answer = entry.answer
    yes = _("ja")
    return [
        entry.code,
        _label("kind", entry.kind),
        _label("theme", entry.group),
        ", ".join(_label("category", c) for c in entry.categories),
        entry.title,
        _label("status", entry.status),
        yes if entry.active else _label("requirement_status", entry.requirement_status),
        _label("applicability", answer.applicability) if answer else "",
        _("%(provider)s (niet gedeeld)") % {"provider": entry.inherited_from}
        if entry.not_shared
        else entry.inherited_from or "",
        _label("assessment", answer.design) if answer else "",
        _label("assessment", answer.existence) if answer else "",
        _label("assessment", answer.operation) if answer else "",
        answer.owner if answer else "",
        answer.planned_on if answer else None,
        answer.last_reviewed_on if answer else None,
        answer.next_review_due if answer else None,
        yes if entry.review_overdue else "",
        answer.risk_reference if answer else "",
        entry.evidence_count,
        "\n".join(evidence.get(entry.requirement_id, []))[:MAX_CELL],
        answer.revision if answer else None,
        clock.to_local(answer.recorded_at).date() if answer else None,
        answer.author_name if answer else "",
        split_long(entry.justification),
    ]


def soa_xlsx(*, session: Session, organisation_id: int, params: ReportParameters) -> bytes:
    statement = _statement(session=session, organisation_id=organisation_id, params=params)
    scope = scope_section(session=session, organisation_id=organisation_id, as_of=params.as_of)
    return _workbook(statement, scope, params, session=session, organisation_id=organisation_id)


def _workbook(
    statement: Statement,
    scope: ScopeSection,
    params: ReportParameters,
    *,
    session: Session,
    organisation_id: int,
) -> bytes:
    workbook = new_workbook()
    add_facts(workbook, _("Rapport"), _facts(statement, params))
    approval = soa_annex.approval(session=session, organisation_id=organisation_id, adoption=params.adoption)
    evidence = soa_annex.evidence_by_requirement(
        session=session, organisation_id=organisation_id, statement=statement, adopted=approval.adopted
    )
    add_sheet(
        workbook,
        _("Verklaring"),
        translated(SOA_COLUMNS),
        (_soa_row(entry, evidence) for entry in statement.entries),
    )
    add_sheet(
        workbook,
        _("Totalen"),
        [Column(_("Indeling"), 30), Column(_("Groep"), 34)]
        + [Column(_label("status", s), 14) for s in STATUS_COLUMNS]
        + [Column(_("Eisen"), 10), Column(_("Geïmplementeerd (%)"), 14)],
        (
            [heading, row.title or _("alle eisen")]
            + [row.counts.get(s, 0) for s in STATUS_COLUMNS]
            + [row.total, row.percent_implemented]
            for heading, rows in _totals(statement)
            for row in rows
        ),
    )
    add_sheet(
        workbook,
        _("NIS2-dekking"),
        translated(NIS2_COLUMNS),
        (
            [
                item.code,
                item.article,
                item.title,
                _label("status", item.status),
                _label("coverage", item.state),
                len(item.contributors),
                ", ".join(gap.code for gap in item.gaps),
            ]
            for item in statement.nis2
        ),
    )
    _add_scope_sheet(workbook, scope)
    _add_annex_sheets(
        workbook, session=session, organisation_id=organisation_id, statement=statement, approval=approval
    )
    return workbook_bytes(workbook)


NIS2_COLUMNS = (
    Column(N_("NIS2-eis"), 10),
    Column(N_("Artikel"), 26),
    Column(N_("Titel"), 40, wrap=True),
    Column(N_("Eigen status"), 20),
    Column(N_("Dekking"), 16),
    Column(N_("Bijdragende eisen"), 12),
    Column(N_("Open (niet geïmplementeerd)"), 50, wrap=True),
)
EXCEPTION_COLUMNS = (
    Column(N_("Code"), 12),
    Column(N_("Titel"), 40, wrap=True),
    Column(N_("Soort uitzondering"), 24),
    Column(N_("Status"), 20),
    Column(N_("Risicoverwijzing"), 30, wrap=True),
    Column(N_("Onderbouwing"), 80, wrap=True),
)
SCOPE_COLUMNS = (
    Column(N_("Referentie"), 11),
    Column(N_("Soort"), 18),
    Column(N_("Naam"), 36),
    Column(N_("Classificatie (BIV)"), 30),
    Column(N_("Uitkomst quickscan"), 30),
    Column(N_("Risicoanalyse ontbreekt"), 14),
)


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
        _("Uitzonderingen"),
        translated(EXCEPTION_COLUMNS),
        (
            [
                item.code,
                item.title,
                _(soa_annex.EXCEPTION_KINDS[item.kind]),
                _label("status", item.status),
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
            (_(_("Vastgestelde versie")), approval.number),
            (_(_("Vastgesteld door (orgaan)")), approval.body),
            (_(_("Vastgesteld op")), approval.adopted_on),
            (_(_("Voorgesteld door")), approval.proposed_by),
            (_(_("Goedgekeurd door")), approval.approved_by),
        ]
        if approval.adopted
        else [
            (_(_("Status")), _("niet vastgesteld: gemaakt van de actuele antwoorden")),
            (_(_("Vastgesteld door")), ""),
            (_(_("Datum")), ""),
        ]
    )
    add_facts(workbook, _("Vaststelling"), facts)


def _add_scope_sheet(workbook: Workbook, section: ScopeSection) -> None:
    """The scope statement's processes and systems with their classification and gaps, and the exceptions."""
    yes = _("ja")
    add_sheet(
        workbook,
        _("Reikwijdte"),
        translated(SCOPE_COLUMNS),
        (
            [r.reference, r.kind, r.name, r.classification, r.outcome, yes if r.gap else ""]
            for r in section.rows
        ),
    )


def _facts(statement: Statement, params: ReportParameters) -> list[tuple[str, object]]:
    implemented = _("%(percent)s%% van de toepasselijke eisen") % {
        "percent": statement.overall.percent_implemented
    }
    return [
        (_("Rapport"), _(KIND_LABELS[ReportKind.SOA])),
        (_("Organisatie"), params.organisation_name),
        (_("IT-leverancier"), statement.provider_name or ""),
        (_("Catalogusversie"), statement.catalogue_version or ""),
        (_("Peildatum"), dutch_date(params.as_of) if params.as_of else _("actuele stand")),
        (_("Gegenereerd op"), dutch_datetime(params.generated_at)),
        (_("Gegenereerd door"), params.generated_by),
        (_("Eisen (geldend)"), statement.overall.total),
        (_("Geïmplementeerd"), implemented),
        (_("Eisen met verlopen herbeoordeling"), len(statement.review_overdue)),
    ]

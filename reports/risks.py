"""The risk report as PDF and Excel, from the risk area's register, matrix and heatmap: inherent and residual
heatmaps (the risk area's own SVG, unchanged), the register, the temporarily accepted risks and the state of
treatment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from core import clock
from reports.models import ReportKind
from reports.parameters import FILE_NAMES, KIND_LABELS, ReportParameters
from reports.pdf import DataFile, Document, TocEntry, dutch_date, dutch_datetime, dutch_money, render_pdf
from reports.xlsx import Column, add_facts, add_sheet, new_workbook, split_long, workbook_bytes
from risk import labels
from risk.heatmap import Kind, heatmap_counts, heatmap_svg
from risk.matrix import Matrix, matrix_for
from risk.models import RiskStatus, Treatment
from risk.reading import RiskState, expired_acceptances, list_risks, open_risks

HEATMAP_TITLES = {Kind.INHERENT: "Inherent risico (zonder maatregelen)", Kind.RESIDUAL: "Restrisico"}


@dataclass(frozen=True)
class Register:
    """The register as the report shows it, at its reference date."""

    states: list[RiskState]
    matrix: Matrix
    reference_date: date

    @property
    def open(self) -> list[RiskState]:
        return open_risks(self.states)

    @property
    def accepted(self) -> list[RiskState]:
        """Temporarily accepted risks whose acceptance is in force on the reference date."""
        return [
            s
            for s in self.open
            if s.treatment == Treatment.ACCEPT.value and not s.acceptance_expired(self.reference_date)
        ]

    @property
    def expired(self) -> list[RiskState]:
        return expired_acceptances(self.states, self.reference_date)

    @property
    def above_appetite(self) -> list[RiskState]:
        return [
            s for s in self.open if self.matrix.exceeds_appetite(s.residual_likelihood, s.residual_impact)
        ]

    def treatment_table(self) -> list[tuple[str, list[int], int]]:
        """Per treatment: the number of risks in each status, and the total."""
        rows = []
        for treatment in Treatment:
            counts = [
                sum(1 for s in self.states if s.treatment == treatment.value and s.status == status.value)
                for status in RiskStatus
            ]
            rows.append((labels.TREATMENT[treatment], counts, sum(counts)))
        return rows

    def heatmap(self, kind: Kind, *, id_prefix: str | None = None) -> str:
        return heatmap_svg(
            heatmap_counts(self.states, kind),
            matrix=self.matrix,
            title=HEATMAP_TITLES[kind],
            id_prefix=id_prefix or f"heatmap-{kind.value}",
        )


def register_at(*, session: Session, organisation_id: int, as_of: date | None) -> Register:
    return Register(
        states=list_risks(session=session, organisation_id=organisation_id, as_of=as_of),
        matrix=matrix_for(session=session, organisation_id=organisation_id),
        reference_date=as_of or clock.today(),
    )


def _document(register: Register, params: ReportParameters) -> Document:
    return Document(
        title=KIND_LABELS[ReportKind.RISKS],
        kind_label="Informatiebeveiligingsrisico's",
        organisation_name=params.organisation_name,
        generated_by=params.generated_by,
        generated_at=params.generated_at,
        as_of=params.as_of,
        facts=(
            (
                "Risico's in het register",
                f"{len(register.states)} (waarvan {len(register.open)} niet gesloten)",
            ),
            ("Risicobereidheid", f"tot en met niveau ‘{labels.LEVEL[register.matrix.appetite]}’"),
        ),
        kind=ReportKind.RISKS.value,
    )


def risks_pdf(*, session: Session, organisation_id: int, params: ReportParameters) -> bytes:
    register = register_at(session=session, organisation_id=organisation_id, as_of=params.as_of)
    toc = [
        TocEntry("samenvatting", "Samenvatting en stand van de behandeling"),
        TocEntry("heatmaps", "Heatmaps"),
        TocEntry("register", "Risicoregister"),
        TocEntry("geaccepteerd", "Tijdelijk geaccepteerde risico's"),
        TocEntry("toelichting", "Toelichting per risico"),
    ]
    return render_pdf(
        "risks.html",
        {
            "document": _document(register, params),
            "toc": toc,
            "register": register,
            "inherent_svg": register.heatmap(Kind.INHERENT),
            "residual_svg": register.heatmap(Kind.RESIDUAL),
            "labels": labels,
            "statuses": list(RiskStatus),
            "field_value": field_value,
        },
        data=DataFile(
            f"{FILE_NAMES[ReportKind.RISKS]}-{params.organisation_slug}.xlsx",
            _workbook(register, params),
            "Het risicoregister als Excel-bestand: elk risico, de heatmaps en de acceptaties",
        ),
    )


def field_value(name: str, value: Any) -> str:
    """A risk field as Dutch text ('–' when empty); `value` is of the field's type (text, number, date or a
    tuple of values)."""
    if value is None or value == "" or value == ():
        return "–"
    if name == "treatment":
        return labels.TREATMENT[Treatment(value)]
    if name == "status":
        return labels.STATUS[RiskStatus(value)]
    if name == "aspects":
        return ", ".join(labels.ASPECT[v] for v in value)
    if name == "impact_areas":
        return ", ".join(labels.IMPACT_AREA[v] for v in value)
    if name == "requirement_codes":
        return ", ".join(value)
    if name == "probability":
        return f"{value}%"
    if name.startswith("impact_") and isinstance(value, int):
        return dutch_money(value)
    if isinstance(value, date):
        return dutch_date(value)
    return str(value)


REGISTER_COLUMNS = (
    Column("Referentie", 11),
    Column("Titel", 40, wrap=True),
    Column("Eigenaar", 22),
    Column("Status", 15),
    Column("Kans inherent", 9),
    Column("Impact inherent", 9),
    Column("Niveau inherent", 12),
    Column("Behandeling", 14),
    Column("Kans rest", 9),
    Column("Impact rest", 9),
    Column("Niveau rest", 12),
    Column("Boven risicobereidheid", 12),
    Column("Aspecten", 24, wrap=True),
    Column("Impactgebieden", 30, wrap=True),
    Column("Geaccepteerd door", 20),
    Column("Geaccepteerd op", 13),
    Column("Acceptatie verloopt op", 13),
    Column("Herbeoordeling op", 13),
    Column("Kansklasse P&C (%)", 10),
    Column("Financieel minimum (€)", 14),
    Column("Financieel meest waarschijnlijk (€)", 14),
    Column("Financieel maximum (€)", 14),
    Column("Maatregelen (eisen)", 24, wrap=True),
    Column("Revisie", 8),
    Column("Gewijzigd op", 18),
    Column("Gewijzigd door", 20),
    Column("Oorzaak", 40, wrap=True),
    Column("Gevolg", 40, wrap=True),
    Column("Omschrijving", 60, wrap=True),
)


def _register_row(state: RiskState, matrix: Matrix) -> list[object]:
    inherent = (state.inherent_likelihood, state.inherent_impact)
    residual = (state.residual_likelihood, state.residual_impact)
    return [
        state.reference,
        state.title,
        state.owner,
        labels.STATUS[RiskStatus(state.status)],
        *inherent,
        labels.LEVEL[matrix.level(*inherent)],
        labels.TREATMENT[Treatment(state.treatment)],
        *residual,
        labels.LEVEL[matrix.level(*residual)],
        "ja" if matrix.exceeds_appetite(*residual) and not state.is_closed else "",
        field_value("aspects", state.aspects),
        field_value("impact_areas", state.impact_areas),
        state.accepted_by,
        state.accepted_on,
        state.acceptance_expires_on,
        state.review_on,
        state.probability,
        state.impact_minimum,
        state.impact_most_likely,
        state.impact_maximum,
        ", ".join(state.requirement_codes),
        state.revision,
        dutch_datetime(state.changed_at),
        state.changed_by,
        state.cause,
        state.consequence,
        split_long(state.description),
    ]


def risks_xlsx(*, session: Session, organisation_id: int, params: ReportParameters) -> bytes:
    register = register_at(session=session, organisation_id=organisation_id, as_of=params.as_of)
    return _workbook(register, params)


def _workbook(register: Register, params: ReportParameters) -> bytes:
    matrix = register.matrix
    workbook = new_workbook()
    add_facts(
        workbook,
        "Rapport",
        [
            ("Rapport", KIND_LABELS[ReportKind.RISKS]),
            ("Organisatie", params.organisation_name),
            ("Peildatum", dutch_date(params.as_of) if params.as_of else "actuele stand"),
            ("Gegenereerd op", dutch_datetime(params.generated_at)),
            ("Gegenereerd door", params.generated_by),
            ("Risico's (niet gesloten)", len(register.open)),
            ("Boven de risicobereidheid", len(register.above_appetite)),
            ("Tijdelijk geaccepteerd", len(register.accepted)),
            ("Acceptatie verlopen", len(register.expired)),
        ],
    )
    add_sheet(workbook, "Register", REGISTER_COLUMNS, (_register_row(s, matrix) for s in register.states))
    for kind, title in ((Kind.INHERENT, "Heatmap inherent"), (Kind.RESIDUAL, "Heatmap rest")):
        counts = heatmap_counts(register.states, kind)
        add_sheet(
            workbook,
            title,
            [Column("Kans \\ impact", 28)]
            + [Column(f"{i} {matrix.impact_labels[i - 1]}", 16) for i in range(1, 6)],
            (
                [f"{likelihood} {matrix.likelihood_labels[likelihood - 1]}"]
                + [counts[(likelihood, impact)] for impact in range(1, 6)]
                for likelihood in range(5, 0, -1)
            ),
        )
    add_sheet(
        workbook,
        "Geaccepteerd",
        [
            Column("Referentie", 11),
            Column("Titel", 40, wrap=True),
            Column("Geaccepteerd door", 24),
            Column("Geaccepteerd op", 14),
            Column("Verloopt op", 14),
            Column("Acceptatie", 14),
        ],
        (
            [s.reference, s.title, s.accepted_by, s.accepted_on, s.acceptance_expires_on, state]
            for state, group in (("geldig", register.accepted), ("verlopen", register.expired))
            for s in group
        ),
    )
    return workbook_bytes(workbook)

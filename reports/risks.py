"""The risk report as PDF and Excel, from the risk area's register, matrix and heatmap: inherent and residual
heatmaps (the risk area's own SVG, unchanged), the register, the temporarily accepted risks and the state of
treatment."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlmodel import Session

from core import clock
from core.labels import N_
from reports.language import gettext as _
from reports.models import ReportKind
from reports.parameters import FILE_NAMES, KIND_LABELS, ReportParameters
from reports.pdf import DataFile, Document, TocEntry, dutch_date, dutch_datetime, dutch_money, render_pdf
from reports.xlsx import Column, add_facts, add_sheet, new_workbook, split_long, translated, workbook_bytes
from risk import labels
from risk.heatmap import HeatmapTexts, Kind, heatmap_counts, heatmap_svg
from risk.matrix import Matrix, matrix_for
from risk.models import Level, RiskStatus, Treatment
from risk.reading import RiskState, expired_acceptances, list_risks, open_risks

HEATMAP_TITLES = {Kind.INHERENT: N_("Inherent risico (zonder maatregelen)"), Kind.RESIDUAL: N_("Restrisico")}


def heatmap_texts() -> HeatmapTexts:
    """The heatmap's words in the report's language (the same sentences as the risk pages')."""
    return HeatmapTexts(
        likelihood=_("Kans"),
        impact=_("Impact"),
        levels={level: labels.LEVEL.of(level, _) for level in Level},
        appetite=_("grens risicobereidheid"),
        one_risk=_("1 risico"),
        risks=_("%(count)s risico's") % {"count": "{count}"},
        cell=_(
            "Kans %(likelihood)s (%(likelihood_label)s), impact %(impact)s (%(impact_label)s): "
            "%(risks)s, niveau %(level)s"
        )
        % {
            name: "{" + name + "}"
            for name in ("likelihood", "likelihood_label", "impact", "impact_label", "risks", "level")
        },
        summary=_("%(risks)s in totaal. Per cel met risico's:") % {"risks": "{risks}"},
    )


def in_language(matrix: Matrix) -> Matrix:
    """The matrix with the default names of its scales in the report's language; names an organisation chose
    itself are not in the catalogue and stay as written."""
    return replace(
        matrix,
        likelihood_labels=tuple(_(name) if name else name for name in matrix.likelihood_labels),
        impact_labels=tuple(_(name) if name else name for name in matrix.impact_labels),
    )


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
            rows.append((labels.TREATMENT.of(treatment, _), counts, sum(counts)))
        return rows

    def heatmap(self, kind: Kind, *, id_prefix: str | None = None) -> str:
        return heatmap_svg(
            heatmap_counts(self.states, kind),
            matrix=self.matrix,
            title=_(HEATMAP_TITLES[kind]),
            id_prefix=id_prefix or f"heatmap-{kind.value}",
            texts=heatmap_texts(),
        )


def register_at(*, session: Session, organisation_id: int, as_of: date | None) -> Register:
    return Register(
        states=list_risks(session=session, organisation_id=organisation_id, as_of=as_of),
        matrix=in_language(matrix_for(session=session, organisation_id=organisation_id)),
        reference_date=as_of or clock.today(),
    )


def _document(register: Register, params: ReportParameters) -> Document:
    return Document(
        title=_(KIND_LABELS[ReportKind.RISKS]),
        kind_label=_("Informatiebeveiligingsrisico's"),
        organisation_name=params.organisation_name,
        generated_by=params.generated_by,
        generated_at=params.generated_at,
        as_of=params.as_of,
        facts=(
            (
                _("Risico's in het register"),
                _("%(total)s (waarvan %(open)s niet gesloten)")
                % {"total": len(register.states), "open": len(register.open)},
            ),
            (
                _("Risicobereidheid"),
                _("tot en met niveau ‘%(level)s’") % {"level": labels.LEVEL.of(register.matrix.appetite, _)},
            ),
        ),
        kind=ReportKind.RISKS.value,
    )


def risks_pdf(*, session: Session, organisation_id: int, params: ReportParameters) -> bytes:
    register = register_at(session=session, organisation_id=organisation_id, as_of=params.as_of)
    toc = [
        TocEntry("samenvatting", _("Samenvatting en stand van de behandeling")),
        TocEntry("heatmaps", _("Heatmaps")),
        TocEntry("register", _("Risicoregister")),
        TocEntry("geaccepteerd", _("Tijdelijk geaccepteerde risico's")),
        TocEntry("toelichting", _("Toelichting per risico")),
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
            _("Het risicoregister als Excel-bestand: elk risico, de heatmaps en de acceptaties"),
        ),
    )


def field_value(name: str, value: Any) -> str:
    """A risk field as text in the report's language ('–' when empty); `value` is of the field's type (text,
    number, date or a tuple of values)."""
    if value is None or value == "" or value == ():
        return "–"
    if name == "treatment":
        return labels.TREATMENT.of(Treatment(value), _)
    if name == "status":
        return labels.STATUS.of(RiskStatus(value), _)
    if name == "aspects":
        return ", ".join(labels.ASPECT.of(v, _) for v in value)
    if name == "impact_areas":
        return ", ".join(labels.IMPACT_AREA.of(v, _) for v in value)
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
    Column(N_("Referentie"), 11),
    Column(N_("Titel"), 40, wrap=True),
    Column(N_("Eigenaar"), 22),
    Column(N_("Status"), 15),
    Column(N_("Kans inherent"), 9),
    Column(N_("Impact inherent"), 9),
    Column(N_("Niveau inherent"), 12),
    Column(N_("Behandeling"), 14),
    Column(N_("Kans rest"), 9),
    Column(N_("Impact rest"), 9),
    Column(N_("Niveau rest"), 12),
    Column(N_("Boven risicobereidheid"), 12),
    Column(N_("Aspecten"), 24, wrap=True),
    Column(N_("Impactgebieden"), 30, wrap=True),
    Column(N_("Geaccepteerd door"), 20),
    Column(N_("Geaccepteerd op"), 13),
    Column(N_("Acceptatie verloopt op"), 13),
    Column(N_("Herbeoordeling op"), 13),
    Column(N_("Kansklasse P&C (%)"), 10),
    Column(N_("Financieel minimum (€)"), 14),
    Column(N_("Financieel meest waarschijnlijk (€)"), 14),
    Column(N_("Financieel maximum (€)"), 14),
    Column(N_("Maatregelen (eisen)"), 24, wrap=True),
    Column(N_("Revisie"), 8),
    Column(N_("Gewijzigd op"), 18),
    Column(N_("Gewijzigd door"), 20),
    Column(N_("Oorzaak"), 40, wrap=True),
    Column(N_("Gevolg"), 40, wrap=True),
    Column(N_("Omschrijving"), 60, wrap=True),
)


ACCEPTED_COLUMNS = (
    Column(N_("Referentie"), 11),
    Column(N_("Titel"), 40, wrap=True),
    Column(N_("Geaccepteerd door"), 24),
    Column(N_("Geaccepteerd op"), 14),
    Column(N_("Verloopt op"), 14),
    Column(N_("Acceptatie"), 14),
)


def _register_row(state: RiskState, matrix: Matrix) -> list[object]:
    inherent = (state.inherent_likelihood, state.inherent_impact)
    residual = (state.residual_likelihood, state.residual_impact)
    return [
        state.reference,
        state.title,
        state.owner,
        labels.STATUS.of(RiskStatus(state.status), _),
        *inherent,
        labels.LEVEL.of(matrix.level(*inherent), _),
        labels.TREATMENT.of(Treatment(state.treatment), _),
        *residual,
        labels.LEVEL.of(matrix.level(*residual), _),
        _("ja") if matrix.exceeds_appetite(*residual) and not state.is_closed else "",
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
        _("Rapport"),
        [
            (_("Rapport"), _(KIND_LABELS[ReportKind.RISKS])),
            (_("Organisatie"), params.organisation_name),
            (_("Peildatum"), dutch_date(params.as_of) if params.as_of else _("actuele stand")),
            (_("Gegenereerd op"), dutch_datetime(params.generated_at)),
            (_("Gegenereerd door"), params.generated_by),
            (_("Risico's (niet gesloten)"), len(register.open)),
            (_("Boven de risicobereidheid"), len(register.above_appetite)),
            (_("Tijdelijk geaccepteerd"), len(register.accepted)),
            (_("Acceptatie verlopen"), len(register.expired)),
        ],
    )
    rows = (_register_row(s, matrix) for s in register.states)
    add_sheet(workbook, _("Register"), translated(REGISTER_COLUMNS), rows)
    for kind, title in ((Kind.INHERENT, _("Heatmap inherent")), (Kind.RESIDUAL, _("Heatmap rest"))):
        counts = heatmap_counts(register.states, kind)
        add_sheet(
            workbook,
            title,
            [Column(_("Kans \\ impact"), 28)]
            + [Column(f"{i} {matrix.impact_labels[i - 1]}", 16) for i in range(1, 6)],
            (
                [f"{likelihood} {matrix.likelihood_labels[likelihood - 1]}"]
                + [counts[(likelihood, impact)] for impact in range(1, 6)]
                for likelihood in range(5, 0, -1)
            ),
        )
    add_sheet(
        workbook,
        _("Geaccepteerd"),
        translated(ACCEPTED_COLUMNS),
        (
            [s.reference, s.title, s.accepted_by, s.accepted_on, s.acceptance_expires_on, state]
            for state, group in ((_("geldig"), register.accepted), (_("verlopen"), register.expired))
            for s in group
        ),
    )
    return workbook_bytes(workbook)

"""The information-security risks of a P&C moment as a municipal risk table (for the controller): per risk its
probability class, its financial impact under the snapshot's convention with the impact band, and its name, owner
and treatment; a second sheet with the figures and the convention. Read from the frozen snapshot, written by
core.tabular."""

from __future__ import annotations

from core.tabular import Column, Integer, SheetSpec, Use, add_sheet, add_table, new_workbook, workbook_bytes
from risk import labels
from risk.capacity import expected_amount
from risk.conventions import DEFAULT_CONVENTION
from risk.pc import SnapshotView
from risk.weerstand import Weerstand

# Upper bounds (exclusive) of the financial impact bands, in euros; the last band is open. Municipal tables
# differ in their bands; these are Naleving's, stated on the sheet.
BANDS = (
    (50_000, "1: tot € 50.000"),
    (250_000, "2: € 50.000 tot € 250.000"),
    (500_000, "3: € 250.000 tot € 500.000"),
    (1_000_000, "4: € 500.000 tot € 1.000.000"),
)
TOP_BAND = "5: € 1.000.000 of meer"
AMOUNT = Integer(0)


def impact_band(amount: float) -> str:
    return next((name for bound, name in BANDS if amount < bound), TOP_BAND)


def _sheet(convention_name: str) -> SheetSpec:
    shown = Use.SHOWN
    return SheetSpec(
        name="Risicotabel",
        ref="reference",
        freeze="C2",
        help_sheet="Toelichting",
        columns=(
            Column("Referentie", 11, key="reference", use=shown, help="Het nummer in het risicoregister."),
            Column("Risico", 44, key="title", use=shown, wrap=True, help="De naam van het risico."),
            Column("Eigenaar", 24, key="owner", use=shown, help="Wie het risico beheert."),
            Column("Beheersing", 14, key="treatment", use=shown, help="De behandeling van het risico."),
            Column(
                "Kansklasse (%)",
                12,
                key="probability",
                type=Integer(0, 100),
                use=shown,
                help="De kans dat het risico zich in het jaar voordoet: 10, 30, 50, 70 of 90 %.",
            ),
            Column(
                "Financieel gevolg (€)",
                16,
                key="impact",
                type=AMOUNT,
                use=shown,
                help=f"Het bedrag als het risico zich voordoet, volgens de conventie: {convention_name} "
                "(bij de driehoek en de uniforme verdeling de verwachte waarde).",
            ),
            Column(
                "Band financieel gevolg",
                26,
                key="band",
                use=shown,
                help="Tot € 50.000, tot € 250.000, tot € 500.000, tot € 1.000.000, of meer.",
            ),
            Column(
                "Minimum (€)", 14, key="minimum", type=AMOUNT, use=shown, help="De schatting van de CISO."
            ),
            Column("Meest waarschijnlijk (€)", 16, key="most_likely", type=AMOUNT, use=shown, help="Idem."),
            Column("Maximum (€)", 14, key="maximum", type=AMOUNT, use=shown, help="Idem."),
        ),
    )


def risk_table_xlsx(view: SnapshotView, weerstand: Weerstand) -> bytes:
    """The snapshot's open risks with a financial estimate (those in the simulation) as a risk table."""
    convention = weerstand.convention or DEFAULT_CONVENTION
    convention_name = labels.CONVENTION[convention]
    rows = []
    for state in view.risks:
        if state.is_closed or state.exposure is None:
            continue
        _p, low, mode, high = state.exposure
        impact = round(expected_amount(low, mode, high, convention))
        rows.append(
            {
                "reference": state.reference,
                "title": state.title,
                "owner": state.owner,
                "treatment": labels.TREATMENT.of(state.treatment, default=state.treatment),
                "probability": state.probability,
                "impact": impact,
                "band": impact_band(impact),
                "minimum": low,
                "most_likely": mode,
                "maximum": high,
            }
        )
    workbook = new_workbook()
    add_sheet(workbook, _sheet(convention_name), rows)
    add_table(workbook, "Weerstandsvermogen", SUMMARY_COLUMNS, _summary(view, weerstand, convention_name))
    return workbook_bytes(workbook)


SUMMARY_COLUMNS = (Column("Gegeven", 60), Column("Waarde", 40))


def _summary(view: SnapshotView, weerstand: Weerstand, convention_name: str) -> list[tuple[str, object]]:
    s = view.snapshot
    rows: list[tuple[str, object]] = [
        ("Conventie financieel gevolg", convention_name),
        ("Zekerheid", f"{s.certainty:.0%}"),
        (
            f"Benodigde capaciteit informatiebeveiligingsrisico's ({s.certainty:.0%}, €)",
            round(s.required_capacity),
        ),
        ("Methode, startwaarde, scenario's", f"{s.method}, {s.seed}, {s.scenarios}"),
        ("SHA-256 momentopname", s.sha256),
    ]
    figures = weerstand.figures
    if figures is not None:
        rows += [
            ("Beschikbare weerstandscapaciteit (begroting, €)", figures.available_capacity),
            (
                f"Benodigde capaciteit overige risico's (begroting, {figures.certainty:.0%}, €)",
                figures.other_required_capacity,
            ),
        ]
    if weerstand.total_required is not None:
        rows.append(("Benodigde capaciteit totaal (€)", round(weerstand.total_required)))
    if weerstand.share is not None:
        rows.append(("Aandeel informatiebeveiliging", f"{weerstand.share:.1%}"))
    if weerstand.ratio is not None and weerstand.rating is not None:
        rows.append(("Ratio weerstandsvermogen (beschikbaar / benodigd totaal)", round(weerstand.ratio, 2)))
        rows.append(("Waardering (NAR)", f"{weerstand.rating.value}: {labels.RATING[weerstand.rating]}"))
    return rows

"""The risk register in Excel: export with Dutch headers, drop-down lists and an explanation sheet; import
all-or-nothing (the column spec `RISKS_SHEET`, read and written by `core.tabular`).

Import checks every row first and raises one RuleError with every problem, placed by row and reference; it
writes only when there is none. A row equal to the current revision changes nothing, so an untouched export
imports without a single new revision."""

from __future__ import annotations

from dataclasses import asdict
from enum import StrEnum
from functools import partial
from typing import TypeVar

from sqlmodel import Session

from core.actor import Actor
from core.labels import Labels
from core.tabular import (
    DATE,
    Choice,
    Choices,
    Column,
    ImportResult,
    Integer,
    Row,
    SheetSpec,
    TextList,
    Use,
    apply_rows,
    read_sheet,
)
from core.tabular import export as export_sheet
from risk import labels
from risk.models import PROBABILITY_CLASSES, Aspect, ImpactArea, Risk, RiskStatus, Treatment
from risk.reading import DATA_FIELDS, REFERENCE, data_of, list_risks, risks_by_reference
from risk.register import create_risk, known_requirement_codes, update_risk
from risk.risk_steps import RiskSaved
from risk.rules import RiskData

IMPORT_NOTE = "import uit Excel"
E = TypeVar("E", bound=StrEnum)


def _choice(names: Labels[E], enum: type[E], *, allow_blank: bool = True) -> Choice:
    return Choice(tuple((member.value, names[member]) for member in enum), allow_blank=allow_blank)


def _listed(names: Labels[E], enum: type[E]) -> str:
    return "Gescheiden door '; ': " + ", ".join(names[member] for member in enum)


TREATMENT = _choice(labels.TREATMENT, Treatment, allow_blank=False)
STATUS = _choice(labels.STATUS, RiskStatus, allow_blank=False)
SCORE = Integer(1, 5, allow_blank=False)
AMOUNT = Integer(0)
FIELD = labels.FIELD

RISKS_SHEET = SheetSpec(
    name="Risico's",
    ref="reference",
    freeze="C2",
    help_sheet="Toelichting",
    columns=(
        Column(
            "Referentie",
            11,
            key="reference",
            help="R-001 enz. Leeg: een nieuw risico krijgt het volgende nummer.",
        ),
        Column(
            "Revisie",
            9,
            key="revision",
            type=Integer(),
            use=Use.KEY,
            help="Revisie bij de export; is het risico sindsdien gewijzigd, dan wordt de rij geweigerd.",
        ),
        Column(FIELD["title"], 40, key="title", help="Verplicht, ten hoogste 200 tekens.", plain=True),
        Column(FIELD["description"], 50, key="description", help="Vrije tekst."),
        Column(FIELD["cause"], 40, key="cause", help="Vrije tekst."),
        Column(FIELD["consequence"], 40, key="consequence", help="Vrije tekst."),
        Column(
            FIELD["aspects"],
            28,
            key="aspects",
            type=Choices(_choice(labels.ASPECT, Aspect)),
            help=_listed(labels.ASPECT, Aspect),
        ),
        Column(
            FIELD["impact_areas"],
            36,
            key="impact_areas",
            type=Choices(_choice(labels.IMPACT_AREA, ImpactArea)),
            help=_listed(labels.IMPACT_AREA, ImpactArea),
        ),
        Column(FIELD["owner"], 24, key="owner", help="Verplicht: wie het risico beheert.", plain=True),
        Column(
            FIELD["inherent_likelihood"], 10, key="inherent_likelihood", type=SCORE, help="1 tot en met 5."
        ),
        Column(FIELD["inherent_impact"], 10, key="inherent_impact", type=SCORE, help="1 tot en met 5."),
        Column(
            FIELD["treatment"],
            14,
            key="treatment",
            type=TREATMENT,
            help=", ".join(map(str, TREATMENT.labels())),
        ),
        Column(
            FIELD["residual_likelihood"],
            10,
            key="residual_likelihood",
            type=SCORE,
            help="1 tot en met 5, niet hoger dan inherent.",
        ),
        Column(
            FIELD["residual_impact"],
            10,
            key="residual_impact",
            type=SCORE,
            help="1 tot en met 5, niet hoger dan inherent.",
        ),
        Column(FIELD["status"], 15, key="status", type=STATUS, help=", ".join(map(str, STATUS.labels()))),
        Column(
            FIELD["requirement_codes"],
            24,
            key="requirement_codes",
            type=TextList(),
            help="Codes uit de catalogus, gescheiden door '; ', bv. 5.15; 8.07.01",
        ),
        Column(
            FIELD["accepted_by"],
            22,
            key="accepted_by",
            help="Alleen bij accepteren (verplicht dan).",
            plain=True,
        ),
        Column(
            FIELD["accepted_on"],
            14,
            key="accepted_on",
            type=DATE,
            help="Datum; alleen bij accepteren (verplicht dan).",
        ),
        Column(
            FIELD["acceptance_expires_on"],
            14,
            key="acceptance_expires_on",
            type=DATE,
            help="Datum na 'geaccepteerd op'; alleen bij accepteren (verplicht dan).",
        ),
        Column(
            FIELD["review_on"], 14, key="review_on", type=DATE, help="Datum van de volgende herbeoordeling."
        ),
        Column(
            FIELD["probability"],
            12,
            key="probability",
            type=Choice(tuple((value, value) for value in PROBABILITY_CLASSES)),
            help="10, 30, 50, 70 of 90. Met de drie bedragen samen, of alle vier leeg.",
        ),
        Column(
            FIELD["impact_minimum"], 14, key="impact_minimum", type=AMOUNT, help="Hele euro's, 0 of meer."
        ),
        Column(
            FIELD["impact_most_likely"],
            14,
            key="impact_most_likely",
            type=AMOUNT,
            help="Hele euro's, tussen minimum en maximum.",
        ),
        Column(
            FIELD["impact_maximum"],
            14,
            key="impact_maximum",
            type=AMOUNT,
            help="Hele euro's, niet lager dan meest waarschijnlijk.",
        ),
    ),
)
HEADERS = tuple(column.header for column in RISKS_SHEET.columns)
SHEET = RISKS_SHEET.name


def export_risks(*, session: Session, organisation_id: int) -> bytes:
    """The organisation's current register as an XLSX file."""
    states = list_risks(session=session, organisation_id=organisation_id)
    return export_sheet(
        RISKS_SHEET,
        (
            {"reference": state.reference, "revision": state.revision}
            | {name: getattr(state, name) for name in DATA_FIELDS}
            for state in states
        ),
    )


def _data(row: Row) -> RiskData | None:
    """The risk the row states, with the rules it breaks as problems of the row (None: its cells are wrong)."""
    if row.ref and not REFERENCE.match(row.ref):
        row.problem("risk.reference_malformed", "reference", reference=row.ref)
    if row.problems:
        return None
    data = RiskData(**{name: row.values[name] for name in DATA_FIELDS}).normalised()
    row.problems.extend(problem.at(row=row.number, ref=row.ref) for problem in data.problems())
    return data


def _check(*, rows: list[tuple[Row, RiskData | None]], session: Session, heads: dict[str, Risk]) -> None:
    """The checks against the database: requirement codes in the catalogue, revisions still current."""
    codes = {code for _row, data in rows if data is not None for code in data.requirement_codes}
    known = known_requirement_codes(session=session, codes=codes)
    for row, data in rows:
        unknown = [code for code in data.requirement_codes if code not in known] if data is not None else []
        if unknown:
            row.problem("risk.unknown_requirements", "requirement_codes", codes=", ".join(unknown))
        risk = heads.get(row.ref)
        revision = row.values.get("revision")
        if risk is not None and revision is not None and revision != risk.revision:
            row.stale(revision, risk.revision)


def import_risks(
    *,
    session: Session,
    organisation_id: int,
    source: bytes,
    dry_run: bool = False,
    actor: Actor,
) -> ImportResult:
    """Create and update risks from an exported (or hand-made) file. RuleError lists every problem, and then
    nothing is written; StaleEdit when a risk changed between the check and the save; a row equal to the
    current revision changes nothing. A dry run saves too, in a savepoint it rolls back: so it reports exactly
    what the save would hold for approval and which actions its steps would make, and leaves nothing behind."""
    rows = [(row, _data(row)) for row in read_sheet(source, RISKS_SHEET)]
    heads = risks_by_reference(session=session, organisation_id=organisation_id)
    _check(rows=rows, session=session, heads=heads)
    save = partial(_apply, session=session, organisation_id=organisation_id, heads=heads, actor=actor)
    return apply_rows(RISKS_SHEET, rows, save, session=session, dry_run=dry_run)


def _apply(
    row: Row,
    data: RiskData,
    result: ImportResult,
    *,
    session: Session,
    organisation_id: int,
    heads: dict[str, Risk],
    actor: Actor,
) -> None:
    """Save one checked row (or leave it alone when it equals the current revision) and count it."""
    risk = heads.get(row.ref)
    if risk is None:
        saved = create_risk(
            session=session,
            organisation_id=organisation_id,
            data=data,
            actor=actor,
            note=IMPORT_NOTE,
            reference=row.ref or None,
        )
        if _followed(result, saved, row.ref or data.title) or saved.risk is None:
            return
        result.add_created(row, saved.risk.reference)
        return
    before = data_of(risk)
    if before == data:
        result.unchanged.append(risk.reference)
        return
    saved = update_risk(
        session=session,
        risk=risk,
        data=data,
        expected_revision=row.values.get("revision") or risk.revision,
        actor=actor,
        note=IMPORT_NOTE,
    )
    if _followed(result, saved, risk.reference):
        return
    result.add_updated(row, risk.reference, RISKS_SHEET.changed(asdict(before), asdict(data)))


def _followed(result: ImportResult, saved: RiskSaved, subject: str) -> bool:
    """What the save's steps did with the row: an action made, or held "ter goedkeuring" (True). A dry run
    names an action with its title: its reference is only the one it would get."""
    result.made.extend(
        f"{thing.reference} ({thing.subject})" if result.dry_run else thing.reference for thing in saved.made
    )
    if saved.held is not None:
        result.held.append(subject)
    return saved.held is not None

"""The risk register in Excel: export with Dutch headers and drop-down lists; import all-or-nothing.

Import checks every row first and reports every problem with its row number; it writes only when there is
none. A cell starting with = + - @ (or a tab or carriage return) is exported with a leading apostrophe so that
no spreadsheet runs it as a formula; import takes that apostrophe off again, so export -> import -> export
gives the same values.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import BinaryIO

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlmodel import Session

from core.actor import Actor
from core.labels import Labels
from risk import labels
from risk.models import PROBABILITY_CLASSES, Aspect, ImpactArea, RiskStatus, Treatment
from risk.register import (
    REFERENCE,
    RiskData,
    create_risk,
    data_of,
    known_requirement_codes,
    list_risks,
    risks_by_reference,
    update_risk,
)

SHEET = "Risico's"
HELP_SHEET = "Toelichting"
LISTS_SHEET = "Lijsten"
MAX_ROWS = 5000
SEPARATOR = "; "
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD-MM-YYYY"
IMPORT_NOTE = "import uit Excel"


class XlsxError(ValueError):
    """The file cannot be imported; `problems` says why, one line each (with the row where it applies)."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    width: int
    help: str


COLUMNS = (
    Column("Referentie", "reference", 11, "R-001 enz. Leeg: een nieuw risico krijgt het volgende nummer."),
    Column(
        "Revisie",
        "revision",
        9,
        "Revisie bij de export; is het risico sindsdien gewijzigd, dan wordt de rij geweigerd.",
    ),
    Column(labels.FIELD["title"], "title", 40, "Verplicht, ten hoogste 200 tekens."),
    Column(labels.FIELD["description"], "description", 50, "Vrije tekst."),
    Column(labels.FIELD["cause"], "cause", 40, "Vrije tekst."),
    Column(labels.FIELD["consequence"], "consequence", 40, "Vrije tekst."),
    Column(
        labels.FIELD["aspects"], "aspects", 28, "Gescheiden door '; ': " + ", ".join(labels.ASPECT.messages())
    ),
    Column(
        labels.FIELD["impact_areas"],
        "impact_areas",
        36,
        "Gescheiden door '; ': " + ", ".join(labels.IMPACT_AREA.messages()),
    ),
    Column(labels.FIELD["owner"], "owner", 24, "Verplicht: wie het risico beheert."),
    Column(labels.FIELD["inherent_likelihood"], "inherent_likelihood", 10, "1 tot en met 5."),
    Column(labels.FIELD["inherent_impact"], "inherent_impact", 10, "1 tot en met 5."),
    Column(labels.FIELD["treatment"], "treatment", 14, ", ".join(labels.TREATMENT.messages())),
    Column(
        labels.FIELD["residual_likelihood"],
        "residual_likelihood",
        10,
        "1 tot en met 5, niet hoger dan inherent.",
    ),
    Column(
        labels.FIELD["residual_impact"], "residual_impact", 10, "1 tot en met 5, niet hoger dan inherent."
    ),
    Column(labels.FIELD["status"], "status", 15, ", ".join(labels.STATUS.messages())),
    Column(
        labels.FIELD["requirement_codes"],
        "requirement_codes",
        24,
        "Codes uit de catalogus, gescheiden door '; ', bv. 5.15; 8.07.01",
    ),
    Column(labels.FIELD["accepted_by"], "accepted_by", 22, "Alleen bij accepteren (verplicht dan)."),
    Column(labels.FIELD["accepted_on"], "accepted_on", 14, "Datum; alleen bij accepteren (verplicht dan)."),
    Column(
        labels.FIELD["acceptance_expires_on"],
        "acceptance_expires_on",
        14,
        "Datum na 'geaccepteerd op'; alleen bij accepteren (verplicht dan).",
    ),
    Column(labels.FIELD["review_on"], "review_on", 14, "Datum van de volgende herbeoordeling."),
    Column(
        labels.FIELD["probability"],
        "probability",
        12,
        "10, 30, 50, 70 of 90. Met de drie bedragen samen, of alle vier leeg.",
    ),
    Column(labels.FIELD["impact_minimum"], "impact_minimum", 14, "Hele euro's, 0 of meer."),
    Column(
        labels.FIELD["impact_most_likely"],
        "impact_most_likely",
        14,
        "Hele euro's, tussen minimum en maximum.",
    ),
    Column(
        labels.FIELD["impact_maximum"],
        "impact_maximum",
        14,
        "Hele euro's, niet lager dan meest waarschijnlijk.",
    ),
)
HEADERS = tuple(column.header for column in COLUMNS)
DATE_FIELDS = {"accepted_on", "acceptance_expires_on", "review_on"}
SCORE_FIELDS = {"inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact"}
AMOUNT_FIELDS = {"impact_minimum", "impact_most_likely", "impact_maximum"}


def neutralise(value: object) -> object:
    """Text that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(DANGEROUS_START):
        return "'" + value
    return value


def restore(value: str) -> str:
    """Undo `neutralise`."""
    if value.startswith("'") and value[1:].startswith(DANGEROUS_START):
        return value[1:]
    return value


# Export ---------------------------------------------------------------------------------------------------


def _cell_value(state, name: str) -> object:
    if name == "reference":
        return state.reference
    if name == "revision":
        return state.revision
    value = getattr(state, name)
    if name == "aspects":
        return SEPARATOR.join(labels.ASPECT[Aspect(v)] for v in value)
    if name == "impact_areas":
        return SEPARATOR.join(labels.IMPACT_AREA[ImpactArea(v)] for v in value)
    if name == "requirement_codes":
        return SEPARATOR.join(value)
    if name == "treatment":
        return labels.TREATMENT[Treatment(value)]
    if name == "status":
        return labels.STATUS[RiskStatus(value)]
    return value if value != "" else None


def _lists_sheet(workbook: Workbook) -> dict[str, str]:
    """A hidden sheet with the allowed values; returns the range formula per field."""
    sheet = workbook.create_sheet(LISTS_SHEET)
    ranges = {}
    for number, (name, values) in enumerate(
        (
            ("treatment", list(labels.TREATMENT.messages())),
            ("status", list(labels.STATUS.messages())),
            ("probability", list(PROBABILITY_CLASSES)),
        ),
        start=1,
    ):
        letter = get_column_letter(number)
        for row, value in enumerate(values, start=1):
            sheet.cell(row=row, column=number, value=value)
        ranges[name] = f"{LISTS_SHEET}!${letter}$1:${letter}${len(values)}"
    sheet.sheet_state = "hidden"
    return ranges


def _validations(sheet, ranges: dict[str, str], last_row: int) -> None:
    def add(validation: DataValidation, name: str) -> None:
        letter = get_column_letter(HEADERS.index(next(c.header for c in COLUMNS if c.field == name)) + 1)
        validation.error = "Kies een waarde uit de lijst of zie het blad Toelichting."
        validation.showErrorMessage = True
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{last_row}")

    for name in ("treatment", "status", "probability"):
        add(DataValidation(type="list", formula1=ranges[name], allow_blank=name == "probability"), name)
    for name in SCORE_FIELDS:
        add(DataValidation(type="whole", operator="between", formula1="1", formula2="5"), name)
    for name in AMOUNT_FIELDS:
        add(DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True), name)
    for name in DATE_FIELDS:
        add(DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True), name)


def export_risks(*, session: Session, organisation_id: int) -> bytes:
    """The organisation's current register as an XLSX file."""
    states = list_risks(session=session, organisation_id=organisation_id)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="154273")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for state in states:
        sheet.append([neutralise(_cell_value(state, column.field)) for column in COLUMNS])
    for number, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
        if column.field in DATE_FIELDS:
            for row in range(2, len(states) + 2):
                sheet.cell(row=row, column=number).number_format = DATE_FORMAT
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(len(states) + 1, 2)}"
    _validations(sheet, _lists_sheet(workbook), max(len(states) + 500, 1000))
    help_sheet = workbook.create_sheet(HELP_SHEET, 1)
    help_sheet.append(["Kolom", "Toelichting"])
    for column in COLUMNS:
        help_sheet.append([column.header, column.help])
    help_sheet.column_dimensions["A"].width = 34
    help_sheet.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Import ---------------------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    dry_run: bool = False


@dataclass
class ParsedRow:
    row: int
    reference: str | None
    revision: int | None
    data: RiskData


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return restore(str(value).strip())


def _integer(value: object, label: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(f"{label}: geen geheel getal")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip().replace(".", "").replace(" ", "").replace("€", "")
    if text.lstrip("-").isdigit():
        return int(text)
    raise ValueError(f"{label}: '{value}' is geen geheel getal")


def _date(value: object, label: str) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%d-%m-%Y").date()):
        try:
            return parse(text)
        except ValueError:
            continue
    raise ValueError(f"{label}: '{value}' is geen datum (dd-mm-jjjj)")


def _choice(value: object, names: Labels, label: str) -> str:
    text = _text(value).lower()
    for member, name in names.choices():
        if text in (name.lower(), member):
            return member
    raise ValueError(f"{label}: '{_text(value)}' is niet een van: {', '.join(names.messages())}")


def _choices(value: object, names: Labels, label: str) -> tuple[str, ...]:
    parts = [part.strip() for part in _text(value).replace(",", ";").split(";") if part.strip()]
    return tuple(_choice(part, names, label) for part in parts)


PARSERS: dict[str, Callable[[object, str], object]] = {
    "treatment": lambda v, label: _choice(v, labels.TREATMENT, label),
    "status": lambda v, label: _choice(v, labels.STATUS, label),
    "aspects": lambda v, label: _choices(v, labels.ASPECT, label),
    "impact_areas": lambda v, label: _choices(v, labels.IMPACT_AREA, label),
    "requirement_codes": lambda v, _label: tuple(
        p.strip() for p in _text(v).replace(",", ";").split(";") if p.strip()
    ),
    **{name: _date for name in DATE_FIELDS},
    **{name: _integer for name in SCORE_FIELDS | AMOUNT_FIELDS | {"probability", "revision"}},
}


def _parse_row(number: int, values: dict[str, object]) -> tuple[ParsedRow | None, list[str]]:
    problems: list[str] = []
    parsed: dict[str, object] = {}
    for column in COLUMNS:
        parser = PARSERS.get(column.field, lambda v, _label: _text(v))
        try:
            parsed[column.field] = parser(values.get(column.header), column.header)
        except ValueError as error:
            problems.append(f"rij {number}: {error}")
    if problems:
        return None, problems
    reference = parsed.pop("reference") or None
    revision = parsed.pop("revision")
    if reference is not None and not REFERENCE.match(reference):
        problems.append(f"rij {number}: Referentie '{reference}' heeft niet de vorm R-001")
    data = RiskData(**parsed).normalised()
    problems += [f"rij {number}: {problem.message}" for problem in data.problems()]
    return ParsedRow(number, reference, revision, data), problems


def _read_rows(source: bytes | BinaryIO) -> list[tuple[int, dict[str, object]]]:
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about Excel extensions it does not read
            workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not XLSX
        raise XlsxError(["geen geldig Excel-bestand (.xlsx)"]) from None
    try:
        if SHEET not in workbook.sheetnames:
            raise XlsxError([f"het blad '{SHEET}' ontbreekt"])
        rows = workbook[SHEET].iter_rows(values_only=True)
        header = [_text(value) for value in next(rows, ())]
        missing = [h for h in HEADERS if h not in header]
        unknown = [h for h in header if h and h not in HEADERS]
        duplicate = sorted({h for h in header if h and header.count(h) > 1})
        problems = [f"rij 1: kolom '{h}' ontbreekt" for h in missing]
        problems += [f"rij 1: onbekende kolom '{h}'" for h in unknown]
        problems += [f"rij 1: kolom '{h}' staat er meer dan eens" for h in duplicate]
        if problems:
            raise XlsxError(problems)
        result = []
        for number, values in enumerate(rows, start=2):
            if all(value is None or (isinstance(value, str) and not value.strip()) for value in values):
                continue
            if len(result) >= MAX_ROWS:
                raise XlsxError([f"meer dan {MAX_ROWS} rijen"])
            result.append((number, {h: v for h, v in zip(header, values, strict=False) if h}))
        return result
    finally:
        workbook.close()


def _parse_file(source: bytes | BinaryIO) -> tuple[list[ParsedRow], list[str]]:
    rows, problems = [], []
    seen: dict[str, int] = {}
    for number, values in _read_rows(source):
        row, row_problems = _parse_row(number, values)
        problems += row_problems
        if row is None:
            continue
        if row.reference in seen:
            problems.append(f"rij {number}: {row.reference} staat ook in rij {seen[row.reference]}")
        if row.reference:
            seen[row.reference] = number
        rows.append(row)
    return rows, problems


def import_risks(
    *,
    session: Session,
    organisation_id: int,
    source: bytes | BinaryIO,
    dry_run: bool = False,
    actor: Actor,
) -> ImportResult:
    """Create and update risks from an exported (or hand-made) file. XlsxError lists every problem, and then
    nothing is written; a row equal to the current revision changes nothing; dry_run writes nothing at all."""
    rows, problems = _parse_file(source)
    known = known_requirement_codes(session, {code for row in rows for code in row.data.requirement_codes})
    heads = risks_by_reference(session=session, organisation_id=organisation_id)
    for row in rows:
        unknown = [code for code in row.data.requirement_codes if code not in known]
        if unknown:
            problems.append(f"rij {row.row}: onbekende eis(en) in de catalogus: {', '.join(unknown)}")
        risk = heads.get(row.reference or "")
        if risk is not None and row.revision is not None and row.revision != risk.revision:
            problems.append(
                f"rij {row.row}: {risk.reference} is gewijzigd na de export (revisie {row.revision} in het "
                f"bestand, nu {risk.revision}); exporteer opnieuw"
            )
    if problems:
        raise XlsxError(sorted(set(problems), key=_row_order))
    result = ImportResult(dry_run=dry_run)
    # Rows that name their reference first, so that the numbers given to new rows cannot collide with them.
    for row in sorted(rows, key=lambda r: (r.reference is None, r.row)):
        risk = heads.get(row.reference or "")
        if risk is None:
            if not dry_run:
                risk = create_risk(
                    session=session,
                    organisation_id=organisation_id,
                    data=row.data,
                    actor=actor,
                    note=IMPORT_NOTE,
                    reference=row.reference,
                )
            result.created.append(risk.reference if risk else row.reference or f"rij {row.row}")
        elif dry_run:
            (result.unchanged if data_of(risk) == row.data else result.updated).append(risk.reference)
        else:
            changed = update_risk(
                session=session,
                risk=risk,
                data=row.data,
                expected_revision=risk.revision,
                actor=actor,
                note=IMPORT_NOTE,
            )
            (result.updated if changed else result.unchanged).append(risk.reference)
    return result


def _row_order(problem: str) -> tuple[int, str]:
    head = problem.split(":", 1)[0]
    return (int(head.removeprefix("rij ")) if head.startswith("rij ") else 0, problem)

"""The answers as an Excel sheet, out and back in: one row per requirement, Dutch headers, drop-down lists.

Import checks every row before it writes anything and reports each bad row with its number and reason; with
any problem nothing is written. Rows equal to the current answer are left alone, so export, import and export
again gives the same cells. Text that a spreadsheet would read as a formula is neutralised with a leading
apostrophe, which the import takes off again.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Container
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlmodel import Session, select

from controls.answers import AnswerChange, latest_revisions, record_answers
from controls.labels import GROUPS, label
from controls.models import Requirement
from controls.rules import AnswerValues, check_answer
from controls.soa import statement_of_applicability
from core import clock
from core.actor import Actor
from core.errors import RuleError, StaleEdit
from core.labels import translator
from core.organisations import organisation_facts

SHEET = "Antwoorden"
MAX_ROWS = 5000
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
DATE_FORMAT = "dd-mm-yyyy"

# (key, header, width, editable)
COLUMNS = (
    ("code", "Code", 10, False),
    ("kind", "Soort", 24, False),
    ("title", "Titel", 44, False),
    ("applicability", "Toepasselijkheid", 26, True),
    ("implementation", "Implementatie", 26, True),
    ("design", "Opzet", 16, True),
    ("existence", "Bestaan", 16, True),
    ("operation", "Werking", 16, True),
    ("explanation", "Toelichting", 60, True),
    ("planned_on", "Geplande datum", 15, True),
    ("owner", "Eigenaar", 20, True),
    ("risk_reference", "Risicoverwijzing", 16, True),
    ("last_reviewed_on", "Laatst beoordeeld", 17, True),
    ("next_review_due", "Volgende beoordeling", 20, False),
    ("revision", "Revisie", 9, False),
)
HEADERS = {key: header for key, header, _w, _e in COLUMNS}
CHOICE_GROUPS = {
    "applicability": "applicability",
    "implementation": "implementation",
    "design": "assessment",
    "existence": "assessment",
    "operation": "assessment",
}
DANGEROUS = re.compile(r"^'*[=+\-@\t\r]")


def neutralise(value: str) -> str:
    """Text a spreadsheet would take for a formula gets a leading apostrophe."""
    return "'" + value if DANGEROUS.match(value) else value


def unneutralise(value: str) -> str:
    return value[1:] if value.startswith("'") and DANGEROUS.match(value) else value


# --- export


def export_answers(*, session: Session, organisation_id: int) -> bytes:
    """The organisation's answers as an .xlsx file (bytes)."""
    statement = statement_of_applicability(session=session, organisation_id=organisation_id)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append([header for _k, header, _w, _e in COLUMNS])
    for entry in statement.entries:
        answer = entry.answer
        title = entry.title + (
            "" if entry.active else f" ({label('requirement_status', entry.requirement_status)})"
        )
        row = {"code": entry.code, "kind": label("kind", entry.kind), "title": title}
        if answer is not None:
            row.update(
                {key: label(group, getattr(answer, key)) or None for key, group in CHOICE_GROUPS.items()}
            )
            row.update(
                {
                    "explanation": answer.explanation or None,
                    "planned_on": answer.planned_on,
                    "owner": answer.owner or None,
                    "risk_reference": answer.risk_reference or None,
                    "last_reviewed_on": answer.last_reviewed_on,
                    "next_review_due": answer.next_review_due,
                    "revision": answer.revision,
                }
            )
        sheet.append([_cell(row.get(key)) for key, _h, _w, _e in COLUMNS])
    _layout(sheet, len(statement.entries) + 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value):
    if isinstance(value, str):
        return neutralise(value)
    return value


def _layout(sheet, last_row: int) -> None:
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="154273")
    locked_fill = PatternFill("solid", fgColor="EFEFEF")
    for index, (key, _header, width, editable) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = header_font, header_fill
        for row in range(2, last_row + 1):
            body = sheet.cell(row=row, column=index)
            if not editable:
                body.fill = locked_fill
            if key in ("planned_on", "last_reviewed_on", "next_review_due"):
                body.number_format = DATE_FORMAT
            if key in ("explanation", "title"):
                body.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "D2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last_row}"
    for key, group in CHOICE_GROUPS.items():
        names = GROUPS[group].messages()
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(names) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Ongeldige keuze",
            error="Kies een waarde uit de lijst.",
        )
        letter = get_column_letter(_column_index(key))
        validation.add(f"{letter}2:{letter}{max(last_row, 2) + 500}")
        sheet.add_data_validation(validation)
    for key in ("planned_on", "last_reviewed_on"):
        validation = DataValidation(
            type="date",
            operator="greaterThan",
            formula1="DATE(2000,1,1)",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Ongeldige datum",
            error="Vul een datum in (dd-mm-jjjj).",
        )
        letter = get_column_letter(_column_index(key))
        validation.add(f"{letter}2:{letter}{max(last_row, 2) + 500}")
        sheet.add_data_validation(validation)


def _column_index(key: str) -> int:
    return next(i for i, (k, _h, _w, _e) in enumerate(COLUMNS, start=1) if k == key)


# --- import


@dataclass(frozen=True)
class ImportProblem:
    row: int
    message: str

    def format(self, filename: str) -> str:
        return f"{filename}:{self.row}: {self.message}"


class ImportRejected(ValueError):
    """The sheet has problems; nothing was imported."""

    def __init__(self, problems: list[ImportProblem]):
        super().__init__(f"{len(problems)} probleem/problemen in het bestand; niets ingelezen")
        self.problems = problems


@dataclass
class ImportResult:
    dry_run: bool
    changed: list[str] = field(default_factory=list)  # codes that get (or would get) a new revision
    unchanged: int = 0
    unanswered: int = 0  # rows without an answer, left alone


@dataclass
class _Row:
    number: int
    code: str
    revision: int
    values: AnswerValues
    review_given: bool


def import_answers(
    *,
    session: Session,
    organisation_id: int,
    data: bytes,
    actor: Actor,
    accepted_risks: Container[str],
    known_risks: Container[str],
    dry_run: bool = False,
    note: str = "Excel-import",
) -> ImportResult:
    """Check every row of the sheet, then (unless dry_run, and only if every row is fine) save the changed
    ones."""
    sheet = _open_sheet(data)
    columns = _header(sheet)
    requirements = {r.code: r for r in session.exec(select(Requirement)).all()}
    latest = latest_revisions(session, organisation_id)
    organisation = organisation_facts(session, organisation_id)
    today = clock.today()
    problems: list[ImportProblem] = []
    result = ImportResult(dry_run=dry_run)
    to_save: list[tuple[_Row, Requirement]] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(sheet.iter_rows(min_row=2), start=2):
        if number > MAX_ROWS + 1:
            problems.append(ImportProblem(number, f"te veel rijen: hoogstens {MAX_ROWS}"))
            break
        raw = {key: cells[index] if index < len(cells) else None for key, index in columns.items()}
        if all(_is_blank(cell) for cell in raw.values()):
            continue
        row_problems: list[str] = []
        row = _parse_row(number, raw, row_problems, today)
        requirement = requirements.get(row.code) if row is not None else None
        if row is not None and requirement is None:
            row_problems.append(f"onbekende eis '{row.code}'" if row.code else "kolom Code is leeg")
        if row is not None and row.code in seen:
            row_problems.append(f"eis '{row.code}' staat ook in rij {seen[row.code]}")
        if row is not None and row.code:
            seen.setdefault(row.code, number)
        if not row_problems and row is not None:
            outcome = _judge(
                row,
                requirement,
                latest.get(requirement.id),
                organisation.provider_id is not None,
                accepted_risks,
                known_risks,
                today,
                row_problems,
            )
            if outcome == "changed":
                to_save.append((row, requirement))
                result.changed.append(row.code)
            elif outcome == "unchanged":
                result.unchanged += 1
            elif outcome == "unanswered":
                result.unanswered += 1
        problems.extend(ImportProblem(number, message) for message in row_problems)
    if problems:
        raise ImportRejected(problems)
    if not dry_run and to_save:
        try:
            record_answers(
                session=session,
                organisation_id=organisation_id,
                changes=[
                    AnswerChange(requirement.id, row.values, row.revision) for row, requirement in to_save
                ],
                actor=actor,
                accepted_risks=accepted_risks,
                known_risks=known_risks,
                note=note,
            )
        except (StaleEdit, RuleError) as error:  # someone saved while the sheet was being read
            rows = {row.code: row.number for row, _ in to_save}
            code = error.subject if isinstance(error, StaleEdit) else error.problems[0].ref
            number = rows.get(code, to_save[0][0].number)
            raise ImportRejected([ImportProblem(number, str(error))]) from None
    return result


def _open_sheet(data: bytes):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportRejected([ImportProblem(1, "geen geldig Excel-bestand (.xlsx)")]) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportRejected([ImportProblem(1, "het bestand is uitgepakt te groot")])
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError):
        raise ImportRejected([ImportProblem(1, "geen geldig Excel-bestand (.xlsx)")]) from None
    if SHEET not in workbook.sheetnames:
        raise ImportRejected([ImportProblem(1, f"tabblad '{SHEET}' ontbreekt")])
    return workbook[SHEET]


def _header(sheet) -> dict[str, int]:
    """Column key -> index, from the header row; every column must be there, and nothing else."""
    first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    by_header = {header: key for key, header in HEADERS.items()}
    columns: dict[str, int] = {}
    problems = []
    for index, value in enumerate(first):
        if value is None or str(value).strip() == "":
            continue
        key = by_header.get(str(value).strip())
        if key is None:
            problems.append(ImportProblem(1, f"onbekende kolom '{value}'"))
        elif key in columns:
            problems.append(ImportProblem(1, f"kolom '{value}' staat er twee keer in"))
        else:
            columns[key] = index
    missing = [HEADERS[key] for key in HEADERS if key not in columns]
    if missing:
        problems.append(ImportProblem(1, "kolom(men) ontbreken: " + ", ".join(missing)))
    if problems:
        raise ImportRejected(problems)
    return columns


def _is_blank(cell) -> bool:
    return cell is None or cell.value is None or (isinstance(cell.value, str) and not cell.value.strip())


def _text(cell, header: str, problems: list[str]) -> str:
    if _is_blank(cell):
        return ""
    if cell.data_type == "f":
        problems.append(f"{header}: formules zijn niet toegestaan")
        return ""
    value = cell.value
    if isinstance(value, datetime | date):
        problems.append(f"{header}: tekst verwacht, geen datum")
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unneutralise(str(value)).strip()


def _choice(cell, key: str, problems: list[str]) -> str | None:
    text = _text(cell, HEADERS[key], problems)
    if not text:
        return None
    group = GROUPS[CHOICE_GROUPS[key]]
    wanted = " ".join(text.lower().split())
    english = dict(group.choices(translator("en")))
    for value, dutch in group.choices():
        if wanted in (value, dutch.lower(), english[value].lower()):
            return value
    problems.append(f"{HEADERS[key]}: onbekende waarde '{text}'; kies uit: " + ", ".join(group.messages()))
    return None


DATE_TEXT = (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$"))


def _date(cell, key: str, problems: list[str]) -> date | None:
    if _is_blank(cell):
        return None
    value = cell.value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(cell, HEADERS[key], problems)
    iso, dutch = DATE_TEXT
    try:
        if match := iso.match(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := dutch.match(text):
            return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        pass
    if text:
        problems.append(f"{HEADERS[key]}: ongeldige datum '{text}' (gebruik dd-mm-jjjj)")
    return None


def _parse_row(number: int, raw: dict, problems: list[str], today: date) -> _Row | None:
    code = _text(raw["code"], HEADERS["code"], problems)
    choices = {key: _choice(raw[key], key, problems) for key in CHOICE_GROUPS}
    texts = {
        key: _text(raw[key], HEADERS[key], problems) for key in ("explanation", "owner", "risk_reference")
    }
    planned_on = _date(raw["planned_on"], "planned_on", problems)
    reviewed = _date(raw["last_reviewed_on"], "last_reviewed_on", problems)
    revision_text = _text(raw["revision"], HEADERS["revision"], problems)
    revision = 0
    if revision_text:
        if revision_text.isdigit():
            revision = int(revision_text)
        else:
            problems.append(f"{HEADERS['revision']}: geen revisienummer '{revision_text}'")
    values = None
    if choices["applicability"]:
        values = AnswerValues(
            applicability=choices["applicability"],
            implementation=choices["implementation"],
            design=choices["design"] or "not_assessed",
            existence=choices["existence"] or "not_assessed",
            operation=choices["operation"] or "not_assessed",
            planned_on=planned_on,
            last_reviewed_on=reviewed or today,
            **texts,
        ).normalised()
    else:
        filled = [HEADERS[k] for k, v in {**choices, **texts, "planned_on": planned_on}.items() if v]
        if filled:
            problems.append(f"{HEADERS['applicability']} is leeg, maar {', '.join(filled)} is ingevuld")
    return _Row(number, code, revision, values, reviewed is not None)


def _judge(
    row: _Row,
    requirement: Requirement,
    latest,
    has_provider: bool,
    accepted_risks,
    known_risks,
    today: date,
    problems: list[str],
) -> str:
    """'changed', 'unchanged' or 'unanswered'; problems are added for anything that may not be saved."""
    current_number = latest.number if latest is not None else 0
    if row.values is None:
        if latest is not None:
            problems.append(
                f"het antwoord op {row.code} is leeg gemaakt; een antwoord kan niet worden gewist"
            )
            return "problem"
        return "unanswered"
    values = row.values
    if latest is not None and not row.review_given:
        values = replace(values, last_reviewed_on=latest.last_reviewed_on)
    if latest is not None and AnswerValues.of(latest) == values:
        return "unchanged"
    if not requirement.is_active:
        problems.append(f"eis {row.code} geldt niet meer; het antwoord kan niet meer worden gewijzigd")
        return "problem"
    if row.revision != current_number:
        problems.append(
            f"het antwoord op {row.code} is gewijzigd na de export (revisie {row.revision or 'leeg'} in het "
            f"bestand, nu {current_number}); exporteer opnieuw"
        )
        return "problem"
    for violation in check_answer(
        row.values,
        kind=requirement.kind,
        has_provider=has_provider,
        accepted_risks=accepted_risks,
        known_risks=known_risks,
        today=today,
    ):
        column = HEADERS.get(violation.field, HEADERS["applicability"])
        problems.append(f"{column}: {violation.message}")
    return "problem" if problems else "changed"

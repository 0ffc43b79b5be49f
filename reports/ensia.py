"""ENSIA: the yearly accountability of a municipality, as an Excel workbook with one sheet per part (the BIO
self-evaluation, DigiD, Suwinet), each row a question with the comply-or-explain answer of the requirement that
answers it, opzet/bestaan/werking, the evidence by name and the auditor's findings, as of 31 December of the year.

Which requirement answers which question is data (`data/ensia.yaml`, its format in docs/ensia.md), so that the
published ENSIA questionnaire can be added without code. Today's file is our own grouping: no public BIO2
questionnaire was found, and the workbook says so."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session

from controls.labels import APPLICABILITY, ASSESSMENT, STATUS
from controls.models import RequirementStatus
from controls.soa import Entry, evidence_names, statement_of_applicability
from core import clock
from core.errors import Problem, RuleError
from plan.labels import SEVERITY
from reports.accountability import FindingState, findings_as_of
from reports.ensia_year import data_of, ensia_year
from reports.parameters import ReportParameters, reference_day
from reports.xlsx import Column, add_facts, add_sheet, new_workbook, split_long, workbook_bytes

ENSIA_MAP = Path(__file__).resolve().parent.parent / "data" / "ensia.yaml"
SHEET_TITLE_LIMIT = 31  # characters Excel allows in a sheet's name


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Part:
    id: str
    sheet: str  # the worksheet's name (Excel allows 31 characters)
    title: str
    description: str
    questions: tuple[Question, ...] = ()  # the published questions, when known
    kinds: tuple[str, ...] = ()  # else: every active requirement of these kinds ...
    controls: tuple[str, ...] = ()  # ... under these controls (all when empty)

    def rows(self, entries: list[Entry]) -> list[tuple[str, str, Entry | None, str]]:
        """(question id, question, the entry answering it or None when unknown, its code) in order."""
        if self.questions:
            by_code = {entry.code: entry for entry in entries}
            return [(q.id, q.text, by_code.get(code), code) for q in self.questions for code in q.codes]
        return [
            (entry.code, entry.title, entry, entry.code)
            for entry in entries
            if entry.kind in self.kinds
            and entry.requirement_status == RequirementStatus.ACTIVE.value
            and (not self.controls or entry.parent_code in self.controls or entry.code in self.controls)
        ]


@dataclass(frozen=True)
class EnsiaMap:
    version: str
    confirmed: bool
    parts: tuple[Part, ...]


def _invalid(path: str, wanted: str) -> RuleError:
    return RuleError(Problem("ensia.invalid_map", {"path": path, "wanted": wanted}))


def _strings(value: Any, path: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str | int | float) for item in value):
        raise _invalid(path, "a list of codes")
    return tuple(str(item) for item in value)


def _text(item: dict[str, Any], key: str, path: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _invalid(f"{path}.{key}", "a text")
    return value.strip()


def read_ensia_map(text: str) -> EnsiaMap:
    """The ENSIA map of a YAML text; RuleError naming the first thing that is not as docs/ensia.md describes."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError:
        raise _invalid("", "YAML") from None
    if not isinstance(document, dict) or not isinstance(document.get("parts"), list) or not document["parts"]:
        raise _invalid("parts", "a list of parts")
    parts, seen = [], set()
    for index, item in enumerate(document["parts"]):
        path = f"parts[{index}]"
        if not isinstance(item, dict):
            raise _invalid(path, "a part")
        part_id = _text(item, "id", path)
        if part_id in seen:
            raise _invalid(f"{path}.id", "an id used once")
        seen.add(part_id)
        select, questions = item.get("select"), item.get("questions")
        if (select is None) == (questions is None):
            raise _invalid(path, "either select or questions")
        parts.append(_part(item, part_id, path, select, questions))
    return EnsiaMap(str(document.get("version", "")), document.get("confirmed") is True, tuple(parts))


def _part(item: dict[str, Any], part_id: str, path: str, select: Any, questions: Any) -> Part:
    title, description = _text(item, "title", path), str(item.get("description", ""))
    sheet = str(item.get("sheet") or part_id)
    if len(sheet) > SHEET_TITLE_LIMIT or any(c in sheet for c in "[]:*?/\\"):
        raise _invalid(
            f"{path}.sheet", f"a sheet name of at most {SHEET_TITLE_LIMIT} characters without []:*?/\\"
        )
    if select is not None:
        if not isinstance(select, dict):
            raise _invalid(f"{path}.select", "kinds and controls")
        kinds = _strings(select.get("kinds"), f"{path}.select.kinds")
        if not kinds:
            raise _invalid(f"{path}.select.kinds", "at least one kind")
        controls = _strings(select.get("controls"), f"{path}.select.controls")
        return Part(part_id, sheet, title, description, kinds=kinds, controls=controls)
    if not isinstance(questions, list) or not questions:
        raise _invalid(f"{path}.questions", "a list of questions")
    found = []
    for number, question in enumerate(questions):
        where = f"{path}.questions[{number}]"
        if not isinstance(question, dict):
            raise _invalid(where, "a question")
        codes = _strings(question.get("requirements"), f"{where}.requirements")
        if not codes:
            raise _invalid(f"{where}.requirements", "at least one requirement")
        found.append(Question(_text(question, "id", where), _text(question, "text", where), codes))
    return Part(part_id, sheet, title, description, questions=tuple(found))


@cache
def ensia_map(path: Path = ENSIA_MAP) -> EnsiaMap:
    return read_ensia_map(path.read_text(encoding="utf-8"))


COLUMNS = (
    Column("Vraag", 12),
    Column("Vraagtekst", 40, wrap=True),
    Column("Eis", 10),
    Column("Toepasselijkheid", 18),
    Column("Status", 20),
    Column("Opzet", 14),
    Column("Bestaan", 14),
    Column("Werking", 14),
    Column("Eigenaar", 18),
    Column("Gepland gereed", 14),
    Column("Bewijs", 40, wrap=True),
    Column("Bevindingen", 50, wrap=True),
    Column("Toelichting", 60, wrap=True),  # last: a long explanation continues in the next columns
)


def ensia_xlsx(*, session: Session, organisation_id: int, params: ReportParameters) -> bytes:
    """The ENSIA workbook of the organisation as of `params.as_of` (default: 31 December of this year)."""
    day = params.as_of or reference_day(clock.today().year)
    statement = statement_of_applicability(session=session, organisation_id=organisation_id, as_of=day)
    evidence = evidence_names(session=session, organisation_id=organisation_id, as_of=day)
    findings: dict[int, list[FindingState]] = {}
    for state in findings_as_of(session=session, organisation_id=organisation_id, day=day):
        if state.finding.requirement_id is not None:
            findings.setdefault(state.finding.requirement_id, []).append(state)
    mapping = ensia_map()
    workbook = new_workbook()
    add_facts(
        workbook,
        "ENSIA",
        [
            ("Organisatie", statement.organisation_name),
            ("Peildatum", day),
            ("Catalogus", statement.catalogue_version or ""),
            ("Indeling", mapping.version),
            (
                "Status van de indeling",
                "bevestigde ENSIA-vragenlijst"
                if mapping.confirmed
                else "eigen indeling: de ENSIA-vragenlijst voor BIO2 is niet openbaar (zie docs/ensia.md)",
            ),
            ("Gemaakt door", params.generated_by),
            ("Gemaakt op", clock.to_local(params.generated_at).strftime("%d-%m-%Y %H:%M")),
            *_bijlagen(session=session, organisation_id=organisation_id, year=day.year),
        ]
        + [(f"Werkblad {part.sheet}", f"{part.title}: {part.description}") for part in mapping.parts],
    )
    entries = list(statement.entries)
    for part in mapping.parts:
        add_sheet(
            workbook,
            part.sheet,
            COLUMNS,
            (
                _row(question, text, entry, code, evidence, findings)
                for question, text, entry, code in part.rows(entries)
            ),
        )
    return workbook_bytes(workbook)


def _bijlagen(*, session: Session, organisation_id: int, year: int) -> list[tuple[str, str]]:
    """What the organisation stated for the year (reports.ensia_year): which bijlagen apply, with references."""
    data = data_of(ensia_year(session=session, organisation_id=organisation_id, year=year))
    lines = []
    for name, applies, reference in (
        ("Bijlage 1 DigiD", data.digid_applies, data.digid_reference),
        ("Bijlage 2 Suwinet", data.suwinet_applies, data.suwinet_reference),
    ):
        state = f"van toepassing, assurancerapport {reference or '(kenmerk nog niet ingevuld)'}"
        lines.append((name, state if applies else "niet van toepassing"))
    return lines


def _findings_text(states: list[FindingState]) -> str:
    """Each finding as "B-001 (ernstig, open): title"."""
    return "; ".join(
        f"{s.finding.reference} ({SEVERITY.of(s.finding.severity)}, {'afgehandeld' if s.closed else 'open'}): "
        f"{s.finding.title}"
        for s in states
    )


def _row(
    question: str,
    text: str,
    entry: Entry | None,
    code: str,
    evidence: dict[int, list[str]],
    findings: dict[int, list[FindingState]],
) -> list[object]:
    answer = entry.answer if entry else None
    found = _findings_text(findings.get(entry.requirement_id, [])) if entry else ""
    if entry is None or answer is None:
        status = "eis niet in de catalogus" if entry is None else STATUS.of(entry.status)
        return [question, text, code, "", status, "", "", "", "", "", "", found, ""]
    return [
        question,
        text,
        code,
        APPLICABILITY.of(answer.applicability),
        STATUS.of(entry.status),
        ASSESSMENT.of(answer.design),
        ASSESSMENT.of(answer.existence),
        ASSESSMENT.of(answer.operation),
        answer.owner,
        answer.planned_on,
        "; ".join(evidence.get(entry.requirement_id, [])),
        found,
        split_long(answer.explanation),
    ]

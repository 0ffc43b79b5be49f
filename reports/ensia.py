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
from core.labels import N_
from plan.labels import SEVERITY
from reports.accountability import FindingState, findings_as_of
from reports.ensia_year import data_of, ensia_year
from reports.language import ENGLISH, current_language
from reports.language import gettext as _
from reports.parameters import ReportParameters, reference_day
from reports.pdf import dutch_datetime
from reports.xlsx import Column, add_facts, add_sheet, new_workbook, split_long, translated, workbook_bytes

ENSIA_MAP = Path(__file__).resolve().parent.parent / "data" / "ensia.yaml"
SHEET_TITLE_LIMIT = 31  # characters Excel allows in a sheet's name


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    codes: tuple[str, ...]
    text_en: str = ""  # the question in English, when the map has it


@dataclass(frozen=True)
class Part:
    id: str
    sheet: str  # the worksheet's name (Excel allows 31 characters)
    title: str
    description: str
    questions: tuple[Question, ...] = ()  # the published questions, when known
    kinds: tuple[str, ...] = ()  # else: every active requirement of these kinds ...
    controls: tuple[str, ...] = ()  # ... under these controls (all when empty)
    english: tuple[str, str, str] = (
        "",
        "",
        "",
    )  # sheet, title and description in English, when the map has them

    def names(self, language: str) -> tuple[str, str, str]:
        """(sheet, title, description) in the language; the Dutch ones where the map has no English."""
        dutch = (self.sheet, self.title, self.description)
        if language != ENGLISH:
            return dutch
        return (self.english[0] or dutch[0], self.english[1] or dutch[1], self.english[2] or dutch[2])

    @property
    def dutch_only(self) -> bool:
        """True when the map gives a text of this part (its title, a question) only in Dutch."""
        return not self.english[1] or any(not q.text_en for q in self.questions)

    def rows(self, entries: list[Entry]) -> list[tuple[str, str, Entry | None, str]]:
        """(question id, question, the entry answering it or None when unknown, its code) in order."""
        if self.questions:
            by_code = {entry.code: entry for entry in entries}
            english = current_language() == ENGLISH
            return [
                (q.id, (q.text_en or q.text) if english else q.text, by_code.get(code), code)
                for q in self.questions
                for code in q.codes
            ]
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
    english = (
        str(item.get("sheet_en", "")),
        str(item.get("title_en", "")),
        str(item.get("description_en", "")),
    )
    for key, name in (("sheet", sheet), ("sheet_en", english[0])):
        if len(name) > SHEET_TITLE_LIMIT or any(c in name for c in "[]:*?/\\"):
            raise _invalid(
                f"{path}.{key}", f"a sheet name of at most {SHEET_TITLE_LIMIT} characters without []:*?/\\"
            )
    if select is not None:
        if not isinstance(select, dict):
            raise _invalid(f"{path}.select", "kinds and controls")
        kinds = _strings(select.get("kinds"), f"{path}.select.kinds")
        if not kinds:
            raise _invalid(f"{path}.select.kinds", "at least one kind")
        controls = _strings(select.get("controls"), f"{path}.select.controls")
        return Part(part_id, sheet, title, description, kinds=kinds, controls=controls, english=english)
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
        text_en = str(question.get("text_en", "")).strip()
        found.append(Question(_text(question, "id", where), _text(question, "text", where), codes, text_en))
    return Part(part_id, sheet, title, description, questions=tuple(found), english=english)


@cache
def ensia_map(path: Path = ENSIA_MAP) -> EnsiaMap:
    return read_ensia_map(path.read_text(encoding="utf-8"))


COLUMNS = (
    Column(N_("Vraag"), 12),
    Column(N_("Vraagtekst"), 40, wrap=True),
    Column(N_("Eis"), 10),
    Column(N_("Toepasselijkheid"), 18),
    Column(N_("Status"), 20),
    Column(N_("Opzet"), 14),
    Column(N_("Bestaan"), 14),
    Column(N_("Werking"), 14),
    Column(N_("Eigenaar"), 18),
    Column(N_("Gepland gereed"), 14),
    Column(N_("Bewijs"), 40, wrap=True),
    Column(N_("Bevindingen"), 50, wrap=True),
    Column(N_("Toelichting"), 60, wrap=True),  # last: a long explanation continues in the next columns
)


def ensia_xlsx(*, session: Session, organisation_id: int, params: ReportParameters) -> bytes:
    """The ENSIA workbook of the organisation as of `params.as_of` (default: 31 December of this year)."""
    day = params.as_of or reference_day(clock.today().year)
    language = current_language()
    statement = statement_of_applicability(
        session=session, organisation_id=organisation_id, as_of=day, locale=language
    )
    evidence = evidence_names(session=session, organisation_id=organisation_id, as_of=day)
    findings: dict[int, list[FindingState]] = {}
    for state in findings_as_of(session=session, organisation_id=organisation_id, day=day):
        if state.finding.requirement_id is not None:
            findings.setdefault(state.finding.requirement_id, []).append(state)
    mapping = ensia_map()
    workbook = new_workbook()
    sheets = [(part, part.names(language)) for part in mapping.parts]
    add_facts(
        workbook,
        "ENSIA",
        [
            (_("Organisatie"), statement.organisation_name),
            (_("Peildatum"), day),
            (_("Catalogus"), statement.catalogue_version or ""),
            (_("Indeling"), mapping.version),
            (
                _("Status van de indeling"),
                _("bevestigde ENSIA-vragenlijst")
                if mapping.confirmed
                else _("eigen indeling: de ENSIA-vragenlijst voor BIO2 is niet openbaar (zie docs/ensia.md)"),
            ),
            (_("Gemaakt door"), params.generated_by),
            (_("Gemaakt op"), dutch_datetime(params.generated_at)),
            *_bijlagen(session=session, organisation_id=organisation_id, year=day.year),
        ]
        + [
            (_("Werkblad %(sheet)s") % {"sheet": sheet}, f"{title}: {text}")
            for _p, (sheet, title, text) in sheets
        ]
        + _dutch_only(mapping, language),
    )
    entries = list(statement.entries)
    for part, (sheet, *_names) in sheets:
        add_sheet(
            workbook,
            sheet,
            translated(COLUMNS),
            (
                _row(question, text, entry, code, evidence, findings)
                for question, text, entry, code in part.rows(entries)
            ),
        )
    return workbook_bytes(workbook)


def _dutch_only(mapping: EnsiaMap, language: str) -> list[tuple[str, object]]:
    """In an English workbook: a line saying which texts of the ENSIA map exist only in Dutch (shown so)."""
    parts = [part.id for part in mapping.parts if part.dutch_only]
    if language != ENGLISH or not parts:
        return []
    return [
        (
            _("Alleen in het Nederlands"),
            _("teksten van de indeling (data/ensia.yaml) van: %(parts)s") % {"parts": ", ".join(parts)},
        )
    ]


def _bijlagen(*, session: Session, organisation_id: int, year: int) -> list[tuple[str, str]]:
    """What the organisation stated for the year (reports.ensia_year): which bijlagen apply, with references."""
    data = data_of(ensia_year(session=session, organisation_id=organisation_id, year=year))
    lines = []
    for name, applies, reference in (
        (_("Bijlage 1 DigiD"), data.digid_applies, data.digid_reference),
        (_("Bijlage 2 Suwinet"), data.suwinet_applies, data.suwinet_reference),
    ):
        state = _("van toepassing, assurancerapport %(reference)s") % {
            "reference": reference or _("(kenmerk nog niet ingevuld)")
        }
        lines.append((name, state if applies else _("niet van toepassing")))
    return lines


def _findings_text(states: list[FindingState]) -> str:
    """Each finding as "B-001 (ernstig, open): title"."""
    return "; ".join(
        f"{s.finding.reference} ({SEVERITY.of(s.finding.severity, _)}, {_('afgehandeld') if s.closed else _('open')}): "
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
        status = _("eis niet in de catalogus") if entry is None else STATUS.of(entry.status, _)
        return [question, text, code, "", status, "", "", "", "", "", "", found, ""]
    return [
        question,
        text,
        code,
        APPLICABILITY.of(answer.applicability, _),
        STATUS.of(entry.status, _),
        ASSESSMENT.of(answer.design, _),
        ASSESSMENT.of(answer.existence, _),
        ASSESSMENT.of(answer.operation, _),
        answer.owner,
        answer.planned_on,
        "; ".join(evidence.get(entry.requirement_id, [])),
        found,
        split_long(answer.explanation),
    ]

"""The answers as an Excel sheet, out and back in: one row per requirement, Dutch headers, drop-down lists
(the column spec `ANSWERS_SHEET`, read and written by `core.tabular`).

Import checks every row before it writes anything and raises one RuleError with every problem, placed by row
and requirement code; with any problem nothing is written. Rows equal to the current answer are left alone, so
export, import and export again gives the same cells."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import asdict, dataclass, field, replace
from datetime import date

from sqlmodel import Session, select

from controls.answer_models import AnswerRevision, Assessment
from controls.answer_steps import AnswersSaved
from controls.answers import AnswerChange, latest_revisions, record_answers
from controls.labels import choices, label
from controls.models import Requirement
from controls.offers import shared_requirement_ids
from controls.rules import (
    MAX_EXPLANATION,
    MAX_OWNER,
    MAX_RISK_REFERENCE,
    AnswerValues,
    check_answer,
)
from controls.soa import Entry, statement_of_applicability
from core import clock
from core.actor import Actor
from core.dbtypes import id_of
from core.errors import Problem, RuleError
from core.organisations import organisation_facts
from core.tabular import DATE, Change, Choice, Column, Integer, Row, SheetSpec, Use, export, read_sheet

TEXT_LIMITS = {
    "explanation": MAX_EXPLANATION,
    "public_explanation": MAX_EXPLANATION,
    "owner": MAX_OWNER,
    "risk_reference": MAX_RISK_REFERENCE,
}


def _choice(group: str) -> Choice:
    """The Dutch labels in the sheet; the English ones are read back too."""
    return Choice(tuple(choices(group)), aliases=tuple((name, value) for value, name in choices(group, "en")))


ANSWERS_SHEET = SheetSpec(
    name="Antwoorden",
    ref="code",
    freeze="D2",
    columns=(
        Column("Code", 12, key="code", use=Use.KEY),  # "27001-6.1.2"
        Column("Soort", 24, key="kind", use=Use.SHOWN),
        Column("Titel", 44, wrap=True, key="title", use=Use.SHOWN),
        Column("Toepasselijkheid", 26, key="applicability", type=_choice("applicability")),
        Column("Implementatie", 26, key="implementation", type=_choice("implementation")),
        Column("Opzet", 16, key="design", type=_choice("assessment")),
        Column("Bestaan", 16, key="existence", type=_choice("assessment")),
        Column("Werking", 16, key="operation", type=_choice("assessment")),
        Column("Toelichting", 60, wrap=True, key="explanation"),
        Column("Publieke toelichting", 60, wrap=True, key="public_explanation"),
        Column("Geplande datum", 15, key="planned_on", type=DATE),
        Column("Eigenaar", 20, key="owner", plain=True),
        Column("Risicoverwijzing", 16, key="risk_reference"),
        Column("Laatst beoordeeld", 17, key="last_reviewed_on", type=DATE),
        Column("Volgende beoordeling", 20, key="next_review_due", type=DATE, use=Use.SHOWN),
        Column("Revisie", 9, key="revision", type=Integer(), use=Use.KEY),
    ),
)
HEADERS = {column.key: column.header for column in ANSWERS_SHEET.columns}
ANSWER_COLUMNS = AnswerValues.FIELDS
NOT_ASSESSED = Assessment.NOT_ASSESSED.value


# --- export


def export_answers(*, session: Session, organisation_id: int) -> bytes:
    """The organisation's answers as an .xlsx file (bytes)."""
    statement = statement_of_applicability(session=session, organisation_id=organisation_id)
    return export(ANSWERS_SHEET, (_sheet_row(entry) for entry in statement.entries))


def _sheet_row(entry: Entry) -> dict[str, object]:
    status = "" if entry.active else f" ({label('requirement_status', entry.requirement_status)})"
    row: dict[str, object] = {
        "code": entry.code,
        "kind": label("kind", entry.kind),
        "title": entry.title + status,
    }
    if entry.answer is not None:
        row |= {
            name: getattr(entry.answer, name) for name in (*ANSWER_COLUMNS, "next_review_due", "revision")
        }
    return row


# --- import


@dataclass
class ImportResult:
    dry_run: bool
    changes: list[Change] = field(default_factory=list)  # rows that get (or would get) a new revision
    unchanged: int = 0
    unanswered: int = 0  # rows without an answer, left alone
    held: list[str] = field(default_factory=list)  # codes saved "ter goedkeuring" instead (the plan's policy)
    made: list[str] = field(default_factory=list)  # what the save's steps made (the plan's actions)
    # of a dry run: what the save would hold and make (it ran in a savepoint, rolled back); an action as
    # "A-004 (its title)", since its reference is only the one it would get

    @property
    def changed(self) -> list[str]:
        return [change.ref for change in self.changes]


@dataclass(frozen=True)
class _Facts:
    """What the rows are checked against: the catalogue, the current answers and the risk register."""

    requirements: dict[str, Requirement]
    latest: dict[int, AnswerRevision]
    has_provider: bool
    shared: Container[int]  # the requirements the provider offers as a shared service
    accepted_risks: Container[str]
    known_risks: Container[str]
    today: date
    plan_horizon_years: int


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
    """Check every row of the sheet, then (only if every row is fine) save the changed ones. RuleError lists
    every problem; StaleEdit when an answer changed between the check and the save.

    A dry run saves them too, in a savepoint it rolls back: so it reports exactly what the save would hold for
    approval and which actions its steps would make (`held`, `made`), and leaves nothing behind."""
    rows = read_sheet(data, ANSWERS_SHEET)
    organisation = organisation_facts(session=session, organisation_id=organisation_id)
    facts = _Facts(
        requirements={r.code: r for r in session.exec(select(Requirement)).all()},
        latest=latest_revisions(session=session, organisation_id=organisation_id),
        has_provider=organisation.provider_id is not None,
        shared=shared_requirement_ids(session=session, organisation_id=organisation_id),
        accepted_risks=accepted_risks,
        known_risks=known_risks,
        today=clock.today(),
        plan_horizon_years=organisation.plan_horizon_years,
    )
    result = ImportResult(dry_run=dry_run)
    to_save: list[tuple[Row, AnswerChange]] = []
    for row in rows:
        change = _judge(row, facts, result)
        if change is not None:
            to_save.append((row, change))
    problems = [problem for row in rows for problem in row.problems]
    if problems:
        raise RuleError(problems)
    if to_save:
        savepoint = session.begin_nested() if dry_run else None
        try:
            saved = _save(
                session=session,
                organisation_id=organisation_id,
                to_save=to_save,
                actor=actor,
                facts=facts,
                note=note,
            )
        finally:
            if savepoint is not None:
                savepoint.rollback()
        result.held.extend(to_save[index][0].ref for index in sorted(saved.held))
        result.made.extend(
            f"{thing.reference} ({thing.subject})" if dry_run else thing.reference for thing in saved.made
        )
    return result


def _save(
    *,
    session: Session,
    organisation_id: int,
    to_save: list[tuple[Row, AnswerChange]],
    actor: Actor,
    facts: _Facts,
    note: str,
) -> AnswersSaved:
    try:
        return record_answers(
            session=session,
            organisation_id=organisation_id,
            changes=[change for _row, change in to_save],
            actor=actor,
            accepted_risks=facts.accepted_risks,
            known_risks=facts.known_risks,
            note=note,
        )
    except RuleError as error:  # the requirement or a risk acceptance changed meanwhile
        reference = error.problems[0].ref if error.problems else ""
        row = next((row for row, _change in to_save if row.ref == reference), to_save[0][0])
        for problem in error.problems:
            _violated(row, problem)
        raise RuleError(row.problems) from None


def _violated(row: Row, problem: Problem) -> None:
    """A broken rule of the answer (its rule code) as a problem of its row."""
    row.problems.append(problem.at(row=row.number, ref=row.ref))


def _values(row: Row, today: date) -> AnswerValues | None:
    """The answer the row states (reviewed today when the sheet gives no date); None for a row without
    applicability, which must then be empty."""
    values = row.values
    if values["applicability"] is None:
        unreadable = any(problem.field == "applicability" for problem in row.problems)
        filled = row.filled(ANSWERS_SHEET, [key for key in ANSWER_COLUMNS[1:] if key != "last_reviewed_on"])
        if filled and not unreadable:
            row.problem("answer.applicability_missing", "applicability", columns=", ".join(filled))
        return None
    return AnswerValues(
        applicability=values["applicability"],
        implementation=values["implementation"],
        design=values["design"] or NOT_ASSESSED,
        existence=values["existence"] or NOT_ASSESSED,
        operation=values["operation"] or NOT_ASSESSED,
        explanation=values["explanation"],
        planned_on=values["planned_on"],
        owner=values["owner"],
        risk_reference=values["risk_reference"],
        last_reviewed_on=values["last_reviewed_on"] or today,
        public_explanation=values["public_explanation"],
    ).normalised()


def _judge(row: Row, facts: _Facts, result: ImportResult) -> AnswerChange | None:
    """The change the row makes (None: nothing to save); counts it in `result`, or adds its problems."""
    values = _values(row, facts.today)
    requirement = facts.requirements.get(row.ref)
    if requirement is None:
        row.problem("answer.unknown_requirement" if row.ref else "answer.code_missing", "code", code=row.ref)
    if row.problems or requirement is None:
        return None
    latest = facts.latest.get(id_of(requirement))
    if values is None:
        if latest is None:
            result.unanswered += 1
        else:
            row.problem("answer.cannot_blank", "applicability")
        return None
    before = asdict(AnswerValues.of(latest)) if latest is not None else None
    stated = values  # as compared: an answer without a review date in the sheet keeps its own
    if latest is not None and row.values["last_reviewed_on"] is None:
        stated = replace(values, last_reviewed_on=latest.last_reviewed_on)
    if before == asdict(stated):
        result.unchanged += 1
        return None
    current = latest.number if latest is not None else 0
    if not requirement.is_active:
        row.problem("answer.withdrawn", "code", requirement=row.ref)
    elif (row.values["revision"] or 0) != current:
        row.stale(row.values["revision"], current)
    else:
        for violation in check_answer(
            values,
            kind=requirement.kind,
            has_provider=facts.has_provider,
            provider_shares=id_of(requirement) in facts.shared,
            accepted_risks=facts.accepted_risks,
            known_risks=facts.known_risks,
            today=facts.today,
            plan_horizon_years=facts.plan_horizon_years,
        ):
            _violated(row, violation)
    if row.problems:
        return None
    columns = ANSWERS_SHEET.changed(before, asdict(stated)) if before is not None else ()
    result.changes.append(Change(row.number, row.ref, columns, new=before is None))
    return AnswerChange(id_of(requirement), values, current)

"""The year's accountability picture that the collegeverklaring and the In Control Verklaring are drafted from,
all as of the end of 31 December of the year: the answers, the latest adoption of the SoA up to that day, the
risk register, the auditor findings (by severity, open or closed) and the open actions of the improvement plan.

A finding is closed when it has actions and every one of them was done or cancelled on the reference date;
without actions, or with one still open, it is open (findings carry no state of their own)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from controls.answer_models import Assessment, Status
from controls.models import Requirement, RequirementKind
from controls.soa import Entry, Statement, statement_of_applicability
from core.labels import N_
from plan.adoption import adopted_statement
from plan.models import (
    OPEN_STATUSES,
    Action,
    ActionLink,
    ActionRevision,
    Finding,
    LinkKind,
    Severity,
    SoaAdoption,
)
from reports.language import current_language
from reports.parameters import reference_day
from reports.risks import Register, register_at
from risk.reading import end_of_day

SEVERITY_ORDER = (Severity.SEVERE.value, Severity.SIGNIFICANT.value, Severity.MINOR.value)


@dataclass(frozen=True)
class ActionState:
    """An action as it stood on the reference date."""

    reference: str
    title: str
    owner: str
    due_on: date | None
    status: str


@dataclass(frozen=True)
class FindingState:
    finding: Finding
    requirement_code: str  # "" for the ISMS as a whole
    actions: tuple[ActionState, ...]

    @property
    def closed(self) -> bool:
        return bool(self.actions) and all(a.status not in OPEN_STATUSES for a in self.actions)


@dataclass(frozen=True)
class Judgement:
    """Opzet, bestaan and werking counted over the measures that apply: (sufficient, insufficient, not assessed)."""

    name: str
    sufficient: int
    insufficient: int
    not_assessed: int


@dataclass(frozen=True)
class YearPicture:
    year: int
    reference_date: date
    statement: Statement
    adoption: SoaAdoption | None  # the latest adoption up to the reference date
    adopted: Statement | None  # the statement as adopted then
    register: Register
    findings: tuple[FindingState, ...]  # by severity, then reference
    open_actions: tuple[ActionState, ...]

    @property
    def measures(self) -> list[Entry]:
        return [e for e in self.statement.entries if e.active and e.kind == RequirementKind.MEASURE.value]

    @property
    def status_counts(self) -> dict[str, int]:
        counts = Counter(e.status for e in self.measures)
        return {s.value: counts.get(s.value, 0) for s in Status}

    @property
    def judgements(self) -> list[Judgement]:
        undecided = (Status.NOT_APPLICABLE, Status.UNANSWERED, Status.HELD)
        applicable = [e for e in self.measures if e.status not in undecided]
        result = []
        for name, attribute in (
            (N_("opzet"), "design"),
            (N_("bestaan"), "existence"),
            (N_("werking"), "operation"),
        ):
            values = Counter(
                getattr(e.judged_answer, attribute) if e.judged_answer else Assessment.NOT_ASSESSED.value
                for e in applicable
            )
            result.append(
                Judgement(
                    name,
                    values.get(Assessment.SUFFICIENT.value, 0),
                    values.get(Assessment.INSUFFICIENT.value, 0),
                    values.get(Assessment.NOT_ASSESSED.value, 0),
                )
            )
        return result

    @property
    def shortfalls(self) -> list[Entry]:
        """The applicable measures not (fully) in place on the reference date: the 'leg uit' of the year."""
        wanted = {
            Status.PARTIALLY.value,
            Status.PLANNED.value,
            Status.NOT_IMPLEMENTED.value,
            Status.UNANSWERED.value,
            Status.HELD.value,
        }
        return [e for e in self.measures if e.status in wanted or e.shortfall]

    @property
    def open_findings(self) -> list[FindingState]:
        return [f for f in self.findings if not f.closed]

    def findings_by_severity(self) -> list[tuple[str, int, int]]:
        """(severity, open, closed) in order of severity."""
        return [
            (
                severity,
                sum(1 for f in self.findings if f.finding.severity == severity and not f.closed),
                sum(1 for f in self.findings if f.finding.severity == severity and f.closed),
            )
            for severity in SEVERITY_ORDER
        ]


def latest_adoption(*, session: Session, organisation_id: int, day: date) -> SoaAdoption | None:
    return session.exec(
        select(SoaAdoption)
        .where(col(SoaAdoption.organisation_id) == organisation_id, col(SoaAdoption.adopted_on) <= day)
        .order_by(col(SoaAdoption.adopted_on).desc(), col(SoaAdoption.number).desc())
    ).first()


def actions_as_of(*, session: Session, organisation_id: int, day: date) -> dict[int, ActionState]:
    """Every action of the organisation as it stood at the end of `day`, by action id (one query)."""
    older = aliased(ActionRevision)
    newest = select(func.max(col(older.number))).where(
        col(older.action_id) == col(Action.id), col(older.changed_at) < end_of_day(day)
    )
    rows = session.exec(
        select(Action, ActionRevision)
        .join(ActionRevision, col(ActionRevision.action_id) == col(Action.id))
        .where(
            col(Action.organisation_id) == organisation_id,
            col(ActionRevision.number) == newest.correlate(Action).scalar_subquery(),
        )
    ).all()
    return {
        action.id: ActionState(
            action.reference, revision.title, revision.owner_name, revision.due_on, revision.status
        )
        for action, revision in rows
        if action.id is not None
    }


def findings_as_of(
    *, session: Session, organisation_id: int, day: date, actions: dict[int, ActionState] | None = None
) -> tuple[FindingState, ...]:
    """The findings with a reference date up to `day`, with their actions as they stood then, most severe
    first (three queries, four without `actions`)."""
    if actions is None:
        actions = actions_as_of(session=session, organisation_id=organisation_id, day=day)
    findings = session.exec(
        select(Finding).where(
            col(Finding.organisation_id) == organisation_id, col(Finding.reference_date) <= day
        )
    ).all()
    ids = [f.id for f in findings]
    links = (
        session.exec(
            select(ActionLink).where(
                col(ActionLink.organisation_id) == organisation_id,
                col(ActionLink.kind) == LinkKind.FINDING.value,
                col(ActionLink.target_id).in_(ids),
            )
        ).all()
        if ids
        else []
    )
    by_finding: dict[int, list[ActionState]] = {}
    for link in links:
        if link.action_id in actions:
            by_finding.setdefault(link.target_id, []).append(actions[link.action_id])
    requirement_ids = {f.requirement_id for f in findings if f.requirement_id}
    codes = (
        dict(
            session.exec(
                select(col(Requirement.id), col(Requirement.code)).where(
                    col(Requirement.id).in_(requirement_ids)
                )
            ).all()
        )
        if requirement_ids
        else {}
    )
    states = [
        FindingState(
            f,
            codes.get(f.requirement_id, "") if f.requirement_id else "",
            tuple(sorted(by_finding.get(f.id or 0, []), key=lambda a: a.reference)),
        )
        for f in findings
    ]
    return tuple(
        sorted(states, key=lambda s: (SEVERITY_ORDER.index(s.finding.severity), s.finding.reference))
    )


def year_picture(*, session: Session, organisation_id: int, year: int) -> YearPicture:
    day = reference_day(year)
    adoption = latest_adoption(session=session, organisation_id=organisation_id, day=day)
    actions = actions_as_of(session=session, organisation_id=organisation_id, day=day)
    open_actions = sorted(
        (a for a in actions.values() if a.status in OPEN_STATUSES),
        key=lambda a: (a.due_on is None, a.due_on or date.max, a.reference),
    )
    return YearPicture(
        year=year,
        reference_date=day,
        statement=statement_of_applicability(
            session=session, organisation_id=organisation_id, as_of=day, locale=current_language()
        ),
        adoption=adoption,
        adopted=adopted_statement(adoption) if adoption is not None else None,
        register=register_at(session=session, organisation_id=organisation_id, as_of=day),
        findings=findings_as_of(session=session, organisation_id=organisation_id, day=day, actions=actions),
        open_actions=tuple(open_actions),
    )

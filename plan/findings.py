"""Auditor findings (bevindingen): recorded per requirement or for the ISMS as a whole, with a severity, the
evidence looked at and the reference date; the CISO responds and links actions (plan.actions, kind finding)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from sqlmodel import Session, col, select

from core import clock
from core.actor import Actor
from core.audit import changed_fields, record_event
from core.errors import Problem, RuleError
from plan.models import Finding, Severity

REFERENCE = re.compile(r"^B-(\d{3,6})$")
MAX_TITLE = 200
MAX_TEXT = 10000


def problem(field: str, code: str, **params: object) -> Problem:
    return Problem(f"finding.{code}", params, field)


@dataclass(frozen=True)
class FindingData:
    title: str
    severity: str
    reference_date: date | None
    description: str = ""
    evidence_examined: str = ""
    requirement_id: int | None = None  # None: the ISMS as a whole

    def normalised(self) -> FindingData:
        return replace(
            self,
            title=self.title.strip(),
            description=self.description.strip(),
            evidence_examined=self.evidence_examined.strip(),
        )

    def problems(self) -> list[Problem]:
        found = []
        if not self.title:
            found.append(problem("title", "title_required"))
        elif len(self.title) > MAX_TITLE:
            found.append(problem("title", "too_long", limit=MAX_TITLE))
        for name in ("description", "evidence_examined"):
            if len(getattr(self, name)) > MAX_TEXT:
                found.append(problem(name, "too_long", limit=MAX_TEXT))
        if self.severity not in {s.value for s in Severity}:
            found.append(problem("severity", "unknown_severity", value=self.severity))
        if self.reference_date is None:
            found.append(problem("reference_date", "reference_date_required"))
        elif self.reference_date > clock.today():
            found.append(problem("reference_date", "reference_date_future"))
        return found


def _next_reference(*, session: Session, organisation_id: int) -> str:
    references = session.exec(
        select(col(Finding.reference)).where(col(Finding.organisation_id) == organisation_id)
    ).all()
    numbers = [int(m.group(1)) for r in references if (m := REFERENCE.match(r))]
    return f"B-{max(numbers, default=0) + 1:03d}"


def record_finding(*, session: Session, organisation_id: int, data: FindingData, actor: Actor) -> Finding:
    data = data.normalised()
    found = data.problems()
    if found or data.reference_date is None:
        raise RuleError(found)
    finding = Finding(
        organisation_id=organisation_id,
        reference=_next_reference(session=session, organisation_id=organisation_id),
        requirement_id=data.requirement_id,
        title=data.title,
        description=data.description,
        severity=data.severity,
        evidence_examined=data.evidence_examined,
        reference_date=data.reference_date,
        recorded_at=clock.now(),
        recorded_by_id=actor.user_id,
        recorded_by=actor.name[:254],
    )
    session.add(finding)
    session.flush()
    record_event(
        session=session,
        action="finding.recorded",
        actor=actor,
        organisation_id=organisation_id,
        subject=finding.reference,
        changes=changed_fields(
            {}, {"title": data.title, "severity": data.severity, "reference_date": data.reference_date}
        ),
    )
    return finding


def respond(*, session: Session, finding: Finding, response: str, actor: Actor) -> None:
    """The CISO's response (replaces an earlier one; the audit trail keeps both)."""
    response = response.strip()
    if not response:
        raise RuleError(problem("response", "response_required"))
    if len(response) > MAX_TEXT:
        raise RuleError(problem("response", "too_long", limit=MAX_TEXT))
    before = finding.response
    finding.response = response
    finding.responded_at = clock.now()
    finding.responded_by = actor.name[:254]
    session.add(finding)
    record_event(
        session=session,
        action="finding.responded",
        actor=actor,
        organisation_id=finding.organisation_id,
        subject=finding.reference,
        changes=changed_fields({"response": before}, {"response": response}),
    )
    session.flush()


def list_findings(
    *, session: Session, organisation_id: int, requirement_id: int | None = None
) -> list[Finding]:
    query = select(Finding).where(col(Finding.organisation_id) == organisation_id)
    if requirement_id is not None:
        query = query.where(col(Finding.requirement_id) == requirement_id)
    return list(session.exec(query.order_by(col(Finding.recorded_at).desc())).all())


def get_finding(*, session: Session, organisation_id: int, finding_id: int) -> Finding | None:
    finding = session.get(Finding, finding_id)
    return finding if finding is not None and finding.organisation_id == organisation_id else None

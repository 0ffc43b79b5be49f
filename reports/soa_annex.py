"""What the SoA report adds for the board and the auditor: the annex "Uitzonderingen op de VvT" (BIO2 part 1 §14:
every requirement not applied or deviated from, with its risk reference), the approval block of the version
(who proposed and adopted it, when, which body; blank and marked "niet vastgesteld" for a report of the live
answers), and the evidence by name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from controls.answer_models import Status
from controls.soa import Entry, Statement, evidence_names
from plan.adoption import get_adoption
from risk.answer_links import references
from risk.reading import risks_by_reference
from scope.answer_scope import exceptions_by_requirement

DEVIATIONS = {Status.NOT_IMPLEMENTED.value, Status.PARTIALLY.value}


@dataclass(frozen=True)
class Deviation:
    code: str
    title: str
    kind: str  # "not_applicable", "deviation" (not or partly implemented) or "scope" (not for some systems)
    status: str
    reason: str  # the justification, or the reasons per system
    risks: tuple[tuple[str, str], ...]  # (reference, title) of the risks it rests on; title "" when unknown


@dataclass(frozen=True)
class Approval:
    adopted: bool
    number: int | None = None
    proposed_by: str = ""
    approved_by: str = ""
    adopted_on: date | None = None
    body: str = ""


def exceptions(*, session: Session, organisation_id: int, statement: Statement) -> list[Deviation]:
    """The annex: per active requirement not applied, not or partly implemented, or excepted per system."""
    titles = {
        reference: risk.title
        for reference, risk in risks_by_reference(session=session, organisation_id=organisation_id).items()
    }
    by_system = exceptions_by_requirement(session=session, organisation_id=organisation_id)
    found = []
    for entry in statement.entries:
        excepted = by_system.get(entry.requirement_id, [])
        kind = _kind(entry, bool(excepted))
        if not entry.active or kind is None:
            continue
        reason = entry.justification
        if excepted:
            lines = [f"niet voor {reference} {name}: {why}" for reference, name, why in excepted]
            reason = "\n".join([reason, *lines] if reason else lines)
        linked = references(entry.answer.risk_reference) if entry.answer is not None else []
        found.append(
            Deviation(
                entry.code,
                entry.title,
                kind,
                entry.status,
                reason,
                tuple((r, titles.get(r, "")) for r in linked),
            )
        )
    return found


def _kind(entry: Entry, excepted: bool) -> str | None:
    if entry.status == Status.NOT_APPLICABLE.value:
        return "not_applicable"
    if entry.status in DEVIATIONS:
        return "deviation"
    return "scope" if excepted else None


EXCEPTION_KINDS = {
    "not_applicable": "niet van toepassing",
    "deviation": "afwijking",
    "scope": "uitzondering per systeem",
}


def approval(*, session: Session, organisation_id: int, adoption: int | None) -> Approval:
    if adoption is None:
        return Approval(adopted=False)
    found = get_adoption(session=session, organisation_id=organisation_id, number=adoption)
    if found is None:
        return Approval(adopted=False)
    return Approval(True, found.number, found.proposed_by, found.approved_by, found.adopted_on, found.body)


def evidence_by_requirement(
    *, session: Session, organisation_id: int, statement: Statement, adopted: bool
) -> dict[int, list[str]]:
    """The names of the evidence held at the statement's date (an adopted version: at its reference date)."""
    as_of = statement.reference_date if adopted else statement.as_of
    return evidence_names(session=session, organisation_id=organisation_id, as_of=as_of)

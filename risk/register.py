"""The risk register: record risks as revisions (a new risk, a changed one), each checked against the rules
and the catalogue, with its next free reference. Reading the register, now or as of a date: risk/reading.py."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from controls.models import Requirement
from core import clock
from core.actor import Actor
from core.audit import changed_fields, record_event
from core.dbtypes import id_of
from core.errors import RuleError, StaleEdit
from risk.models import Risk, RiskRequirement, RiskRevision
from risk.reading import DATA_FIELDS, REFERENCE, data_of, reference_number, risk_references
from risk.risk_steps import RiskSaved, after_save, held
from risk.rules import RiskData, problem


def format_reference(number: int) -> str:
    return f"R-{number:03d}"


def next_reference(*, session: Session, organisation_id: int) -> str:
    references = session.exec(
        select(col(Risk.reference)).where(col(Risk.organisation_id) == organisation_id)
    ).all()
    return format_reference(max((reference_number(r) for r in references), default=0) + 1)


def _requirement_ids(*, session: Session, codes: Iterable[str]) -> dict[str, int]:
    codes = set(codes)
    if not codes:
        return {}
    requirements = session.exec(select(Requirement).where(col(Requirement.code).in_(codes))).all()
    return {requirement.code: id_of(requirement) for requirement in requirements}


def known_requirement_codes(*, session: Session, codes: Iterable[str]) -> set[str]:
    """The codes among `codes` that exist in the catalogue (one query)."""
    return set(_requirement_ids(session=session, codes=codes))


def check(*, session: Session, data: RiskData) -> tuple[RiskData, dict[str, int]]:
    """Normalise and check `data`; returns it with the ids of its requirements, or raises RuleError."""
    data = data.normalised()
    problems = data.problems()
    ids = _requirement_ids(session=session, codes=data.requirement_codes)
    unknown = ", ".join(code for code in data.requirement_codes if code not in ids)
    if unknown:
        message = f"onbekende eis(en) in de catalogus: {unknown}"
        problems.append(problem("requirement_codes", "unknown_requirements", message, codes=unknown))
    if problems:
        raise RuleError(problems)
    return data, ids


def _columns(data: RiskData) -> dict[str, Any]:
    values = {name: getattr(data, name) for name in DATA_FIELDS}
    for name in ("aspects", "impact_areas", "requirement_codes"):
        values[name] = ",".join(values[name])
    return values


def _link_requirements(*, session: Session, risk: Risk, requirement_ids: Iterable[int]) -> None:
    session.exec(delete(RiskRequirement).where(col(RiskRequirement.risk_id) == id_of(risk)))
    for requirement_id in sorted(set(requirement_ids)):
        session.add(RiskRequirement(risk_id=id_of(risk), requirement_id=requirement_id))


def create_risk(
    *,
    session: Session,
    organisation_id: int,
    data: RiskData,
    actor: Actor,
    note: str = "",
    reference: str | None = None,
    approved_by: Actor | None = None,
) -> RiskSaved:
    """Record a new risk (revision 1); its reference is the next free R-number unless one is given.

    The registered steps (risk/risk_steps.py) may hold it for a second person (then nothing is recorded), and
    follow up after the save (the plan's action)."""
    data, requirement_ids = check(session=session, data=data)
    if reference is None:
        reference = next_reference(session=session, organisation_id=organisation_id)
    elif not REFERENCE.match(reference):
        message = f"referentie '{reference}' heeft niet de vorm R-001"
        raise RuleError(problem("reference", "reference_malformed", message, reference=reference))
    elif reference in risk_references(session=session, organisation_id=organisation_id):
        message = f"referentie {reference} bestaat al"
        raise RuleError(problem("reference", "reference_taken", message, reference=reference))
    decision = held(
        session=session,
        organisation_id=organisation_id,
        risk=None,
        data=data,
        current=None,
        base_revision=0,
        actor=actor,
        approved_by=approved_by,
    )
    if decision is not None:
        return RiskSaved(None, False, decision)
    now = clock.now()
    risk = Risk(
        organisation_id=organisation_id,
        reference=reference,
        revision=1,
        created_at=now,
        changed_at=now,
        **_columns(data),
    )
    session.add(risk)
    session.flush()
    session.add(
        RiskRevision(
            risk_id=id_of(risk),
            number=1,
            changed_at=now,
            changed_by_id=actor.user_id,
            changed_by=actor.name[:254],
            note=note[:500],
            **_columns(data),
        )
    )
    _link_requirements(session=session, risk=risk, requirement_ids=requirement_ids.values())
    _record(
        session=session,
        action="risk.created",
        risk=risk,
        actor=actor,
        changes=changed_fields({}, _columns(data)),
    )
    session.flush()
    return RiskSaved(risk, True, made=after_save(session=session, risk=risk, actor=actor))


def _record(*, session: Session, action: str, risk: Risk, actor: Actor, changes: dict[str, Any]) -> None:
    record_event(
        session=session,
        action=action,
        actor=actor,
        organisation_id=risk.organisation_id,
        subject=risk.reference,
        detail=f"versie {risk.revision}",
        changes=changes,
    )


def update_risk(
    *,
    session: Session,
    risk: Risk,
    data: RiskData,
    expected_revision: int,
    actor: Actor,
    note: str = "",
    approved_by: Actor | None = None,
) -> RiskSaved:
    """Record a new revision of `risk` when `data` differs from its newest one (`changed`), unless a registered
    step holds it for a second person (`held`; risk/risk_steps.py), and follow up after the save.

    StaleEdit (its subject the risk's reference) when the risk changed after revision `expected_revision` was
    loaded; RuleError when `data` breaks a rule. The risk is read again under a row lock (PostgreSQL), so of
    concurrent edits of one revision one wins and the others get StaleEdit; where two still meet on the
    revision number (SQLite takes its lock at the first write), the unique key refuses one: StaleEdit too.
    """
    data, requirement_ids = check(session=session, data=data)
    reference = risk.reference
    session.refresh(risk, with_for_update=True)
    if expected_revision != risk.revision:
        raise StaleEdit(risk.reference, expected_revision, risk.revision)
    current = session.exec(
        select(RiskRevision).where(
            col(RiskRevision.risk_id) == id_of(risk), col(RiskRevision.number) == risk.revision
        )
    ).one()
    if data_of(current) == data:
        return RiskSaved(risk, False)
    decision = held(
        session=session,
        organisation_id=risk.organisation_id,
        risk=risk,
        data=data,
        current=data_of(current),
        base_revision=expected_revision,
        actor=actor,
        approved_by=approved_by,
    )
    if decision is not None:
        return RiskSaved(risk, False, decision)
    now = clock.now()
    number = risk.revision + 1
    session.add(
        RiskRevision(
            risk_id=id_of(risk),
            number=number,
            changed_at=now,
            changed_by_id=actor.user_id,
            changed_by=actor.name[:254],
            note=note[:500],
            **_columns(data),
        )
    )
    for name, value in _columns(data).items():
        setattr(risk, name, value)
    changes = changed_fields(_columns(data_of(current)), _columns(data))
    reference = risk.reference  # a failed flush expires the loaded objects
    risk.revision = number
    risk.changed_at = now
    session.add(risk)
    try:
        session.flush()  # another change took this revision number between our read and write
        _link_requirements(session=session, risk=risk, requirement_ids=requirement_ids.values())
        session.flush()
    except IntegrityError:
        raise StaleEdit(reference, expected_revision, None) from None
    _record(session=session, action="risk.changed", risk=risk, actor=actor, changes=changes)
    return RiskSaved(risk, True, made=after_save(session=session, risk=risk, actor=actor))

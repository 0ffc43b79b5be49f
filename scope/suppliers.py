"""The supplier register: suppliers with their services, contract end, exit strategy and jurisdiction, and the
assurance evidence they deliver (certificates and reports with their date and expiry)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import update
from sqlalchemy.engine import CursorResult
from sqlmodel import Session, col, select

from core import clock
from core.actor import Actor
from core.audit import changed_fields, record_event
from core.dbtypes import id_of
from core.errors import Problem, RuleError, StaleEdit
from scope.models import EvidenceKind, Jurisdiction, Supplier, SupplierEvidence
from scope.rules import MAX_NAME, MAX_TEXT, problem

EXPIRY_WARNING = timedelta(days=60)  # evidence that expires within this period is shown on the dashboard


@dataclass(frozen=True)
class SupplierData:
    name: str
    jurisdiction: str
    services: str = ""
    parent_company: str = ""
    contract_end: date | None = None
    exit_strategy: str = ""

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        if not self.name.strip():
            problems.append(problem("name", "name_required"))
        for field in ("name", "parent_company"):
            if len(getattr(self, field)) > MAX_NAME:
                problems.append(problem(field, "too_long", limit=MAX_NAME))
        for field in ("services", "exit_strategy"):
            if len(getattr(self, field)) > MAX_TEXT:
                problems.append(problem(field, "too_long", limit=MAX_TEXT))
        if self.jurisdiction not in {j.value for j in Jurisdiction}:
            problems.append(problem("jurisdiction", "invalid_value", value=self.jurisdiction))
        return problems


def list_suppliers(*, session: Session, organisation_id: int) -> list[Supplier]:
    query = (
        select(Supplier).where(col(Supplier.organisation_id) == organisation_id).order_by(col(Supplier.name))
    )
    return list(session.exec(query).all())


def get_supplier(*, session: Session, organisation_id: int, supplier_id: int) -> Supplier | None:
    supplier = session.get(Supplier, supplier_id)
    return supplier if supplier is not None and supplier.organisation_id == organisation_id else None


def _data_of(supplier: Supplier) -> dict[str, object]:
    return {name: getattr(supplier, name) for name in SupplierData.__dataclass_fields__}


def supplier_version(supplier: Supplier) -> int:
    """The version of a supplier as a number (its last change in microseconds): what a form or an ETag carries so
    that a change made meanwhile by someone else is refused, not overwritten."""
    moment = supplier.changed_at.replace(tzinfo=None)
    return int(moment.strftime("%Y%m%d%H%M%S%f"))


def _next_change(previous: datetime | None) -> datetime:
    """Now, but always later than the previous change, so every change gives a new version (also on a still clock)."""
    now = clock.now()
    if previous is not None and now.replace(tzinfo=None) <= previous.replace(tzinfo=None):
        return previous + timedelta(microseconds=1)
    return now


def _claim(*, session: Session, supplier: Supplier, expected_version: int) -> None:
    """Take the change of `supplier` at `expected_version`, atomically: a conditional UPDATE that only one of two
    concurrent changes of the same version can make (the other, or a change of an older version, is StaleEdit)."""
    loaded = supplier.changed_at
    if supplier_version(supplier) == expected_version:
        claimed = cast(  # an UPDATE's result is a cursor result, with its rowcount
            "CursorResult[Any]",
            session.execute(
                update(Supplier)
                .where(col(Supplier.id) == supplier.id, col(Supplier.changed_at) == loaded)
                .values(changed_at=_next_change(loaded))
                .execution_options(synchronize_session=False)
            ),
        )
        if claimed.rowcount == 1:
            session.refresh(supplier)
            return
    session.refresh(supplier)
    raise StaleEdit(supplier.name, expected_version, supplier_version(supplier))


def save_supplier(
    *,
    session: Session,
    organisation_id: int,
    data: SupplierData,
    actor: Actor,
    supplier: Supplier | None = None,
    expected_version: int | None = None,
) -> Supplier:
    """Create a supplier, or change `supplier`; the name is unique within the organisation. With
    `expected_version`, a supplier changed since that version is refused (StaleEdit) and nothing is saved."""
    if supplier is not None and expected_version is not None:
        _claim(session=session, supplier=supplier, expected_version=expected_version)
    data = replace(
        data,
        name=data.name.strip(),
        services=data.services.strip(),
        parent_company=data.parent_company.strip(),
        exit_strategy=data.exit_strategy.strip(),
    )
    problems = data.problems()
    clash = session.exec(
        select(Supplier).where(
            col(Supplier.organisation_id) == organisation_id, col(Supplier.name) == data.name
        )
    ).first()
    if clash is not None and clash is not supplier:
        problems.append(problem("name", "supplier_name_taken"))
    if problems:
        raise RuleError(problems)
    before = _data_of(supplier) if supplier is not None else {}
    if supplier is None:
        supplier = Supplier(organisation_id=organisation_id, **asdict(data))
    else:
        for name, value in asdict(data).items():
            setattr(supplier, name, value)
    supplier.changed_at = _next_change(supplier.changed_at if supplier.id is not None else None)
    session.add(supplier)
    session.flush()
    record_event(
        session=session,
        action="scope.supplier_saved",
        actor=actor,
        organisation_id=organisation_id,
        subject=supplier.name,
        changes=changed_fields(before, asdict(data)),
    )
    return supplier


def add_evidence(
    *,
    session: Session,
    supplier: Supplier,
    kind: str,
    issued_on: date,
    expires_on: date | None,
    note: str,
    actor: Actor,
) -> SupplierEvidence:
    problems = []
    if kind not in {k.value for k in EvidenceKind}:
        problems.append(problem("kind", "invalid_value", value=kind))
    if expires_on is not None and expires_on < issued_on:
        problems.append(problem("expires_on", "expiry_before_issue"))
    if problems:
        raise RuleError(problems)
    evidence = SupplierEvidence(
        supplier_id=id_of(supplier),
        kind=kind,
        issued_on=issued_on,
        expires_on=expires_on,
        note=note.strip()[:300],
    )
    session.add(evidence)
    session.flush()
    record_event(
        session=session,
        action="scope.supplier_evidence_added",
        actor=actor,
        organisation_id=supplier.organisation_id,
        subject=supplier.name,
        changes={"kind": (None, kind), "expires_on": (None, expires_on.isoformat() if expires_on else None)},
    )
    return evidence


def evidence_of(*, session: Session, organisation_id: int) -> dict[int, list[SupplierEvidence]]:
    """Every supplier's evidence, newest first, by supplier id (one query)."""
    rows = session.exec(
        select(SupplierEvidence)
        .join(Supplier, col(Supplier.id) == col(SupplierEvidence.supplier_id))
        .where(col(Supplier.organisation_id) == organisation_id)
        .order_by(col(SupplierEvidence.issued_on).desc())
    ).all()
    found: dict[int, list[SupplierEvidence]] = {}
    for evidence in rows:
        found.setdefault(evidence.supplier_id, []).append(evidence)
    return found


def expiring_evidence(
    *, session: Session, organisation_id: int, today: date, within: timedelta = EXPIRY_WARNING
) -> list[tuple[Supplier, SupplierEvidence]]:
    """Evidence expired or expiring within `within`, for which the supplier has no newer one of the same kind."""
    rows = session.exec(
        select(Supplier, SupplierEvidence)
        .join(SupplierEvidence, col(SupplierEvidence.supplier_id) == col(Supplier.id))
        .where(col(Supplier.organisation_id) == organisation_id)
        .order_by(col(SupplierEvidence.issued_on))
    ).all()
    newest: dict[tuple[int, str], tuple[Supplier, SupplierEvidence]] = {}
    for supplier, evidence in rows:
        newest[(evidence.supplier_id, evidence.kind)] = (supplier, evidence)
    due = [
        pair
        for pair in newest.values()
        if pair[1].expires_on is not None and pair[1].expires_on <= today + within
    ]
    return sorted(due, key=lambda pair: (pair[1].expires_on or today, pair[0].name))

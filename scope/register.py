"""The scope register: record processes and information systems as revisions (checked against the rules, the
organisation's processes and suppliers), with their next free reference; read the register and a history."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, fields
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from core import clock
from core.actor import Actor
from core.audit import changed_fields, record_event
from core.dbtypes import id_of
from core.errors import RuleError, StaleEdit
from scope.models import ItemKind, ScopeItem, ScopeItemProcess, ScopeItemRevision, ScopeItemSupplier, Supplier
from scope.rules import ItemData, problem

REFERENCE = re.compile(r"^([PS])-(\d{3,6})$")
PREFIX = {ItemKind.PROCESS.value: "P", ItemKind.SYSTEM.value: "S"}
LISTS = ("information_kinds", "process_refs", "supplier_names")
DATA_FIELDS = tuple(f.name for f in fields(ItemData))


def kind_of_reference(reference: str) -> str | None:
    match = REFERENCE.match(reference)
    if match is None:
        return None
    return ItemKind.PROCESS.value if match.group(1) == "P" else ItemKind.SYSTEM.value


def list_items(*, session: Session, organisation_id: int, kind: str | None = None) -> list[ScopeItem]:
    """The organisation's processes and systems (one query), processes first, by reference."""
    query = select(ScopeItem).where(col(ScopeItem.organisation_id) == organisation_id)
    if kind is not None:
        query = query.where(col(ScopeItem.kind) == kind)
    return list(session.exec(query.order_by(col(ScopeItem.kind), col(ScopeItem.reference))).all())


def get_item(*, session: Session, organisation_id: int, item_id: int) -> ScopeItem | None:
    item = session.get(ScopeItem, item_id)
    return item if item is not None and item.organisation_id == organisation_id else None


def items_by_reference(*, session: Session, organisation_id: int) -> dict[str, ScopeItem]:
    return {item.reference: item for item in list_items(session=session, organisation_id=organisation_id)}


def item_history(*, session: Session, item: ScopeItem) -> list[ScopeItemRevision]:
    return list(
        session.exec(
            select(ScopeItemRevision)
            .where(col(ScopeItemRevision.item_id) == id_of(item))
            .order_by(col(ScopeItemRevision.number).desc())
        ).all()
    )


def data_of(row: ScopeItem | ScopeItemRevision) -> ItemData:
    values: dict[str, Any] = {name: getattr(row, name) for name in DATA_FIELDS}
    for name in LISTS:
        values[name] = tuple(v for v in values[name].split(",") if v)
    return ItemData(**values)


def _columns(data: ItemData) -> dict[str, Any]:
    values = {name: getattr(data, name) for name in DATA_FIELDS}
    for name in LISTS:
        values[name] = ",".join(values[name])
    return values


def next_reference(*, session: Session, organisation_id: int, kind: str) -> str:
    references = session.exec(
        select(col(ScopeItem.reference)).where(
            col(ScopeItem.organisation_id) == organisation_id, col(ScopeItem.kind) == kind
        )
    ).all()
    numbers = [int(m.group(2)) for m in map(REFERENCE.match, references) if m]
    return f"{PREFIX[kind]}-{max(numbers, default=0) + 1:03d}"


def check(
    *, session: Session, organisation_id: int, kind: str, data: ItemData
) -> tuple[ItemData, list[int], list[int]]:
    """Normalise and check `data`; returns it with the ids of its processes and suppliers, or raises RuleError."""
    data = data.normalised(kind)
    problems = data.problems(kind)
    processes = {
        item.reference: id_of(item)
        for item in list_items(session=session, organisation_id=organisation_id, kind=ItemKind.PROCESS.value)
    }
    unknown = [ref for ref in data.process_refs if ref not in processes]
    if unknown:
        problems.append(problem("process_refs", "unknown_processes", references=", ".join(unknown)))
    suppliers = {
        s.name: id_of(s)
        for s in session.exec(select(Supplier).where(col(Supplier.organisation_id) == organisation_id)).all()
    }
    missing = [name for name in data.supplier_names if name not in suppliers]
    if missing:
        problems.append(problem("supplier_names", "unknown_suppliers", names=", ".join(missing)))
    if problems:
        raise RuleError(problems)
    return data, [processes[r] for r in data.process_refs], [suppliers[n] for n in data.supplier_names]


def _link(
    *, session: Session, item: ScopeItem, process_ids: Iterable[int], supplier_ids: Iterable[int]
) -> None:
    session.exec(delete(ScopeItemProcess).where(col(ScopeItemProcess.system_id) == id_of(item)))
    session.exec(delete(ScopeItemSupplier).where(col(ScopeItemSupplier.item_id) == id_of(item)))
    for process_id in sorted(set(process_ids)):
        session.add(ScopeItemProcess(system_id=id_of(item), process_id=process_id))
    for supplier_id in sorted(set(supplier_ids)):
        session.add(ScopeItemSupplier(item_id=id_of(item), supplier_id=supplier_id))


def _revision(item: ScopeItem, data: ItemData, number: int, actor: Actor, note: str) -> ScopeItemRevision:
    return ScopeItemRevision(
        item_id=id_of(item),
        number=number,
        changed_at=item.changed_at,
        changed_by_id=actor.user_id,
        changed_by=actor.name[:254],
        note=note[:500],
        **_columns(data),
    )


def create_item(
    *,
    session: Session,
    organisation_id: int,
    kind: str,
    data: ItemData,
    actor: Actor,
    note: str = "",
    reference: str | None = None,
) -> ScopeItem:
    """Record a new process or system (revision 1); its reference is the next free P- or S-number unless given."""
    data, process_ids, supplier_ids = check(
        session=session, organisation_id=organisation_id, kind=kind, data=data
    )
    if reference is None:
        reference = next_reference(session=session, organisation_id=organisation_id, kind=kind)
    elif kind_of_reference(reference) != kind:
        raise RuleError(problem("reference", "reference_malformed", reference=reference))
    elif reference in items_by_reference(session=session, organisation_id=organisation_id):
        raise RuleError(problem("reference", "reference_taken", reference=reference))
    now = clock.now()
    item = ScopeItem(
        organisation_id=organisation_id,
        kind=kind,
        reference=reference,
        created_at=now,
        changed_at=now,
        **_columns(data),
    )
    session.add(item)
    session.flush()
    session.add(_revision(item, data, 1, actor, note))
    _link(session=session, item=item, process_ids=process_ids, supplier_ids=supplier_ids)
    session.flush()
    record_event(
        session=session,
        action=f"scope.{kind}_created",
        actor=actor,
        organisation_id=organisation_id,
        subject=reference,
        changes=changed_fields({}, asdict(data)),
    )
    return item


def update_item(
    *, session: Session, item: ScopeItem, data: ItemData, expected_revision: int, actor: Actor, note: str = ""
) -> bool:
    """Record a new revision when `data` differs from the newest; True when it did. StaleEdit on an old base."""
    data, process_ids, supplier_ids = check(
        session=session, organisation_id=item.organisation_id, kind=item.kind, data=data
    )
    reference = item.reference
    session.refresh(item, with_for_update=True)  # concurrent edits of one revision: one wins (PostgreSQL)
    if expected_revision != item.revision:
        raise StaleEdit(item.reference, expected_revision, item.revision)
    before = data_of(item)
    if before == data:
        return False
    item.revision += 1
    item.changed_at = clock.now()
    for name, value in _columns(data).items():
        setattr(item, name, value)
    session.add(item)
    session.add(_revision(item, data, item.revision, actor, note))
    try:
        session.flush()  # SQLite locks at the first write: the unique revision number refuses the loser
        _link(session=session, item=item, process_ids=process_ids, supplier_ids=supplier_ids)
        session.flush()
    except IntegrityError:
        raise StaleEdit(reference, expected_revision, None) from None
    record_event(
        session=session,
        action=f"scope.{item.kind}_changed",
        actor=actor,
        organisation_id=item.organisation_id,
        subject=item.reference,
        changes=changed_fields(asdict(before), asdict(data)),
    )
    return True

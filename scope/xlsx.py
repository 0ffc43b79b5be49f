"""The scope register in Excel: one sheet of processes and systems (the column spec `SCOPE_SHEET`, read and
written by `core.tabular`); import all-or-nothing, processes before systems, an untouched export changes nothing."""

from __future__ import annotations

from dataclasses import asdict
from enum import StrEnum
from functools import partial
from typing import TypeVar

from sqlmodel import Session, col, select

from core.actor import Actor
from core.labels import Labels
from core.tabular import (
    DATE,
    Choice,
    Choices,
    Column,
    ImportResult,
    Integer,
    Row,
    SheetSpec,
    TextList,
    Use,
    apply_rows,
    read_sheet,
)
from core.tabular import export as export_sheet
from scope import labels
from scope.models import (
    ClassLevel,
    Hosting,
    InformationKind,
    ItemKind,
    Jurisdiction,
    Outcome,
    ScopeItem,
    Supplier,
)
from scope.register import (
    DATA_FIELDS,
    create_item,
    data_of,
    items_by_reference,
    kind_of_reference,
    list_items,
    update_item,
)
from scope.rules import ItemData, problem

IMPORT_NOTE = "import uit Excel"
E = TypeVar("E", bound=StrEnum)
FIELD = labels.FIELD


def _choice(names: Labels[E], enum: type[E], *, allow_blank: bool = True) -> Choice:
    return Choice(tuple((member.value, names[member]) for member in enum), allow_blank=allow_blank)


YES_NO = Choice(((True, "ja"), (False, "nee")), aliases=(("yes", True), ("no", False)), allow_blank=False)
LEVEL = _choice(labels.LEVEL, ClassLevel)
SCOPE_SHEET = SheetSpec(
    name="Processen en systemen",
    ref="reference",
    freeze="C2",
    help_sheet="Toelichting",
    columns=(
        Column(
            "Referentie",
            11,
            key="reference",
            help="P-001 (proces) of S-001 (systeem). Leeg: een nieuw nummer.",
        ),
        Column(
            "Soort",
            16,
            key="kind",
            type=_choice(labels.KIND, ItemKind, allow_blank=False),
            help="proces of informatiesysteem.",
        ),
        Column("Revisie", 9, key="revision", type=Integer(), use=Use.KEY, help="Revisie bij de export."),
        Column(FIELD["name"], 32, key="name", help="Verplicht, ten hoogste 200 tekens."),
        Column(FIELD["description"], 40, key="description", help="Vrije tekst."),
        Column(FIELD["owner"], 24, key="owner", help="Verplicht: de lijnmanager die eigenaar is."),
        Column(
            FIELD["information_kinds"],
            30,
            key="information_kinds",
            type=Choices(_choice(labels.INFORMATION_KIND, InformationKind)),
            help="Gescheiden door '; ': " + ", ".join(labels.INFORMATION_KIND.messages()),
        ),
        Column(
            FIELD["hosting"],
            22,
            key="hosting",
            type=_choice(labels.HOSTING, Hosting),
            help="Alleen bij systemen.",
        ),
        Column(
            FIELD["jurisdiction"], 16, key="jurisdiction", type=_choice(labels.JURISDICTION, Jurisdiction)
        ),
        Column(
            FIELD["in_scope"],
            10,
            key="in_scope",
            type=YES_NO,
            help="ja of nee: kritisch voor de dienstverlening.",
        ),
        Column(
            FIELD["review_on"], 14, key="review_on", type=DATE, help="Datum van de volgende herbeoordeling."
        ),
        Column(
            FIELD["process_refs"],
            20,
            key="process_refs",
            type=TextList(),
            help="Referenties van processen, bv. P-001; P-004.",
        ),
        Column(
            FIELD["supplier_names"],
            24,
            key="supplier_names",
            type=TextList(),
            help="Namen uit het leveranciersregister.",
        ),
        Column(
            "B",
            8,
            key="availability",
            type=LEVEL,
            use=Use.SHOWN,
            help="Quickscan: beschikbaarheid (alleen-lezen).",
        ),
        Column(
            "I", 8, key="integrity", type=LEVEL, use=Use.SHOWN, help="Quickscan: integriteit (alleen-lezen)."
        ),
        Column(
            "V",
            8,
            key="confidentiality",
            type=LEVEL,
            use=Use.SHOWN,
            help="Quickscan: vertrouwelijkheid (alleen-lezen).",
        ),
        Column(
            "Uitkomst quickscan",
            28,
            key="outcome",
            type=_choice(labels.OUTCOME, Outcome),
            use=Use.SHOWN,
            help="Alleen-lezen.",
        ),
    ),
)


def export_items(*, session: Session, organisation_id: int) -> bytes:
    """The organisation's processes and systems as an XLSX file."""
    return export_sheet(
        SCOPE_SHEET,
        (
            {"reference": item.reference, "kind": item.kind, "revision": item.revision}
            | asdict(data_of(item))
            | {a: getattr(item, a) for a in ("availability", "integrity", "confidentiality", "outcome")}
            for item in list_items(session=session, organisation_id=organisation_id)
        ),
    )


def _kind(row: Row) -> str:
    return kind_of_reference(row.ref) or str(row.values.get("kind") or "")


def _data(row: Row) -> ItemData | None:
    if row.ref and kind_of_reference(row.ref) is None:
        row.problem("scope.reference_malformed", "reference", reference=row.ref)
    elif row.ref and row.values.get("kind") and kind_of_reference(row.ref) != row.values["kind"]:
        row.problem("scope.kind_mismatch", "kind", reference=row.ref)
    if row.problems:
        return None
    data = ItemData(**{name: row.values[name] for name in DATA_FIELDS}).normalised(_kind(row))
    row.problems.extend(p.at(row=row.number, ref=row.ref) for p in data.problems(_kind(row)))
    return data


def _check(
    *,
    session: Session,
    organisation_id: int,
    rows: list[tuple[Row, ItemData | None]],
    heads: dict[str, ScopeItem],
) -> None:
    processes = {ref for ref, item in heads.items() if item.kind == ItemKind.PROCESS.value}
    processes |= {
        row.ref for row, _data in rows if row.ref and kind_of_reference(row.ref) == ItemKind.PROCESS.value
    }
    suppliers = set(
        session.exec(select(col(Supplier.name)).where(col(Supplier.organisation_id) == organisation_id)).all()
    )
    for row, data in rows:
        if data is None:
            continue
        unknown = [ref for ref in data.process_refs if ref not in processes]
        if unknown:
            row.problems.append(
                problem("process_refs", "unknown_processes", references=", ".join(unknown)).at(
                    row=row.number, ref=row.ref
                )
            )
        missing = [name for name in data.supplier_names if name not in suppliers]
        if missing:
            row.problems.append(
                problem("supplier_names", "unknown_suppliers", names=", ".join(missing)).at(
                    row=row.number, ref=row.ref
                )
            )
        item = heads.get(row.ref)
        revision = row.values.get("revision")
        if item is not None and revision is not None and revision != item.revision:
            row.stale(revision, item.revision)


def import_items(
    *, session: Session, organisation_id: int, source: bytes, dry_run: bool = False, actor: Actor
) -> ImportResult:
    """Create and update processes and systems from a sheet. RuleError lists every problem, and then nothing is
    written; StaleEdit when an item changed between the check and the save. A dry run saves too, in a savepoint
    it rolls back (`core.tabular.apply_rows`): it names a new row by the reference it would get."""
    rows = [(row, _data(row)) for row in read_sheet(source, SCOPE_SHEET)]
    heads = items_by_reference(session=session, organisation_id=organisation_id)
    _check(session=session, organisation_id=organisation_id, rows=rows, heads=heads)
    save = partial(_apply, session=session, organisation_id=organisation_id, heads=heads, actor=actor)
    # Processes first: systems name them.
    return apply_rows(SCOPE_SHEET, rows, save, session=session, dry_run=dry_run, group=_systems_last)


def _systems_last(row: Row) -> int:
    return 0 if _kind(row) == ItemKind.PROCESS.value else 1


def _apply(
    row: Row,
    data: ItemData,
    result: ImportResult,
    *,
    session: Session,
    organisation_id: int,
    heads: dict[str, ScopeItem],
    actor: Actor,
) -> None:
    """Save one checked row (or leave it alone when it equals the current revision) and count it."""
    item = heads.get(row.ref)
    if item is None:
        created = create_item(
            session=session,
            organisation_id=organisation_id,
            kind=_kind(row),
            data=data,
            actor=actor,
            note=IMPORT_NOTE,
            reference=row.ref or None,
        )
        result.add_created(row, created.reference)
        return
    before = data_of(item)
    if before == data:
        result.unchanged.append(item.reference)
        return
    update_item(
        session=session,
        item=item,
        data=data,
        expected_revision=row.values.get("revision") or item.revision,
        actor=actor,
        note=IMPORT_NOTE,
    )
    result.add_updated(row, item.reference, SCOPE_SHEET.changed(asdict(before), asdict(data)))

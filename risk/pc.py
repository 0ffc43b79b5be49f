"""P&C moments and their snapshots: the register and the weerstandsvermogen frozen for a P&C document.

A snapshot is taken once per moment and never changes (the database refuses it); a later state of the register
belongs to the next moment. A snapshot shows only what it stores, so it reads the same in ten years."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.actor import Actor
from core.audit import changed_fields
from core.dbtypes import id_of
from core.errors import Problem, RuleError
from risk.capacity import METHODS, convention_of_method, required_capacity
from risk.conventions import DEFAULT_SCENARIOS, ImpactConvention
from risk.heatmap import Cell, Kind, heatmap_counts, risk_cell
from risk.matrix import Matrix, matrix_for
from risk.models import MomentKind, PCMoment, PCSnapshot
from risk.pc_events import moment_fields, record_moment, record_snapshot
from risk.reading import Change, RiskState, differences, list_risks, open_risks, reference_number

MAX_CAPACITY = 10**13
MIN_YEAR, MAX_YEAR = 2000, 2100
MOMENT_ORDER = {kind.value: number for number, kind in enumerate(MomentKind)}


def problem(field: str, code: str, message: str, **params: object) -> Problem:
    """A broken rule of the P&C cycle: `pc.<code>` about `field` ("" for the whole)."""
    return Problem(f"pc.{code}", params, field, message=message)


def _moment_problems(kind: str, year: int, moment_on: date | None, available_capacity: int) -> list[Problem]:
    found = []
    if kind not in MOMENT_ORDER:
        found.append(problem("kind", "unknown_kind", "onbekend soort P&C-document", value=kind))
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        message = f"jaar moet tussen {MIN_YEAR} en {MAX_YEAR} liggen"
        found.append(problem("year", "year_out_of_range", message, min=MIN_YEAR, max=MAX_YEAR))
    if moment_on is None:
        found.append(problem("moment_on", "moment_on_required", "peildatum ontbreekt"))
    if not isinstance(available_capacity, int) or not 0 <= available_capacity <= MAX_CAPACITY:
        message = "beschikbare weerstandscapaciteit is een heel bedrag in euro's van 0 of meer"
        found.append(problem("available_capacity", "capacity_out_of_range", message, min=0, max=MAX_CAPACITY))
    return found


def _exists() -> Problem:
    return problem("", "moment_exists", "dit P&C-moment (soort, jaar en peildatum) bestaat al")


def _duplicate(
    *,
    session: Session,
    organisation_id: int,
    kind: str,
    year: int,
    moment_on: date,
    own_id: int | None = None,
) -> bool:
    query = select(col(PCMoment.id)).where(
        col(PCMoment.organisation_id) == organisation_id,
        col(PCMoment.kind) == kind,
        col(PCMoment.year) == year,
        col(PCMoment.moment_on) == moment_on,
    )
    return any(found != own_id for found in session.exec(query).all())


def create_moment(
    *,
    session: Session,
    organisation_id: int,
    kind: str,
    year: int,
    moment_on: date,
    available_capacity: int,
    actor: Actor,
    note: str = "",
) -> PCMoment:
    problems = _moment_problems(kind, year, moment_on, available_capacity)
    if not problems and _duplicate(
        session=session, organisation_id=organisation_id, kind=kind, year=year, moment_on=moment_on
    ):
        problems.append(_exists())
    if problems:
        raise RuleError(problems)
    moment = PCMoment(
        organisation_id=organisation_id,
        kind=kind,
        year=year,
        moment_on=moment_on,
        available_capacity=available_capacity,
        note=note.strip()[:500],
        created_by_id=actor.user_id,
    )
    session.add(moment)
    session.flush()
    record_moment(session=session, action="pc.moment_created", moment=moment, actor=actor, before={})
    return moment


def update_moment(
    *,
    session: Session,
    moment: PCMoment,
    kind: str,
    year: int,
    moment_on: date,
    available_capacity: int,
    note: str = "",
    actor: Actor | None = None,
) -> PCMoment:
    """Correct a moment before its snapshot; after it, the moment is part of what was published."""
    if snapshot_of(session=session, moment=moment) is not None:
        raise RuleError.one(
            "pc.moment_frozen", "dit P&C-moment heeft al een momentopname en verandert niet meer"
        )
    problems = _moment_problems(kind, year, moment_on, available_capacity)
    if not problems and _duplicate(
        session=session,
        organisation_id=moment.organisation_id,
        kind=kind,
        year=year,
        moment_on=moment_on,
        own_id=moment.id,
    ):
        problems.append(_exists())
    if problems:
        raise RuleError(problems)
    before = moment_fields(moment)
    moment.kind, moment.year, moment.moment_on = kind, year, moment_on
    moment.available_capacity, moment.note = available_capacity, note.strip()[:500]
    session.add(moment)
    if changed_fields(before, moment_fields(moment)):
        record_moment(session=session, action="pc.moment_changed", moment=moment, actor=actor, before=before)
    session.flush()
    return moment


def get_moment(*, session: Session, organisation_id: int, moment_id: int) -> PCMoment | None:
    """The moment with this id, if it belongs to the organisation."""
    return session.exec(
        select(PCMoment).where(
            col(PCMoment.id) == moment_id, col(PCMoment.organisation_id) == organisation_id
        )
    ).first()


def list_moments(*, session: Session, organisation_id: int) -> list[tuple[PCMoment, PCSnapshot | None]]:
    """Every moment with its snapshot (or None), in the order of their reference dates. One query."""
    rows = session.exec(
        select(PCMoment, PCSnapshot)
        .outerjoin(PCSnapshot, col(PCSnapshot.moment_id) == col(PCMoment.id))
        .where(col(PCMoment.organisation_id) == organisation_id)
    ).all()
    return sorted(rows, key=lambda row: (row[0].moment_on, MOMENT_ORDER[row[0].kind], row[0].id))


def snapshot_of(*, session: Session, moment: PCMoment) -> PCSnapshot | None:
    return session.exec(select(PCSnapshot).where(col(PCSnapshot.moment_id) == id_of(moment))).first()


def _canonical(content: dict[str, Any]) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _sealed_content(snapshot: PCSnapshot, moment: PCMoment) -> dict[str, Any]:
    """What the snapshot's SHA-256 covers: moment, method and inputs, the figures, register and matrix."""
    return {
        "moment": {"kind": moment.kind, "year": moment.year, "moment_on": moment.moment_on.isoformat()},
        "method": snapshot.method,
        "seed": snapshot.seed,
        "scenarios": snapshot.scenarios,
        "certainty": snapshot.certainty,
        "available_capacity": snapshot.available_capacity,
        "required_capacity": snapshot.required_capacity,
        "ratio": snapshot.ratio,
        "rating": snapshot.rating,
        "register": json.loads(snapshot.register_json),
        "matrix": json.loads(snapshot.matrix_json),
    }


def exposures_of(states: list[RiskState]) -> list[tuple[float, int, int, int]]:
    """The financial estimates of the open risks that have one: the input of the simulation."""
    return [state.exposure for state in open_risks(states) if state.exposure is not None]


def take_snapshot(
    *,
    session: Session,
    moment: PCMoment,
    actor: Actor,
    seed: int | None = None,
    scenarios: int = DEFAULT_SCENARIOS,
    certainty: float | None = None,
) -> PCSnapshot:
    """Freeze the register now and compute the information-security risks' required capacity for the moment
    (certainty: the organisation's setting unless given; the impact convention: the setting, named by the
    stored method; seed: a fresh random one unless given). Refused when the moment already has a snapshot.
    The ratio and rating are no longer stored: they need the begroting's totals (risk.weerstand)."""
    if snapshot_of(session=session, moment=moment) is not None:
        raise _snapshot_exists()
    matrix = matrix_for(session=session, organisation_id=moment.organisation_id)
    certainty = matrix.certainty if certainty is None else certainty
    seed = secrets.randbelow(2**31) if seed is None else seed
    states = list_risks(session=session, organisation_id=moment.organisation_id)
    exposures = exposures_of(states)
    convention = ImpactConvention(matrix.impact_convention)
    required = required_capacity(
        exposures, scenarios=scenarios, certainty=certainty, seed=seed, convention=convention
    )
    snapshot = PCSnapshot(
        moment_id=id_of(moment),
        organisation_id=moment.organisation_id,
        taken_by_id=actor.user_id,
        taken_by=actor.name[:254],
        method=METHODS[convention],
        seed=seed,
        scenarios=scenarios,
        certainty=certainty,
        available_capacity=moment.available_capacity,
        required_capacity=required,
        ratio=None,
        rating=None,
        risk_count=len(states),
        exposure_count=len(exposures),
        register_json=json.dumps([state.to_dict() for state in states], ensure_ascii=False),
        matrix_json=json.dumps(matrix.to_dict(), ensure_ascii=False),
        sha256="",
    )
    snapshot.sha256 = hashlib.sha256(_canonical(_sealed_content(snapshot, moment))).hexdigest()
    session.add(snapshot)
    try:
        session.flush()
    except IntegrityError:  # taken at the same time by someone else
        raise _snapshot_exists() from None
    record_snapshot(session=session, moment=moment, snapshot=snapshot, actor=actor)
    session.flush()
    return snapshot


def _snapshot_exists() -> RuleError:
    message = "dit P&C-moment heeft al een momentopname; maak een nieuw moment voor een latere stand"
    return RuleError.one("pc.snapshot_exists", message)


@dataclass(frozen=True)
class SnapshotView:
    """A snapshot read back: its moment, the frozen risks and matrix, and the heatmaps computed from them."""

    moment: PCMoment
    snapshot: PCSnapshot
    risks: list[RiskState]
    matrix: Matrix

    @property
    def inherent_counts(self) -> dict[Cell, int]:
        return heatmap_counts(self.risks, Kind.INHERENT)

    @property
    def residual_counts(self) -> dict[Cell, int]:
        return heatmap_counts(self.risks, Kind.RESIDUAL)

    @property
    def content(self) -> dict[str, Any]:
        """What the snapshot's SHA-256 covers (moment, method and inputs, figures, register, matrix)."""
        return _sealed_content(self.snapshot, self.moment)

    @property
    def intact(self) -> bool:
        """True when the stored content still has the SHA-256 taken with it."""
        digest = hashlib.sha256(_canonical(self.content)).hexdigest()
        return digest == self.snapshot.sha256


def snapshot_view(moment: PCMoment, snapshot: PCSnapshot) -> SnapshotView:
    return SnapshotView(
        moment=moment,
        snapshot=snapshot,
        risks=[RiskState.from_dict(row) for row in json.loads(snapshot.register_json)],
        matrix=Matrix.from_dict(json.loads(snapshot.matrix_json)),
    )


def reproduce_required_capacity(view: SnapshotView) -> float:
    """Compute the required capacity again from what the snapshot stores (same method, inputs and seed)."""
    convention = convention_of_method(view.snapshot.method)
    if convention is None:
        current = ", ".join(METHODS.values())
        raise RuleError.one(
            "pc.other_method",
            f"methode {view.snapshot.method} is niet die van deze versie ({current})",
            method=view.snapshot.method,
            current=current,
        )
    return required_capacity(
        exposures_of(view.risks),
        scenarios=view.snapshot.scenarios,
        certainty=view.snapshot.certainty,
        seed=view.snapshot.seed,
        convention=convention,
    )


def capacity_history(*, session: Session, organisation_id: int) -> list[tuple[PCMoment, PCSnapshot]]:
    """The moments that have a snapshot, oldest first: the weerstandsvermogen over the P&C cycle."""
    moments = list_moments(session=session, organisation_id=organisation_id)
    return [(moment, snapshot) for moment, snapshot in moments if snapshot is not None]


@dataclass(frozen=True)
class Movement:
    reference: str
    title: str
    kind: Kind
    before: Cell
    after: Cell


@dataclass(frozen=True)
class ChangedRisk:
    before: RiskState
    after: RiskState
    changes: list[Change]


@dataclass(frozen=True)
class Comparison:
    earlier: SnapshotView
    later: SnapshotView
    new: list[RiskState]
    closed: list[RiskState]  # as they stood in the later snapshot, or in the earlier one when gone since
    changed: list[ChangedRisk]
    unchanged: int
    movements: list[Movement]

    def cell_change(self, kind: Kind | str) -> dict[Cell, tuple[int, int]]:
        """Per cell: (count in the earlier snapshot, count in the later one)."""
        before = heatmap_counts(self.earlier.risks, kind)
        after = heatmap_counts(self.later.risks, kind)
        return {cell: (before[cell], after[cell]) for cell in before}


def _by_reference(states: list[RiskState]) -> dict[str, RiskState]:
    return {state.reference: state for state in states}


def _sorted(states: Iterable[RiskState]) -> list[RiskState]:
    return sorted(states, key=lambda s: reference_number(s.reference))


def compare_snapshots(earlier: SnapshotView, later: SnapshotView) -> Comparison:
    """What changed between two P&C moments: new, closed and changed risks, and moves across the heatmaps."""
    before, after = _by_reference(earlier.risks), _by_reference(later.risks)
    new = [s for ref, s in after.items() if ref not in before and not s.is_closed]
    closed = [
        after.get(ref, state)
        for ref, state in before.items()
        if not state.is_closed and (ref not in after or after[ref].is_closed)
    ]
    changed, unchanged, movements = [], 0, []
    for ref, old in before.items():
        current = after.get(ref)
        if current is None or current.is_closed or old.is_closed:
            continue
        changes = differences(old.data, current.data)
        if changes:
            changed.append(ChangedRisk(old, current, changes))
        else:
            unchanged += 1
        for kind in Kind:
            if risk_cell(old, kind) != risk_cell(current, kind):
                movements.append(
                    Movement(ref, current.title, kind, risk_cell(old, kind), risk_cell(current, kind))
                )
    return Comparison(
        earlier=earlier,
        later=later,
        new=_sorted(new),
        closed=_sorted(closed),
        changed=sorted(changed, key=lambda c: reference_number(c.after.reference)),
        unchanged=unchanged,
        movements=sorted(movements, key=lambda m: (reference_number(m.reference), m.kind != Kind.INHERENT)),
    )

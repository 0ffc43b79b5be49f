"""P&C moments and their snapshots (read), and taking a moment's snapshot, through risk.pc as the pages.
The snapshot's frozen register comes along, so a dashboard can show what the figures were computed from."""

from __future__ import annotations

from datetime import date

from app.api.auth import api_view, token_actor
from app.api.base import bp
from app.api.conventions import ApiModel, Moment, etag, resource_headers
from app.api.problem import ApiProblem
from app.api.risks import RiskFieldsOut
from app.api.spec import responses, spec
from app.db import get_session
from app.risks import problems  # noqa: F401 - words the pc.* codes
from app.security import Permission
from core.models import Organisation
from risk.capacity import convention_of_method
from risk.models import PCMoment, PCSnapshot
from risk.pc import get_moment, list_moments, snapshot_of, snapshot_view, take_snapshot


class SnapshotOut(ApiModel):
    taken_at: Moment
    taken_by: str
    method: str
    seed: int
    scenarios: int
    certainty: float
    available_capacity: int
    required_capacity: float  # of the information-security risks alone, at `certainty`, under the convention
    impact_convention: str | None  # named by the method (null: a method this version does not know)
    risk_count: int
    exposure_count: int
    sha256: str


class MomentOut(ApiModel):
    id: int
    kind: str
    year: int
    moment_on: date
    available_capacity: int
    note: str
    created_at: Moment
    snapshot: SnapshotOut | None


class MomentList(ApiModel):
    total: int
    items: list[MomentOut]


class FrozenRisk(RiskFieldsOut):
    risk_id: int
    reference: str
    revision: int
    changed_at: Moment
    changed_by: str


class SnapshotDetail(SnapshotOut):
    moment_id: int
    intact: bool
    risks: list[FrozenRisk]


def moment_out(moment: PCMoment, snapshot: PCSnapshot | None) -> MomentOut:
    return MomentOut(
        id=moment.id,
        kind=moment.kind,
        year=moment.year,
        moment_on=moment.moment_on,
        available_capacity=moment.available_capacity,
        note=moment.note,
        created_at=moment.created_at,
        snapshot=snapshot_out(snapshot) if snapshot else None,
    )


def snapshot_out(snapshot: PCSnapshot) -> SnapshotOut:
    """The snapshot's figures; the ratio it stored before the begroting's totals were asked is never shown."""
    convention = convention_of_method(snapshot.method)
    return SnapshotOut(
        **{name: getattr(snapshot, name) for name in SnapshotOut.model_fields if name != "impact_convention"},
        impact_convention=convention.value if convention else None,
    )


def _moment(organisation: Organisation, moment_id: int) -> PCMoment:
    found = get_moment(session=get_session(), organisation_id=organisation.id, moment_id=moment_id)
    if found is None:
        raise ApiProblem(404)
    return found


@bp.get("/organisations/<slug>/pc-moments")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(MomentList), tags=["pc"], operation_id="list_pc_moments")
def moments(organisation: Organisation):
    """The organisation's P&C moments, each with its snapshot's figures (null before it is taken)."""
    rows = list_moments(session=get_session(), organisation_id=organisation.id)
    return MomentList(total=len(rows), items=[moment_out(moment, snapshot) for moment, snapshot in rows])


@bp.get("/organisations/<slug>/pc-moments/<int:moment_id>")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(MomentOut), tags=["pc"], operation_id="get_pc_moment")
def moment(organisation: Organisation, moment_id: int):
    found = _moment(organisation, moment_id)
    snapshot = snapshot_of(session=get_session(), moment=found)
    headers = {"ETag": etag("pc-moment", found.id, 1 if snapshot else 0)}
    return moment_out(found, snapshot), 200, headers


def _snapshot_detail(found: PCMoment, snapshot: PCSnapshot) -> SnapshotDetail:
    view = snapshot_view(found, snapshot)
    risks = [FrozenRisk(**state.to_dict()) for state in view.risks]
    return SnapshotDetail(
        **snapshot_out(snapshot).model_dump(),
        moment_id=found.id,
        intact=view.intact,
        risks=risks,
    )


@bp.get("/organisations/<slug>/pc-moments/<int:moment_id>/snapshot")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(SnapshotDetail), tags=["pc"], operation_id="get_pc_snapshot")
def snapshot(organisation: Organisation, moment_id: int):
    """The moment's snapshot with the frozen register; 404 before it is taken."""
    found = _moment(organisation, moment_id)
    taken = snapshot_of(session=get_session(), moment=found)
    if taken is None:
        raise ApiProblem(404)
    return _snapshot_detail(found, taken), 200, {"ETag": etag("pc-snapshot", found.id, 1)}


@bp.post("/organisations/<slug>/pc-moments/<int:moment_id>/snapshot")
@api_view(Permission.EDIT)
@spec.validate(
    resp=responses(SnapshotDetail, status=201, errors=(422,)), tags=["pc"], operation_id="take_pc_snapshot"
)
def take(organisation: Organisation, moment_id: int):
    """Freeze the register for the moment and compute its weerstandsvermogen (once: 422 when it has one)."""
    found = _moment(organisation, moment_id)
    db = get_session()
    taken = take_snapshot(session=db, moment=found, actor=token_actor())
    db.commit()
    tag = etag("pc-snapshot", found.id, 1)
    headers = resource_headers(tag, 201, "api.snapshot", slug=organisation.slug, moment_id=found.id)
    return _snapshot_detail(found, taken), 201, headers

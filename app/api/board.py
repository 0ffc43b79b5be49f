"""The board training register (Cbw art. 24): the serving board members with their trainings and state, adding
a member and recording a training; through incidents.board, as the pages."""

from __future__ import annotations

from datetime import date

from pydantic import Field, field_validator

from app.api.auth import api_view, token_actor
from app.api.base import bp
from app.api.conventions import ApiInput, ApiModel, Moment, Page, PageQuery, paged, resource_headers
from app.api.problem import ApiProblem
from app.api.spec import responses, spec
from app.db import get_session
from app.incidents import problems  # noqa: F401 - words the board.* codes
from app.security import Permission
from core import clock
from core.models import Organisation
from incidents.board import MemberStatus, add_member, board_register, record_training, valid_until
from incidents.models import BoardTraining

EARLIEST, LATEST = 1970, 2100


def _in_range(value: date | None) -> date | None:
    if value is not None and not EARLIEST <= value.year <= LATEST:
        raise ValueError(f"a date between {EARLIEST} and {LATEST}")
    return value


class MemberIn(ApiInput):
    name: str = Field(max_length=200)
    position: str = Field("", max_length=200, description="burgemeester, wethouder, ...")
    joined_on: date = Field(description="in office since: the first certificate is due two years later")

    _dates = field_validator("joined_on")(_in_range)


class TrainingIn(ApiInput):
    course: str = Field(min_length=1, max_length=200)
    trained_on: date
    certificate_on: date | None = None
    certificate_valid_until: date | None = Field(
        None, description="without it: two years from the certificate"
    )

    _dates = field_validator("trained_on", "certificate_on", "certificate_valid_until")(_in_range)


class TrainingOut(ApiModel):
    id: int
    course: str
    trained_on: date
    certificate_on: date | None
    certificate_valid_until: date | None
    valid_until: date | None = Field(
        description="the certificate's validity as counted (null: no certificate)"
    )
    recorded_at: Moment
    recorded_by: str


class MemberOut(ApiModel):
    id: int
    name: str
    position: str
    joined_on: date
    state: str = Field(description="current, due (within the two years), overdue or expired (renewal needed)")
    deadline: date = Field(description="when the (next) certificate is needed")
    trainings: list[TrainingOut]


class MemberPage(Page):
    items: list[MemberOut]


class TrainingList(ApiModel):
    total: int
    items: list[TrainingOut]


def _training_out(training: BoardTraining) -> TrainingOut:
    return TrainingOut(
        id=training.id,
        course=training.course,
        trained_on=training.trained_on,
        certificate_on=training.certificate_on,
        certificate_valid_until=training.certificate_valid_until,
        valid_until=valid_until(training),
        recorded_at=training.recorded_at,
        recorded_by=training.recorded_by,
    )


def member_out(status: MemberStatus) -> MemberOut:
    member = status.member
    return MemberOut(
        id=member.id,
        name=member.name,
        position=member.position,
        joined_on=member.joined_on,
        state=status.state.value,
        deadline=status.deadline,
        trainings=[_training_out(t) for t in status.trainings],
    )


def _register(organisation: Organisation) -> list[MemberStatus]:
    return board_register(session=get_session(), organisation_id=organisation.id, today=clock.today())


def _member(organisation: Organisation, member_id: int, status: int = 200):
    found = next((s for s in _register(organisation) if s.member.id == member_id), None)
    if found is None:
        raise ApiProblem(404)
    headers = resource_headers(
        None, status, "api.get_board_member", slug=organisation.slug, member_id=member_id
    )
    return member_out(found), status, headers


@bp.get("/organisations/<slug>/board/members")
@api_view(Permission.VIEW)
@spec.validate(query=PageQuery, resp=responses(MemberPage), tags=["board"], operation_id="list_board_members")
def list_members(organisation: Organisation, query: PageQuery):
    """The serving board members by name, each with the trainings followed and the state of the duty."""
    return paged(MemberPage, _register(organisation), query, member_out)


@bp.get("/organisations/<slug>/board/members/<int:member_id>")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(MemberOut), tags=["board"], operation_id="get_board_member")
def get_board_member(organisation: Organisation, member_id: int):
    """One serving board member with the trainings followed."""
    return _member(organisation, member_id)


@bp.post("/organisations/<slug>/board/members")
@api_view(Permission.EDIT)
@spec.validate(
    json=MemberIn,
    resp=responses(MemberOut, status=201, errors=(422,)),
    tags=["board"],
    operation_id="add_board_member",
)
def new_member(organisation: Organisation, json: MemberIn):
    """Add a member of the board (for a gemeente: the college van B&W, Cbw art. 24 lid 12)."""
    db = get_session()
    member = add_member(
        session=db,
        organisation_id=organisation.id,
        name=json.name,
        position=json.position,
        joined_on=json.joined_on,
        actor=token_actor(),
    )
    db.commit()
    return _member(organisation, member.id, status=201)


@bp.get("/organisations/<slug>/board/members/<int:member_id>/trainings")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(TrainingList), tags=["board"], operation_id="list_board_trainings")
def list_trainings(organisation: Organisation, member_id: int):
    """The trainings a member followed, oldest first."""
    member, _status, _headers = _member(organisation, member_id)
    return TrainingList(total=len(member.trainings), items=member.trainings)


@bp.post("/organisations/<slug>/board/members/<int:member_id>/trainings")
@api_view(Permission.EDIT)
@spec.validate(
    json=TrainingIn,
    resp=responses(MemberOut, status=201, errors=(422,)),
    tags=["board"],
    operation_id="record_board_training",
)
def new_training(organisation: Organisation, member_id: int, json: TrainingIn):
    """Record a training (append-only) with its certificate; answers the member with its new state."""
    _member(organisation, member_id)  # 404 for a member of another organisation or one who left
    db = get_session()
    record_training(
        session=db,
        organisation_id=organisation.id,
        member_id=member_id,
        course=json.course,
        trained_on=json.trained_on,
        certificate_on=json.certificate_on,
        certificate_valid_until=json.certificate_valid_until,
        today=clock.today(),
        actor=token_actor(),
    )
    db.commit()
    return _member(organisation, member_id, status=201)

"""The Cbw incident register: incidents with their deadlines (ISO 8601 with offset, and the time left), one with
its revisions, recording and changing one (If-Match), the messages sent (list, record one) and the draft
messages as PDF; through incidents.register and reports.incidents, as the pages."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from pydantic import AwareDatetime, Field, field_validator

from app.api.auth import api_view, token_actor
from app.api.base import bp
from app.api.conventions import (
    ApiInput,
    ApiModel,
    Moment,
    Page,
    PageQuery,
    etag,
    paged,
    required_revision,
    resource_headers,
)
from app.api.problem import ApiProblem
from app.api.spec import CHANGE_ERRORS, responses, spec
from app.db import get_session
from app.incidents import problems  # noqa: F401 - words the incident.* codes
from app.security import Permission
from core import clock
from core.models import Organisation
from incidents.clocks import Deadline
from incidents.models import Incident, IncidentRevision, IncidentStatus, MessageKind, Recipient
from incidents.register import (
    IncidentState,
    create_incident,
    data_of,
    history_of,
    list_incidents,
    state_of,
    update_incident,
)
from incidents.register import (
    get_incident as incident_lookup,
)
from incidents.rules import MAX_TEXT, IncidentData

Text = Field("", max_length=MAX_TEXT)
EARLIEST, LATEST = 1970, 2100


def _in_range(value: datetime | None) -> datetime | None:
    if value is not None and not EARLIEST <= value.year <= LATEST:
        raise ValueError(f"a moment between {EARLIEST} and {LATEST}")
    return value


class IncidentIn(ApiInput):
    """What is recorded about an incident: the fields and rules of the incident form. Moments carry their
    offset (2026-03-05T09:33:00+01:00)."""

    title: str = Field(max_length=200)
    aware_at: AwareDatetime = Field(description="when the organisation became aware: every clock starts here")
    description: str = Text
    affected: str = Text
    occurred_at: AwareDatetime | None = None
    significant: bool = False
    thresholds: list[str] = Field(
        default_factory=list, max_length=10, description="codes of the thresholds met"
    )
    significance_reason: str = Text
    suspected_malicious: bool | None = None
    cross_border: bool | None = None
    assessment: str = Text
    indicators: str = Text
    root_cause: str = Text
    mitigation: str = Text
    status: IncidentStatus = IncidentStatus.ONGOING
    handled_at: AwareDatetime | None = None
    lessons: str = Text
    links: list[str] = Field(
        default_factory=list, max_length=100, description='"kind:reference", e.g. "risk:R-014"'
    )
    note: str = Field("", max_length=500, description="why this revision (kept with it)")

    _moments = field_validator("aware_at", "occurred_at", "handled_at")(_in_range)

    @field_validator("thresholds", "links")
    @classmethod
    def _short(cls, value: list[str]) -> list[str]:
        if any(len(item) > 100 for item in value):
            raise ValueError("at most 100 characters each")
        return value

    def data(self) -> IncidentData:
        values = self.model_dump(exclude={"note"})
        values["thresholds"], values["links"] = tuple(self.thresholds), tuple(self.links)
        values["status"] = self.status.value
        return IncidentData(**values)


class IncidentFieldsOut(ApiModel):
    title: str
    aware_at: Moment
    description: str
    affected: str
    occurred_at: Moment | None
    significant: bool
    thresholds: list[str]
    significance_reason: str
    suspected_malicious: bool | None
    cross_border: bool | None
    assessment: str
    indicators: str
    root_cause: str
    mitigation: str
    status: str
    handled_at: Moment | None
    lessons: str
    links: list[str]


class DeadlineOut(ApiModel):
    kind: str = Field(description="the message due: early_warning, notification, progress or final")
    due_at: Moment
    state: Literal["open", "overdue", "met", "late"]
    met_at: Moment | None = Field(
        description="when the messages had reached both the CSIRT and the authority"
    )
    reached: list[str] = Field(description="whom the messages that meet it reached so far")
    provisional: bool = Field(
        description="counted from a deadline, as the message it counts from is not sent"
    )
    seconds_left: int | None = Field(description="until the deadline, negative when past; null once met")
    time_left: str | None = Field(description="the same as an ISO 8601 duration (-PT3H0M0S when past)")


class IncidentOut(IncidentFieldsOut):
    id: int
    reference: str
    number: int
    revision: int
    created_at: Moment
    changed_at: Moment
    deadlines: list[DeadlineOut]


class IncidentRevisionOut(IncidentFieldsOut):
    number: int
    changed_at: Moment
    changed_by: str
    note: str


class MessageOut(ApiModel):
    id: int
    kind: str
    recipient: str
    sent_at: Moment
    content: str
    portal_reference: str
    recorded_at: Moment
    recorded_by: str


class IncidentDetail(IncidentOut):
    messages: list[MessageOut]
    revisions: list[IncidentRevisionOut]


class IncidentPage(Page):
    items: list[IncidentOut]


class IncidentRevisionList(ApiModel):
    total: int
    items: list[IncidentRevisionOut]


class MessagePage(Page):
    items: list[MessageOut]


class IncidentQuery(PageQuery):
    status: Literal["all", "open", "ongoing", "handled", "closed"] = Field(
        "all", description="open: not closed"
    )
    significant: bool | None = None


class MessageIn(ApiInput):
    """A message sent to the CSIRT and/or the competent authority ("both": through the reporting portal)."""

    kind: MessageKind
    recipient: Recipient
    sent_at: AwareDatetime
    content: str = Text
    portal_reference: str = Field("", max_length=100)

    _moment = field_validator("sent_at")(_in_range)


def duration(delta: timedelta) -> str:
    """An ISO 8601 duration, whole seconds: P1DT2H3M4S, -PT3H0M0S."""
    seconds = int(delta.total_seconds())
    sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}P{f'{days}D' if days else ''}T{hours}H{minutes}M{seconds}S"


def deadline_out(deadline: Deadline, now: datetime) -> DeadlineOut:
    left = None if deadline.met_at is not None else deadline.left(now)
    return DeadlineOut(
        kind=deadline.kind.value,
        due_at=deadline.due_at,
        state=deadline.state(now).value,
        met_at=deadline.met_at,
        reached=sorted(deadline.reached),
        provisional=deadline.provisional,
        seconds_left=None if left is None else int(left.total_seconds()),
        time_left=None if left is None else duration(left),
    )


def _fields(row: Incident | IncidentRevision) -> dict:
    data = data_of(row)
    values = {name: getattr(data, name) for name in IncidentFieldsOut.model_fields}
    values["thresholds"], values["links"] = list(data.thresholds), list(data.links)
    return values


def incident_out(state: IncidentState, now: datetime) -> IncidentOut:
    incident = state.incident
    return IncidentOut(
        id=incident.id,
        reference=incident.reference,
        number=incident.number,
        revision=incident.revision,
        created_at=incident.created_at,
        changed_at=incident.changed_at,
        deadlines=[deadline_out(d, now) for d in state.deadlines],
        **_fields(incident),
    )


def _revision_out(revision: IncidentRevision) -> IncidentRevisionOut:
    return IncidentRevisionOut(
        number=revision.number,
        changed_at=revision.changed_at,
        changed_by=revision.changed_by,
        note=revision.note,
        **_fields(revision),
    )


def incident_of(organisation: Organisation, incident_id: int) -> Incident:
    found = incident_lookup(session=get_session(), organisation_id=organisation.id, incident_id=incident_id)
    if found is None:
        raise ApiProblem(404)
    return found


def _wanted(state: IncidentState, query: IncidentQuery) -> bool:
    status = state.incident.status
    if query.status == "open" and status == IncidentStatus.CLOSED.value:
        return False
    if query.status not in ("all", "open") and status != query.status:
        return False
    return query.significant is None or state.incident.significant == query.significant


@bp.get("/organisations/<slug>/incidents")
@api_view(Permission.VIEW)
@spec.validate(
    query=IncidentQuery, resp=responses(IncidentPage), tags=["incidents"], operation_id="list_incidents"
)
def list_incident_register(organisation: Organisation, query: IncidentQuery):
    """The register, newest first, each incident with its deadlines (significant incidents only have them)."""
    states = list_incidents(session=get_session(), organisation_id=organisation.id)
    now = clock.now()
    shown = [state for state in states if _wanted(state, query)]
    return paged(IncidentPage, shown, query, lambda state: incident_out(state, now))


def _detail(organisation: Organisation, incident_id: int, status: int = 200):
    db = get_session()
    head = incident_of(organisation, incident_id)
    state = state_of(session=db, incident=head)
    detail = IncidentDetail(
        **incident_out(state, clock.now()).model_dump(),
        messages=[MessageOut.model_validate(m) for m in state.messages],
        revisions=[_revision_out(r) for r in history_of(session=db, incident=head)],
    )
    tag = etag("incident", head.id, head.revision)
    return (
        detail,
        status,
        resource_headers(tag, status, "api.get_incident", slug=organisation.slug, incident_id=head.id),
    )


@bp.get("/organisations/<slug>/incidents/<int:incident_id>")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(IncidentDetail), tags=["incidents"], operation_id="get_incident")
def get_incident(organisation: Organisation, incident_id: int):
    """One incident as it stands, with its deadlines, the messages sent and every revision (oldest first)."""
    return _detail(organisation, incident_id)


@bp.get("/organisations/<slug>/incidents/<int:incident_id>/revisions")
@api_view(Permission.VIEW)
@spec.validate(
    resp=responses(IncidentRevisionList), tags=["incidents"], operation_id="list_incident_revisions"
)
def list_incident_revisions(organisation: Organisation, incident_id: int):
    """Every revision of one incident, oldest first."""
    found = history_of(session=get_session(), incident=incident_of(organisation, incident_id))
    return IncidentRevisionList(total=len(found), items=[_revision_out(r) for r in found])


@bp.post("/organisations/<slug>/incidents")
@api_view(Permission.EDIT)
@spec.validate(
    json=IncidentIn,
    resp=responses(IncidentDetail, status=201, errors=(422,)),
    tags=["incidents"],
    operation_id="create_incident",
)
def record_incident(organisation: Organisation, json: IncidentIn):
    """Record a new incident; its reference is the next free I-number."""
    db = get_session()
    created = create_incident(
        session=db, organisation_id=organisation.id, data=json.data(), actor=token_actor(), note=json.note
    )
    db.commit()
    return _detail(organisation, created.id, status=201)


@bp.put("/organisations/<slug>/incidents/<int:incident_id>")
@api_view(Permission.EDIT)
@spec.validate(
    json=IncidentIn,
    resp=responses(IncidentDetail, errors=(*CHANGE_ERRORS, 422)),
    tags=["incidents"],
    operation_id="change_incident",
)
def change_incident(organisation: Organisation, incident_id: int, json: IncidentIn):
    """A new revision of the incident: If-Match must name the current one (412 otherwise, 428 without)."""
    db = get_session()
    head = incident_of(organisation, incident_id)
    base = required_revision("incident", head.id, head.revision)
    update_incident(
        session=db, incident=head, data=json.data(), base_revision=base, actor=token_actor(), note=json.note
    )
    db.commit()
    return _detail(organisation, incident_id)

"""The improvement plan (issue 17): actions with their revisions and links, and the approvals waiting for a
second person (approve, reject with a reason; never the proposer); through plan.actions and plan.approvals, as
the pages."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Literal

from pydantic import Field

from app.api.auth import api_view, current_token, token_actor
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
from app.api.decisions import ApprovalOut, approval_out
from app.api.problem import ApiProblem
from app.api.spec import CHANGE_ERRORS, responses, spec
from app.db import get_session
from app.plan import problems  # noqa: F401 - words the action.* and approval.* codes
from app.security import Permission
from core import clock
from core.models import Organisation
from core.ranges import MAX_ID
from plan.actions import (
    ActionData,
    create_action,
    data_of,
    get_action,
    history_of,
    is_overdue,
    links_of,
    list_actions,
    resolve_targets,
    set_links,
    update_action,
)
from plan.approvals import approve, get_approval, reject, waiting_for
from plan.models import Action, ActionStatus, LinkKind

Amount = Field(None, ge=0, le=10**9)


class ActionIn(ApiInput):
    """What is recorded about an action: the fields of the action form; its links to requirements (codes) and
    risks (R-references) are made exactly these (links to findings stay)."""

    title: str = Field(max_length=200)
    status: ActionStatus = ActionStatus.OPEN
    description: str = Field("", max_length=10_000)
    owner_id: int | None = Field(None, ge=1, le=MAX_ID, description="a member of the organisation")
    owner_name: str = Field("", max_length=200)
    due_on: date | None = None
    effort_hours: int | None = Amount
    cost_euros: int | None = Amount
    requirement_codes: list[str] = Field(default_factory=list, max_length=100)
    risk_references: list[str] = Field(default_factory=list, max_length=100)

    def data(self) -> ActionData:
        values = self.model_dump(exclude={"requirement_codes", "risk_references"})
        values["status"] = self.status.value
        return ActionData(**values)


class LinkOut(ApiModel):
    kind: str
    target_id: int


class ActionFieldsOut(ApiModel):
    title: str
    status: str
    description: str
    owner_id: int | None
    owner_name: str
    due_on: date | None
    effort_hours: int | None
    cost_euros: int | None


class ActionOut(ActionFieldsOut):
    id: int
    reference: str
    revision: int
    changed_at: Moment
    overdue: bool
    links: list[LinkOut]


class ActionRevisionOut(ActionFieldsOut):
    number: int
    changed_at: Moment
    changed_by: str
    note: str


class ActionDetail(ActionOut):
    revisions: list[ActionRevisionOut]


class ActionPage(Page):
    items: list[ActionOut]


class ActionQuery(PageQuery):
    overdue: bool = Field(False, description="only open actions whose due date has passed")
    status: Literal["all", "open", "in_progress", "done", "cancelled"] = "all"
    owner_id: int | None = Field(None, ge=1, le=MAX_ID)


def action_out(action: Action, links: list, today: date) -> ActionOut:
    return ActionOut(
        id=action.id,
        reference=action.reference,
        revision=action.revision,
        changed_at=action.changed_at,
        overdue=is_overdue(action, today),
        links=[LinkOut(kind=link.kind, target_id=link.target_id) for link in links],
        **asdict(data_of(action)),
    )


@bp.get("/organisations/<slug>/actions")
@api_view(Permission.VIEW)
@spec.validate(query=ActionQuery, resp=responses(ActionPage), tags=["plan"], operation_id="list_actions")
def list_plan_actions(organisation: Organisation, query: ActionQuery):
    """The improvement plan's actions by due date (those without one last), filtered as on the list page."""
    db = get_session()
    today = clock.today()
    found = list_actions(
        session=db, organisation_id=organisation.id, overdue_on=today if query.overdue else None
    )
    found = [
        a
        for a in found
        if (query.status == "all" or a.status == query.status)
        and (query.owner_id is None or a.owner_id == query.owner_id)
    ]
    start = (query.page - 1) * query.per_page
    links = links_of(session=db, action_ids=[a.id for a in found[start : start + query.per_page]])
    return paged(ActionPage, found, query, lambda a: action_out(a, links[a.id], today))


def _action(organisation: Organisation, action_id: int) -> Action:
    found = get_action(session=get_session(), organisation_id=organisation.id, action_id=action_id)
    if found is None:
        raise ApiProblem(404)
    return found


def _action_detail(organisation: Organisation, action_id: int, status: int = 200):
    db = get_session()
    action = _action(organisation, action_id)
    links = links_of(session=db, action_ids=[action.id])[action.id]
    revisions = [
        ActionRevisionOut(
            number=r.number,
            changed_at=r.changed_at,
            changed_by=r.changed_by,
            note=r.note,
            **asdict(data_of(r)),
        )
        for r in history_of(session=db, action=action)
    ]
    detail = ActionDetail(**action_out(action, links, clock.today()).model_dump(), revisions=revisions)
    tag = etag("action", action.id, action.revision)
    return (
        detail,
        status,
        resource_headers(tag, status, "api.get_plan_action", slug=organisation.slug, action_id=action.id),
    )


@bp.get("/organisations/<slug>/actions/<int:action_id>")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(ActionDetail), tags=["plan"], operation_id="get_action")
def get_plan_action(organisation: Organisation, action_id: int):
    """One action as it stands, with its links and every revision (oldest first)."""
    return _action_detail(organisation, action_id)


def _targets(organisation: Organisation, body: ActionIn) -> dict[str, list[int]]:
    return resolve_targets(
        session=get_session(),
        organisation_id=organisation.id,
        requirement_codes=body.requirement_codes,
        risk_references=body.risk_references,
    )


@bp.post("/organisations/<slug>/actions")
@api_view(Permission.EDIT)
@spec.validate(
    json=ActionIn,
    resp=responses(ActionDetail, status=201, errors=(422,)),
    tags=["plan"],
    operation_id="create_action",
)
def record_action(organisation: Organisation, json: ActionIn):
    """A new action; its reference is the next free A-number."""
    db = get_session()
    targets = _targets(organisation, json)
    created = create_action(
        session=db,
        organisation_id=organisation.id,
        data=json.data(),
        actor=token_actor(),
        links=[(kind, target) for kind, ids in targets.items() for target in ids],
    )
    db.commit()
    return _action_detail(organisation, created.id, status=201)


@bp.put("/organisations/<slug>/actions/<int:action_id>")
@api_view(Permission.EDIT)
@spec.validate(
    json=ActionIn,
    resp=responses(ActionDetail, errors=(*CHANGE_ERRORS, 422)),
    tags=["plan"],
    operation_id="change_action",
)
def change_action(organisation: Organisation, action_id: int, json: ActionIn):
    """A new revision of the action: If-Match must name the current one (412 otherwise, 428 without)."""
    db = get_session()
    action = _action(organisation, action_id)
    base = required_revision("action", action.id, action.revision)
    targets = _targets(organisation, json)
    actor = token_actor()
    update_action(session=db, action=action, data=json.data(), expected_revision=base, actor=actor)
    for kind in (LinkKind.REQUIREMENT.value, LinkKind.RISK.value):
        set_links(session=db, action=action, kind=kind, target_ids=targets[kind], actor=actor)
    db.commit()
    return _action_detail(organisation, action_id)


# --- approvals


class ApprovalPage(Page):
    items: list[ApprovalOut]


class DecisionIn(ApiInput):
    reason: str = Field("", max_length=2000, description="required to reject")


def _approval(organisation: Organisation, approval_id: int):
    found = get_approval(session=get_session(), organisation_id=organisation.id, approval_id=approval_id)
    if found is None:
        raise ApiProblem(404)
    return found


@bp.get("/organisations/<slug>/approvals")
@api_view(Permission.VIEW)
@spec.validate(query=PageQuery, resp=responses(ApprovalPage), tags=["plan"], operation_id="list_approvals")
def list_approvals(organisation: Organisation, query: PageQuery):
    """The proposals waiting for the token's user: not their own, of a kind their role may decide."""
    token = current_token()
    found = waiting_for(
        session=get_session(), organisation_id=organisation.id, user_id=token.user.id, role=token.role
    )
    return paged(ApprovalPage, found, query, approval_out)


@bp.get("/organisations/<slug>/approvals/<int:approval_id>")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(ApprovalOut), tags=["plan"], operation_id="get_approval")
def get_plan_approval(organisation: Organisation, approval_id: int):
    """One approval, waiting or decided."""
    return approval_out(_approval(organisation, approval_id))


def _decide(organisation: Organisation, approval_id: int, decision, reason: str):
    db = get_session()
    found = _approval(organisation, approval_id)
    decision(session=db, approval=found, actor=token_actor(), role=current_token().role, reason=reason)
    db.commit()
    return approval_out(found)


@bp.post("/organisations/<slug>/approvals/<int:approval_id>/approve")
@api_view(Permission.APPROVE)
@spec.validate(
    json=DecisionIn,
    resp=responses(ApprovalOut, errors=(422,)),
    tags=["plan"],
    operation_id="approve",
)
def approve_approval(organisation: Organisation, approval_id: int, json: DecisionIn):
    """Yes: the decision is recorded as its proposer stated it (422 for the proposer, another role, a decided
    approval or a subject changed since)."""
    return _decide(organisation, approval_id, approve, json.reason)


@bp.post("/organisations/<slug>/approvals/<int:approval_id>/reject")
@api_view(Permission.APPROVE)
@spec.validate(
    json=DecisionIn,
    resp=responses(ApprovalOut, errors=(422,)),
    tags=["plan"],
    operation_id="reject",
)
def reject_approval(organisation: Organisation, approval_id: int, json: DecisionIn):
    """No, with a reason (422 without one); nothing is recorded."""
    return _decide(organisation, approval_id, reject, json.reason)

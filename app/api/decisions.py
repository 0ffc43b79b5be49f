"""Where the API's answer and risk writes meet the plan: a save that the domain held for a second person
(plan/rules.py, a step of every save) is answered 202 with the approval."""

from __future__ import annotations

from app.api.conventions import ApiModel, Moment, etag, resource_headers
from app.db import get_session
from core.models import Organisation
from core.save_steps import Held
from plan.models import Approval


class ApprovalOut(ApiModel):
    id: int
    kind: str
    subject: str
    summary: str
    state: str
    base_revision: int
    proposed_at: Moment
    proposed_by: str
    decided_at: Moment | None
    decided_by: str
    reason: str


def approval_out(approval: Approval) -> ApprovalOut:
    return ApprovalOut.model_validate(approval, from_attributes=True)


def accepted(organisation: Organisation, held: Held):
    """The 202 of a change put up for approval: the approval, where to find it, its ETag."""
    approval = get_session().get_one(Approval, held.approval_id)
    tag = etag("approval", approval.id, 0)
    headers = resource_headers(
        tag, 202, "api.get_plan_approval", slug=organisation.slug, approval_id=approval.id
    )
    return approval_out(approval), 202, headers

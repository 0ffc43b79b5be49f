"""Where the API's answer and risk writes meet the plan, as app/plan/hooks.py does for the pages: a decision
that the organisation's policy puts up for approval is proposed instead of recorded (the view answers 202 with
the approval), and after a save the action the plan's rule asks for is made."""

from __future__ import annotations

from flask import url_for

from app.api.auth import token_actor
from app.api.conventions import ApiModel, Moment, etag
from app.db import get_session
from controls.answers import answer_of, current_revision
from controls.models import Requirement
from controls.rules import AnswerValues
from core.dbtypes import id_of
from core.models import Organisation
from plan.approvals import propose_answer, propose_risk
from plan.gaps import ensure_action
from plan.models import Approval
from plan.policy import answer_needs_approval, risk_needs_approval
from risk.models import Risk
from risk.reading import data_of
from risk.rules import RiskData


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


def accepted(organisation: Organisation, approval: Approval):
    """The 202 of a change put up for approval: the approval, where to find it, its ETag."""
    location = url_for(
        "api.get_plan_approval", slug=organisation.slug, approval_id=approval.id, _external=True
    )
    return (
        approval_out(approval),
        202,
        {"Location": location, "ETag": etag("approval", approval.id, 0)},
    )


def proposed_answer(
    organisation: Organisation, requirement: Requirement, values: AnswerValues, base_revision: int
) -> Approval | None:
    """The approval made (not committed) when this answer needs one; None when it is recorded as usual."""
    db = get_session()
    answer = answer_of(session=db, organisation_id=organisation.id, requirement_id=id_of(requirement))
    revision = current_revision(session=db, answer_id=id_of(answer)) if answer else None
    current = AnswerValues.of(revision) if revision else None
    if not answer_needs_approval(
        session=db, organisation_id=organisation.id, requirement=requirement, values=values, current=current
    ):
        return None
    return propose_answer(
        session=db,
        organisation_id=organisation.id,
        requirement=requirement,
        values=values,
        base_revision=base_revision,
        actor=token_actor(),
    )


def proposed_risk(
    organisation: Organisation, risk: Risk | None, data: RiskData, base_revision: int
) -> Approval | None:
    """The approval made (not committed) when this risk's acceptance needs one; None otherwise."""
    db = get_session()
    current = data_of(risk) if risk is not None else None
    if not risk_needs_approval(session=db, organisation_id=organisation.id, data=data, current=current):
        return None
    return propose_risk(
        session=db,
        organisation_id=organisation.id,
        risk=risk,
        data=data,
        base_revision=base_revision,
        actor=token_actor(),
    )


def after_save(organisation: Organisation, kind: str, target_id: int) -> None:
    """After an answer or risk save (before the commit): the action the plan's rule asks for."""
    ensure_action(
        session=get_session(),
        organisation_id=organisation.id,
        kind=kind,
        target_id=target_id,
        actor=token_actor(),
    )

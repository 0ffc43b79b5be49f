"""Four eyes on the decisions that need them: the organisation's policy, proposing a decision "ter goedkeuring"
(not in force until approved, so every figure still counts the subject as it stood), and the second person's
approval or rejection with a reason. The approver is never the proposer and has a role that may decide it.

An approved answer or risk is recorded as a revision by the proposer (who stated it), with the approver in its
note; an approved SoA adoption becomes a frozen `SoaAdoption` (plan/adoption.py)."""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import Session, col, select

from controls.answers import record_answer
from controls.models import Requirement
from controls.rules import AnswerValues, check_answer
from core import clock
from core.actor import Actor
from core.audit import record_event
from core.dbtypes import id_of
from core.errors import Problem, RuleError, StaleEdit
from core.models import Role
from core.organisations import organisation_facts
from plan.adoption import adopt, frozen_statement
from plan.models import Approval, ApprovalState, DecisionKind
from plan.policy import APPROVER_ROLES, dump, load
from risk.models import Risk
from risk.reading import accepted_risk_references, get_risk, risk_references
from risk.register import check, create_risk, update_risk
from risk.rules import RiskData

MAX_REASON = 2000


def problem(code: str, field: str = "", **params: object) -> Problem:
    return Problem(f"approval.{code}", params, field)


# --- proposing


def _withdraw_pending(
    *, session: Session, organisation_id: int, kind: str, subject: str, actor: Actor
) -> None:
    """A new proposal on the same subject replaces the one still waiting."""
    for old in pending(session=session, organisation_id=organisation_id, kind=kind, subject=subject):
        old.state = ApprovalState.WITHDRAWN.value
        old.decided_at = clock.now()
        old.decided_by = actor.name[:254]
        old.decided_by_id = actor.user_id
        session.add(old)


def _propose(
    *,
    session: Session,
    organisation_id: int,
    kind: DecisionKind,
    subject: str,
    subject_id: int | None,
    base_revision: int,
    payload: str,
    summary: str,
    actor: Actor,
) -> Approval:
    _withdraw_pending(
        session=session, organisation_id=organisation_id, kind=kind.value, subject=subject, actor=actor
    )
    approval = Approval(
        organisation_id=organisation_id,
        kind=kind.value,
        subject=subject[:60],
        subject_id=subject_id,
        base_revision=base_revision,
        payload=payload,
        summary=summary[:500],
        proposed_at=clock.now(),
        proposed_by_id=actor.user_id,
        proposed_by=actor.name[:254],
    )
    session.add(approval)
    session.flush()
    record_event(
        session=session,
        action="approval.proposed",
        actor=actor,
        organisation_id=organisation_id,
        subject=f"{kind.value}:{subject}",
        detail=summary,
    )
    return approval


def propose_answer(
    *,
    session: Session,
    organisation_id: int,
    requirement: Requirement,
    values: AnswerValues,
    base_revision: int,
    actor: Actor,
) -> Approval:
    """Save an answer "ter goedkeuring": checked by the same rules as a save, recorded only when approved."""
    values = values.normalised()
    found = check_answer(
        values,
        kind=requirement.kind,
        has_provider=organisation_facts(session=session, organisation_id=organisation_id).provider_id
        is not None,
        accepted_risks=accepted_risk_references(
            session=session, organisation_id=organisation_id, today=clock.today()
        ),
        known_risks=risk_references(session=session, organisation_id=organisation_id),
        today=clock.today(),
    )
    if found or values.last_reviewed_on is None:
        raise RuleError(p.at(ref=requirement.code) for p in found)
    return hold_answer(
        session=session,
        organisation_id=organisation_id,
        requirement=requirement,
        values=values,
        base_revision=base_revision,
        actor=actor,
    )


def hold_answer(
    *,
    session: Session,
    organisation_id: int,
    requirement: Requirement,
    values: AnswerValues,
    base_revision: int,
    actor: Actor,
) -> Approval:
    """The proposal of an answer that passed the answer rules (the answer save's step, plan/rules.py)."""
    return _propose(
        session=session,
        organisation_id=organisation_id,
        kind=DecisionKind.NOT_APPLICABLE,
        subject=requirement.code,
        subject_id=id_of(requirement),
        base_revision=base_revision,
        payload=dump(values),
        summary=values.explanation,
        actor=actor,
    )


def propose_risk(
    *,
    session: Session,
    organisation_id: int,
    risk: Risk | None,
    data: RiskData,
    base_revision: int,
    actor: Actor,
) -> Approval:
    """Save a risk acceptance "ter goedkeuring" (a new risk when `risk` is None)."""
    data, _ids = check(session=session, data=data)
    return hold_risk(
        session=session,
        organisation_id=organisation_id,
        risk=risk,
        data=data,
        base_revision=base_revision,
        actor=actor,
    )


def hold_risk(
    *,
    session: Session,
    organisation_id: int,
    risk: Risk | None,
    data: RiskData,
    base_revision: int,
    actor: Actor,
) -> Approval:
    """The proposal of a risk acceptance that passed the risk rules (the risk save's step, plan/rules.py)."""
    subject = risk.reference if risk is not None else data.title
    summary = f"{data.title}: geaccepteerd door {data.accepted_by} tot {data.acceptance_expires_on}"
    return _propose(
        session=session,
        organisation_id=organisation_id,
        kind=DecisionKind.RISK_ACCEPTANCE,
        subject=subject,
        subject_id=id_of(risk) if risk is not None else None,
        base_revision=base_revision,
        payload=dump(data),
        summary=summary,
        actor=actor,
    )


def propose_adoption(
    *,
    session: Session,
    organisation_id: int,
    body: str,
    adopted_on: date,
    actor: Actor,
) -> Approval:
    """Propose the SoA as it stands now for adoption by `body` on `adopted_on`: the statement is frozen now,
    so what the approver adopts is exactly what was proposed."""
    body = body.strip()
    if not body:
        raise RuleError(problem("body_required", "body"))
    statement = frozen_statement(session=session, organisation_id=organisation_id)
    payload = json.dumps(
        {"body": body, "adopted_on": adopted_on.isoformat(), "statement": statement}, ensure_ascii=False
    )
    return _propose(
        session=session,
        organisation_id=organisation_id,
        kind=DecisionKind.SOA_ADOPTION,
        subject="VvT",
        subject_id=None,
        base_revision=0,
        payload=payload,
        summary=f"vast te stellen door {body} op {adopted_on.isoformat()}",
        actor=actor,
    )


# --- reading


def pending(
    *, session: Session, organisation_id: int, kind: str | None = None, subject: str | None = None
) -> list[Approval]:
    query = select(Approval).where(
        col(Approval.organisation_id) == organisation_id, col(Approval.state) == ApprovalState.PENDING.value
    )
    if kind is not None:
        query = query.where(col(Approval.kind) == kind)
    if subject is not None:
        query = query.where(col(Approval.subject) == subject)
    return list(session.exec(query.order_by(col(Approval.proposed_at))).all())


def waiting_for(*, session: Session, organisation_id: int, user_id: int, role: Role) -> list[Approval]:
    """The pending approvals this user may decide (not their own, and their role may)."""
    return [
        a
        for a in pending(session=session, organisation_id=organisation_id)
        if a.proposed_by_id != user_id and role in APPROVER_ROLES[DecisionKind(a.kind)]
    ]


def get_approval(*, session: Session, organisation_id: int, approval_id: int) -> Approval | None:
    approval = session.get(Approval, approval_id)
    return approval if approval is not None and approval.organisation_id == organisation_id else None


def decided(*, session: Session, organisation_id: int, limit: int = 50) -> list[Approval]:
    query = (
        select(Approval)
        .where(
            col(Approval.organisation_id) == organisation_id,
            col(Approval.state) != ApprovalState.PENDING.value,
        )
        .order_by(col(Approval.decided_at).desc())
        .limit(limit)
    )
    return list(session.exec(query).all())


# --- deciding


def _may_decide(approval: Approval, actor: Actor, role: Role) -> None:
    if approval.state != ApprovalState.PENDING.value:
        raise RuleError(problem("not_pending", state=approval.state))
    if actor.user_id is not None and actor.user_id == approval.proposed_by_id:
        raise RuleError(problem("own_proposal"))
    if role not in APPROVER_ROLES[DecisionKind(approval.kind)]:
        raise RuleError(problem("wrong_role", role=role.value))


def _decide(*, session: Session, approval: Approval, state: ApprovalState, actor: Actor, reason: str) -> None:
    approval.state = state.value
    approval.decided_at = clock.now()
    approval.decided_by_id = actor.user_id
    approval.decided_by = actor.name[:254]
    approval.reason = reason[:MAX_REASON]
    session.add(approval)
    record_event(
        session=session,
        action=f"approval.{state.value}",
        actor=actor,
        organisation_id=approval.organisation_id,
        subject=f"{approval.kind}:{approval.subject}",
        detail=reason,
        changes={"state": (ApprovalState.PENDING.value, state.value)},
    )
    session.flush()


def reject(*, session: Session, approval: Approval, actor: Actor, role: Role, reason: str) -> None:
    """No: the decision is not taken; a reason is required."""
    _may_decide(approval, actor, role)
    if not reason.strip():
        raise RuleError(problem("reason_required", "reason"))
    _decide(
        session=session, approval=approval, state=ApprovalState.REJECTED, actor=actor, reason=reason.strip()
    )


def approve(*, session: Session, approval: Approval, actor: Actor, role: Role, reason: str = "") -> None:
    """Yes: the decision is recorded now, as its proposer stated it. RuleError `approval.stale` when its
    subject changed after the proposal (then nothing is recorded)."""
    _may_decide(approval, actor, role)
    proposer = Actor(user_id=approval.proposed_by_id, name=approval.proposed_by)
    note = f"goedgekeurd door {actor.name}"
    try:
        _apply(session=session, approval=approval, proposer=proposer, approver=actor, note=note)
    except StaleEdit:
        raise RuleError(problem("stale", subject=approval.subject)) from None
    _decide(
        session=session, approval=approval, state=ApprovalState.APPROVED, actor=actor, reason=reason.strip()
    )


def _apply(*, session: Session, approval: Approval, proposer: Actor, approver: Actor, note: str) -> None:
    kind = DecisionKind(approval.kind)
    organisation_id = approval.organisation_id
    if kind is DecisionKind.NOT_APPLICABLE:
        record_answer(
            session=session,
            organisation_id=organisation_id,
            requirement_id=approval.subject_id or 0,
            values=load(AnswerValues, approval.payload),
            base_revision=approval.base_revision,
            actor=proposer,
            known_risks=risk_references(session=session, organisation_id=organisation_id),
            accepted_risks=accepted_risk_references(
                session=session, organisation_id=organisation_id, today=clock.today()
            ),
            note=note,
            approved_by=approver,
        )
    elif kind is DecisionKind.RISK_ACCEPTANCE:
        data = load(RiskData, approval.payload)
        risk = get_risk(session=session, organisation_id=organisation_id, risk_id=approval.subject_id or 0)
        if risk is None:
            create_risk(
                session=session,
                organisation_id=organisation_id,
                data=data,
                actor=proposer,
                note=note,
                approved_by=approver,
            )
        else:
            update_risk(
                session=session,
                risk=risk,
                data=data,
                expected_revision=approval.base_revision,
                actor=proposer,
                note=note,
                approved_by=approver,
            )
    else:
        adopt(session=session, approval=approval, approver=approver)

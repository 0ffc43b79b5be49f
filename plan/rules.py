"""The plan's steps in every answer and risk save (controls/answer_steps.py, risk/risk_steps.py), registered
when the package is imported (plan/__init__.py): whatever saves (a page, the API, the command line, a sheet
import), a decision the organisation's policy puts up for four eyes is proposed "ter goedkeuring" instead of
recorded (plan.policy, plan.approvals), and a saved "gepland" answer or a risk in treatment or temporarily
accepted gets the open action with a due date it lacks, made from its own date and owner (plan.gaps)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlmodel import Session, col, or_, select

from controls.answer_steps import ANSWER_PROPOSALS, ANSWER_STEPS, AnswerToSave, Proposal, SavedAnswer
from controls.rules import AnswerValues
from core.actor import Actor
from core.save_steps import Held, Made
from plan.approvals import hold_answer, hold_risk
from plan.gaps import ensure_answer_actions, ensure_risk_action
from plan.models import Action, Approval, ApprovalState, DecisionKind
from plan.policy import answer_needs_approval, policy, risk_needs_approval
from risk.models import Risk
from risk.risk_steps import RISK_STEPS
from risk.rules import RiskData

EVERY_DECISION = {kind: True for kind in DecisionKind}  # what would need a second person if the policy asks
NOT_APPLICABLE = DecisionKind.NOT_APPLICABLE


def _values(answer: AnswerToSave) -> AnswerValues | None:
    return AnswerValues.of(answer.current) if answer.current is not None else None


def _held(approval: Approval) -> Held:
    return Held(approval.id or 0, approval.subject)


def _made(action: Action, subject: str) -> Made:
    return Made("action", action.reference, subject)


class PlanAnswerStep:
    def hold(
        self,
        *,
        session: Session,
        organisation_id: int,
        answers: Sequence[AnswerToSave],
        actor: Actor,
        approved_by: Actor | None,
    ) -> Mapping[int, Held]:
        """The "niet van toepassing" changes the policy wants a second person for (the policy is read only
        when there is one)."""
        if approved_by is not None:
            return {}
        decisions = [
            (index, answer)
            for index, answer in enumerate(answers)
            if answer_needs_approval(EVERY_DECISION, answer.requirement, answer.values, _values(answer))
        ]
        if not decisions or not policy(session=session, organisation_id=organisation_id)[NOT_APPLICABLE]:
            return {}
        held = {}
        for index, answer in decisions:
            approval = hold_answer(
                session=session,
                organisation_id=organisation_id,
                requirement=answer.requirement,
                values=answer.values,
                base_revision=answer.base_revision,
                actor=actor,
            )
            held[index] = _held(approval)
        return held

    def saved(
        self, *, session: Session, organisation_id: int, answers: Sequence[SavedAnswer], actor: Actor
    ) -> Sequence[Made]:
        made = ensure_answer_actions(
            session=session,
            organisation_id=organisation_id,
            answers=[(answer.requirement, answer.revision) for answer in answers],
            actor=actor,
        )
        return [_made(action, action.title) for action in made]


class PlanRiskStep:
    def hold(
        self,
        *,
        session: Session,
        organisation_id: int,
        risk: Risk | None,
        data: RiskData,
        current: RiskData | None,
        base_revision: int,
        actor: Actor,
        approved_by: Actor | None,
    ) -> Held | None:
        """A new or changed temporary acceptance, when the policy wants a second person for it."""
        if approved_by is not None or not risk_needs_approval(EVERY_DECISION, data, current):
            return None
        if not policy(session=session, organisation_id=organisation_id)[DecisionKind.RISK_ACCEPTANCE]:
            return None
        approval = hold_risk(
            session=session,
            organisation_id=organisation_id,
            risk=risk,
            data=data,
            base_revision=base_revision,
            actor=actor,
        )
        return _held(approval)

    def saved(self, *, session: Session, risk: Risk, actor: Actor) -> Sequence[Made]:
        action = ensure_risk_action(session=session, risk=risk, actor=actor)
        return [_made(action, risk.reference)] if action is not None else []


class PlanAnswerProposals:
    def proposals(
        self, *, session: Session, organisation_id: int, decided_since: datetime | None
    ) -> list[Proposal]:
        """The answers proposed "ter goedkeuring" (plan.approvals.hold_answer) still waiting, and those
        decided since `decided_since`."""
        waiting = col(Approval.state) == ApprovalState.PENDING.value
        query = select(col(Approval.subject_id), col(Approval.proposed_at), col(Approval.decided_at)).where(
            col(Approval.organisation_id) == organisation_id,
            col(Approval.kind) == NOT_APPLICABLE.value,
            col(Approval.subject_id).is_not(None),
            or_(waiting, col(Approval.decided_at) >= decided_since) if decided_since is not None else waiting,
        )
        return [
            Proposal(requirement_id or 0, proposed_at, decided_at)  # never None: the query asks so
            for requirement_id, proposed_at, decided_at in session.exec(query).all()
        ]


ANSWER_STEPS.register("plan", PlanAnswerStep())
ANSWER_PROPOSALS.register("plan", PlanAnswerProposals())
RISK_STEPS.register("plan", PlanRiskStep())

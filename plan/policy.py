"""The organisation's approval policy (which decisions need a second person, which roles may decide them),
whether a given answer or risk save needs approval, and the JSON a proposal keeps of what was proposed."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import MISSING, asdict, fields
from datetime import date
from typing import Any, TypeVar

from sqlmodel import Session, col, select

from controls.answer_models import Applicability
from controls.models import Requirement, RequirementKind
from controls.rules import AnswerValues
from core.actor import Actor
from core.audit import record_event
from core.models import Role
from plan.models import ApprovalPolicy, DecisionKind
from risk.models import Treatment
from risk.rules import RiskData

DEFAULT_POLICY: Mapping[DecisionKind, bool] = {kind: True for kind in DecisionKind}
APPROVER_ROLES: Mapping[DecisionKind, frozenset[Role]] = {
    DecisionKind.NOT_APPLICABLE: frozenset({Role.CISO, Role.MANAGEMENT}),
    DecisionKind.RISK_ACCEPTANCE: frozenset({Role.MANAGEMENT}),
    DecisionKind.SOA_ADOPTION: frozenset({Role.MANAGEMENT}),
}
LEGAL_KINDS = frozenset({RequirementKind.MEASURE.value, RequirementKind.NIS2.value})
D = TypeVar("D", AnswerValues, RiskData)


# --- payloads


def dump(values: AnswerValues | RiskData) -> str:
    plain = {k: v.isoformat() if isinstance(v, date) else v for k, v in asdict(values).items()}
    return json.dumps(plain, ensure_ascii=False, sort_keys=True)


def load(cls: type[D], payload: str) -> D:
    raw: dict[str, Any] = json.loads(payload)
    values: dict[str, Any] = {}
    for item in fields(cls):
        if item.name not in raw and item.default is not MISSING:
            continue  # a field added after the proposal was made: its default
        value = raw.get(item.name)
        if isinstance(value, str) and (item.name.endswith("_on")):
            value = date.fromisoformat(value)
        elif isinstance(value, list):
            value = tuple(value)
        values[item.name] = value
    return cls(**values)


# --- policy


def policy(*, session: Session, organisation_id: int) -> dict[DecisionKind, bool]:
    rows = session.exec(select(ApprovalPolicy).where(col(ApprovalPolicy.organisation_id) == organisation_id))
    return dict(DEFAULT_POLICY) | {DecisionKind(row.kind): row.required for row in rows}


def set_policy(
    *, session: Session, organisation_id: int, required: Mapping[DecisionKind, bool], actor: Actor
) -> None:
    current = policy(session=session, organisation_id=organisation_id)
    rows = {
        row.kind: row
        for row in session.exec(
            select(ApprovalPolicy).where(col(ApprovalPolicy.organisation_id) == organisation_id)
        )
    }
    changes = {}
    for kind, value in required.items():
        if current[kind] == value:
            continue
        row = rows.get(kind.value) or ApprovalPolicy(
            organisation_id=organisation_id, kind=kind.value, required=value
        )
        row.required = value
        session.add(row)
        changes[kind.value] = (current[kind], value)
    if changes:
        record_event(
            session=session,
            action="approval.policy_changed",
            actor=actor,
            organisation_id=organisation_id,
            changes=changes,
        )
    session.flush()


def answer_needs_approval(
    required: Mapping[DecisionKind, bool],
    requirement: Requirement,
    values: AnswerValues,
    current: AnswerValues | None,
) -> bool:
    """A change to "niet van toepassing" on a measure or a NIS2/Cbw duty, when the policy asks for it."""
    if values.applicability != Applicability.NOT_APPLICABLE.value or requirement.kind not in LEGAL_KINDS:
        return False
    if current is not None and current.applicability == Applicability.NOT_APPLICABLE.value:
        return False
    return required[DecisionKind.NOT_APPLICABLE]


def _acceptance(data: RiskData) -> tuple[object, ...]:
    return (data.treatment, data.accepted_by, data.accepted_on, data.acceptance_expires_on)


def risk_needs_approval(
    required: Mapping[DecisionKind, bool], data: RiskData, current: RiskData | None
) -> bool:
    """A new or changed temporary acceptance (also a longer one), when the policy asks for it."""
    data = data.normalised()
    if data.treatment != Treatment.ACCEPT.value:
        return False
    if current is not None and _acceptance(current) == _acceptance(data):
        return False
    return required[DecisionKind.RISK_ACCEPTANCE]

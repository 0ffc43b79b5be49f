"""Where the answer and risk pages meet the plan: a decision that needs a second person is proposed instead of
saved; after a save the action the plan's rule asks for is made; the requirement page lists its risks, actions
and findings. The answers and risks areas call these; the rules are the domain's (plan.policy, plan.gaps)."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlmodel import col, select

from app.db import get_session
from app.login import acting_user
from controls.answers import answer_of, current_revision
from controls.models import Requirement
from controls.rules import AnswerValues
from core.dbtypes import id_of
from core.models import Organisation
from plan.actions import linked_actions
from plan.approvals import pending, propose_answer, propose_risk
from plan.findings import list_findings
from plan.gaps import ensure_action
from plan.models import DecisionKind, LinkKind
from plan.policy import answer_needs_approval, risk_needs_approval
from risk.models import Risk, RiskRequirement
from risk.reading import data_of
from risk.rules import RiskData


def propose_answer_if_needed(
    organisation: Organisation, requirement: Requirement, values: AnswerValues, base_revision: int
) -> ResponseReturnValue | None:
    """A change to "niet van toepassing" that needs approval: proposed (RuleError as a save would raise) and a
    redirect; None when the answer is saved as usual."""
    db = get_session()
    answer = answer_of(session=db, organisation_id=organisation.id, requirement_id=id_of(requirement))
    revision = current_revision(session=db, answer_id=id_of(answer)) if answer else None
    current = AnswerValues.of(revision) if revision else None
    if not answer_needs_approval(
        session=db, organisation_id=organisation.id, requirement=requirement, values=values, current=current
    ):
        return None
    propose_answer(
        session=db,
        organisation_id=organisation.id,
        requirement=requirement,
        values=values,
        base_revision=base_revision,
        actor=acting_user(),
    )
    db.commit()
    flash(
        _(
            "Opgeslagen ter goedkeuring: 'niet van toepassing' geldt pas als een tweede persoon het goedkeurt."
        ),
        "info",
    )
    return redirect(url_for("answers.requirement", slug=organisation.slug, code=requirement.code))


def propose_risk_if_needed(
    organisation: Organisation, risk: Risk | None, data: RiskData, base_revision: int
) -> ResponseReturnValue | None:
    """A new or changed temporary acceptance that needs approval: proposed and a redirect; None otherwise."""
    db = get_session()
    current = data_of(risk) if risk is not None else None
    if not risk_needs_approval(session=db, organisation_id=organisation.id, data=data, current=current):
        return None
    propose_risk(
        session=db,
        organisation_id=organisation.id,
        risk=risk,
        data=data,
        base_revision=base_revision,
        actor=acting_user(),
    )
    db.commit()
    flash(_("Opgeslagen ter goedkeuring: de acceptatie geldt pas als het management haar goedkeurt."), "info")
    if risk is None:
        return redirect(url_for("approvals.index", slug=organisation.slug))
    return redirect(url_for("risks.risk", slug=organisation.slug, risk_id=risk.id))


def plan_after_save(organisation: Organisation, kind: str, target_id: int) -> None:
    """After an answer or risk save (before the commit): the action the plan's rule asks for, made from the
    saved date and owner when there is none; told to the user."""
    made = ensure_action(
        session=get_session(),
        organisation_id=organisation.id,
        kind=kind,
        target_id=target_id,
        actor=acting_user(),
    )
    if made is not None:
        flash(_("Actie %(reference)s aangemaakt in het verbeterplan.", reference=made.reference), "info")


def requirement_plan(organisation: Organisation, requirement: Requirement) -> dict:
    """The risks that this requirement mitigates (or that its answer names), its actions, its findings and a
    pending "ter goedkeuring" proposal."""
    db = get_session()
    risks = db.exec(
        select(Risk)
        .join(RiskRequirement, col(RiskRequirement.risk_id) == col(Risk.id))
        .where(
            col(RiskRequirement.requirement_id) == id_of(requirement),
            col(Risk.organisation_id) == organisation.id,
        )
        .order_by(col(Risk.reference))
    ).all()
    actions = linked_actions(
        session=db,
        organisation_id=organisation.id,
        kind=LinkKind.REQUIREMENT,
        target_ids=[id_of(requirement)],
    )
    return {
        "linked_risks": risks,
        "linked_actions": actions[id_of(requirement)],
        "findings": list_findings(
            session=db, organisation_id=organisation.id, requirement_id=id_of(requirement)
        ),
        "proposals": pending(
            session=db,
            organisation_id=organisation.id,
            kind=DecisionKind.NOT_APPLICABLE.value,
            subject=requirement.code,
        ),
    }

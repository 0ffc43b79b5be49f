"""Where the answer and risk pages meet the plan: what the domain's save held for a second person or made for
the plan's rule (plan/rules.py, a step of every save) is told; the requirement page lists its risks, actions
and findings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from flask import flash
from flask_babel import gettext as _
from sqlmodel import Session, col, select

from app.db import get_session
from controls.models import Requirement
from core.dbtypes import id_of
from core.models import Organisation
from core.save_steps import Made
from plan.actions import linked_actions
from plan.approvals import pending
from plan.findings import list_findings
from plan.models import DecisionKind, LinkKind
from risk.models import Risk, RiskRequirement


def flash_held(kind: str) -> None:
    """A save of an answer or a risk that the domain held "ter goedkeuring" (plan/rules.py), told."""
    if kind == "answer":
        message = _(
            "Opgeslagen ter goedkeuring: 'niet van toepassing' geldt pas als een tweede persoon het goedkeurt."
        )
    else:
        message = _("Opgeslagen ter goedkeuring: de acceptatie geldt pas als het management haar goedkeurt.")
    flash(message, "info")


def flash_made(made: Iterable[Made]) -> None:
    """The actions the plan's rule made on a save (plan/rules.py), told to the user."""
    for thing in made:
        flash(_("Actie %(reference)s aangemaakt in het verbeterplan.", reference=thing.reference), "info")


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


def follow_ups(held: Sequence[str], made: Sequence[str], *, dry_run: bool = False) -> list[str]:
    """What an import's saves held "ter goedkeuring" and the actions they made (plan/rules.py), in words; of a
    dry run, what the import would hold and make."""
    lines = []
    if dry_run:
        if held:
            lines.append(
                _(
                    "Zou ter goedkeuring gaan (dan nog niet van kracht): %(subjects)s.",
                    subjects=", ".join(held),
                )
            )
        if made:
            lines.append(
                _("Zou acties aanmaken in het verbeterplan: %(references)s.", references=", ".join(made))
            )
        return lines
    if held:
        lines.append(_("Ter goedkeuring (nog niet van kracht): %(subjects)s.", subjects=", ".join(held)))
    if made:
        lines.append(_("Acties aangemaakt in het verbeterplan: %(references)s.", references=", ".join(made)))
    return lines


def proposed_acceptances(db: Session, organisation_id: int) -> frozenset[str]:
    """The references of the risks whose temporary acceptance waits for approval: not accepted (the register
    stands as it did) until someone approves; the register shows them "ter goedkeuring"."""
    waiting = pending(session=db, organisation_id=organisation_id, kind=DecisionKind.RISK_ACCEPTANCE.value)
    return frozenset(approval.subject for approval in waiting)

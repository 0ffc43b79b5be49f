"""Helpers the plan pages share: lookups scoped to the organisation, the action form's choices and values."""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _

from app.db import get_session
from app.plan.forms import NO_USER, ActionForm
from core.models import Organisation
from plan.actions import ActionData, get_action, members_of
from plan.labels import ACTION_STATUS
from plan.models import Action, ActionStatus

CODE_SPLIT = (",", ";", " ")


def action_or_404(organisation: Organisation, action_id: int) -> Action:
    action = get_action(session=get_session(), organisation_id=organisation.id, action_id=action_id)
    if action is None:
        abort(404)
    return action


def split_words(text: str | None) -> list[str]:
    words = [text or ""]
    for separator in CODE_SPLIT:
        words = [piece for word in words for piece in word.split(separator)]
    return [word.strip() for word in words if word.strip()]


def action_form(organisation: Organisation) -> ActionForm:
    form = ActionForm()
    members = members_of(session=get_session(), organisation_id=organisation.id)
    form.owner_id.choices = [(NO_USER, _("— geen gebruiker —"))] + [
        (str(user.id), user.name or user.email) for user in members
    ]
    form.status.choices = [(s.value, _(ACTION_STATUS[s])) for s in ActionStatus]
    return form


def data_from(form: ActionForm) -> ActionData:
    owner = form.owner_id.data or ""
    return ActionData(
        title=form.title.data or "",
        status=form.status.data or "",
        description=form.description.data or "",
        owner_id=int(owner) if owner.isdigit() else None,
        owner_name="" if owner.isdigit() else (form.owner_name.data or ""),
        due_on=form.due_on.data,
        effort_hours=form.effort_hours.data,
        cost_euros=form.cost_euros.data,
    )


def fill(form: ActionForm, action: Action, codes: list[str], references: list[str]) -> None:
    for name in ("title", "description", "due_on", "status", "effort_hours", "cost_euros"):
        form[name].data = getattr(action, name)
    form.owner_id.data = str(action.owner_id) if action.owner_id else NO_USER
    form.owner_name.data = "" if action.owner_id else action.owner_name
    form.requirement_codes.data = ", ".join(codes)
    form.risk_references.data = ", ".join(references)
    form.revision.data = str(action.revision)

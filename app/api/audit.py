"""Audit events (the logboek) of the organisation, for admins and auditors: what the logboek page shows
(the organisation's events and those about its members), newest first, filtered and paged."""

from __future__ import annotations

import json as jsonlib
from datetime import date, timedelta
from typing import Any

from pydantic import Field
from sqlalchemy import func
from sqlmodel import col, select

from app.api.auth import api_view
from app.api.base import bp
from app.api.conventions import ApiModel, Moment, Page, PageQuery, page_of
from app.api.spec import responses, spec
from app.db import get_session
from app.security import Permission
from controls.answers import cutoff
from core.models import AuditEvent, Membership, Organisation, User


class EventOut(ApiModel):
    id: int
    at: Moment
    action: str
    actor_name: str
    actor_email: str | None
    subject: str
    detail: str
    changes: dict[str, Any] = Field(description="field -> [before, after]")
    ip: str


class EventPage(Page):
    items: list[EventOut]


class EventQuery(PageQuery):
    since: date | None = Field(None, description="events from this day on")
    until: date | None = Field(None, description="events up to the end of this day")
    action: str = Field("", max_length=60, description="an action, or its start (answer.)")


def event_out(event: AuditEvent, email: str | None) -> EventOut:
    return EventOut(
        **event.model_dump(include={"id", "at", "action", "actor_name", "subject", "detail", "ip"}),
        actor_email=email,
        changes=jsonlib.loads(event.changes) if event.changes else {},
    )


@bp.get("/organisations/<slug>/audit-events")
@api_view(Permission.READ_AUDIT_LOG)
@spec.validate(query=EventQuery, resp=responses(EventPage), tags=["audit"], operation_id="list_audit_events")
def list_events(organisation: Organisation, query: EventQuery):
    """The organisation's audit events, newest first (admins and auditors)."""
    members = (
        select(User.email)
        .join(Membership, col(Membership.user_id) == col(User.id))
        .where(col(Membership.organisation_id) == organisation.id)
    )
    where = [(col(AuditEvent.organisation_id) == organisation.id) | col(AuditEvent.subject).in_(members)]
    if query.since:
        where.append(col(AuditEvent.at) >= cutoff(query.since - timedelta(days=1)))
    if query.until:
        where.append(col(AuditEvent.at) < cutoff(query.until))
    if query.action:
        where.append(col(AuditEvent.action).startswith(query.action, autoescape=True))
    db = get_session()
    total = db.exec(select(func.count()).select_from(AuditEvent).where(*where)).one()
    rows = db.exec(
        select(AuditEvent, User.email)
        .outerjoin(User, col(User.id) == col(AuditEvent.actor_id))
        .where(*where)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .offset((query.page - 1) * query.per_page)
        .limit(query.per_page)
    ).all()
    return page_of(EventPage, total, query, [event_out(event, email) for event, email in rows])

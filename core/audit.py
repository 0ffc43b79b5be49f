"""The audit trail: one event per change, recorded by the domain function that makes it, in its transaction."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlmodel import Session

from core import clock
from core.actor import Actor
from core.models import AuditEvent

MAX_SUBJECT = 254
MAX_DETAIL = 2000


def _plain(value: Any) -> Any:
    """A value as JSON can hold it (dates as ISO text, enums as their value)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The fields whose value differs, each as (before, after)."""
    return {
        name: (_plain(before.get(name)), _plain(after.get(name)))
        for name in after
        if _plain(before.get(name)) != _plain(after.get(name))
    }


def record_event(
    *,
    session: Session,
    action: str,
    actor: Actor | None,
    organisation_id: int | None = None,
    subject: str = "",
    detail: str = "",
    changes: Mapping[str, tuple[Any, Any]] | None = None,
) -> AuditEvent:
    """Add one event to the session's transaction (`actor` None: nobody known, e.g. a failed login)."""
    event = AuditEvent(
        at=clock.now(),
        action=action,
        actor_id=actor.user_id if actor else None,
        actor_name=(actor.name if actor else "")[:200],
        organisation_id=organisation_id,
        subject=subject[:MAX_SUBJECT],
        detail=detail[:MAX_DETAIL],
        changes=json.dumps({k: list(v) for k, v in changes.items()}, ensure_ascii=False) if changes else "",
        ip=(actor.ip if actor else "")[:64],
    )
    session.add(event)
    return event

"""The audit events of P&C moments and snapshots (risk.pc records them in its own transaction)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from core.actor import Actor
from core.audit import changed_fields, record_event
from risk.models import PCMoment, PCSnapshot


def moment_fields(moment: PCMoment) -> dict[str, Any]:
    return {
        name: getattr(moment, name) for name in ("kind", "year", "moment_on", "available_capacity", "note")
    }


def record_moment(
    *, session: Session, action: str, moment: PCMoment, actor: Actor | None, before: dict[str, Any]
) -> None:
    record_event(
        session=session,
        action=action,
        actor=actor,
        organisation_id=moment.organisation_id,
        subject=f"{moment.kind} {moment.year}",
        changes=changed_fields(before, moment_fields(moment)),
    )


def record_snapshot(*, session: Session, moment: PCMoment, snapshot: PCSnapshot, actor: Actor) -> None:
    shown = {"required_capacity": round(snapshot.required_capacity), "method": snapshot.method}
    record_event(
        session=session,
        action="pc.snapshot_taken",
        actor=actor,
        organisation_id=moment.organisation_id,
        subject=f"{moment.kind} {moment.year}",
        detail=f"sha256={snapshot.sha256}",
        changes=changed_fields({}, shown | {"risk_count": snapshot.risk_count}),
    )

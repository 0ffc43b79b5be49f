"""Objects of the incident area for the access matrix (tests/routes.py): one incident per organisation."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, select

from core.actor import Actor
from incidents.models import Incident
from incidents.register import create_incident
from incidents.rules import IncidentData
from tests.factories import World


def _incident(session: Session, organisation_id: int) -> int:
    incident = session.exec(select(Incident).where(Incident.organisation_id == organisation_id)).first()
    if incident is None:
        data = IncidentData(
            title="Storing", aware_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC), significant=True
        )
        incident = create_incident(
            session=session, organisation_id=organisation_id, data=data, actor=Actor.system("test")
        )
        session.commit()
    return incident.id


def incident_sample_values(session: Session, world: World) -> tuple[dict, dict]:
    own = {"incident_id": _incident(session, world.own.id), "kind": "early-warning"}
    other = {"incident_id": _incident(session, world.other.id), "kind": "early-warning"}
    return own, other

"""The incident register: record incidents as revisions, record the messages sent, read the register with
each incident's clocks. Every change records its audit event."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from core import clock
from core.actor import Actor
from core.audit import changed_fields, record_event
from core.dbtypes import id_of
from core.errors import RuleError, StaleEdit
from incidents.clocks import Deadline, SentMessage, as_utc, deadlines
from incidents.models import Incident, IncidentMessage, IncidentRevision, IncidentStatus
from incidents.rules import IncidentData, message_problems, unknown_links
from risk.reading import risk_references

FIELDS = tuple(name for name in IncidentData.__dataclass_fields__)
LISTS = ("thresholds", "links")


def _columns(data: IncidentData) -> dict[str, Any]:
    values = {name: getattr(data, name) for name in FIELDS}
    for name in LISTS:
        values[name] = ",".join(values[name])
    return values


def data_of(row: Incident | IncidentRevision) -> IncidentData:
    values = {name: getattr(row, name) for name in FIELDS}
    for name in LISTS:
        values[name] = tuple(v for v in (values[name] or "").split(",") if v)
    for name in ("aware_at", "occurred_at", "handled_at"):
        if values[name] is not None:
            values[name] = as_utc(values[name])
    return IncidentData(**values)


def check(*, session: Session, organisation_id: int, data: IncidentData) -> IncidentData:
    """Normalise and check `data`, the links against their registers; raises RuleError."""
    data = data.normalised()
    problems = data.problems(now=clock.now())
    if data.references("risk"):
        known = risk_references(session=session, organisation_id=organisation_id)
        problems += unknown_links(data, kind="risk", known=known)
    if problems:
        raise RuleError(problems)
    return data


def _revision(incident: Incident, data: IncidentData, actor: Actor, note: str) -> IncidentRevision:
    return IncidentRevision(
        incident_id=id_of(incident),
        number=incident.revision,
        note=note[:500],
        changed_at=incident.changed_at,
        changed_by_id=actor.user_id,
        changed_by=actor.name[:254],
        **_columns(data),
    )


def create_incident(
    *, session: Session, organisation_id: int, data: IncidentData, actor: Actor, note: str = ""
) -> Incident:
    """Add an incident to the register with its first revision."""
    data = check(session=session, organisation_id=organisation_id, data=data)
    newest = session.exec(
        select(func.max(col(Incident.number))).where(col(Incident.organisation_id) == organisation_id)
    ).one()
    now = clock.now()
    incident = Incident(
        organisation_id=organisation_id,
        number=(newest or 0) + 1,
        created_at=now,
        changed_at=now,
        **_columns(data),
    )
    session.add(incident)
    session.flush()
    session.add(_revision(incident, data, actor, note))
    record_event(
        session=session,
        action="incident.created",
        actor=actor,
        organisation_id=organisation_id,
        subject=f"{incident.reference} {data.title}",
        changes=changed_fields({}, _columns(data)),
    )
    session.flush()
    return incident


def update_incident(
    *,
    session: Session,
    incident: Incident,
    data: IncidentData,
    base_revision: int,
    actor: Actor,
    note: str = "",
) -> Incident:
    """Append a revision (StaleEdit when the incident moved on since `base_revision`). Nothing changed:
    nothing is added."""
    if base_revision != incident.revision:
        raise StaleEdit(incident.reference, base_revision, incident.revision)
    data = check(session=session, organisation_id=incident.organisation_id, data=data)
    before = _columns(data_of(incident))
    after = _columns(data)
    changes = changed_fields(before, after)
    if not changes:
        return incident
    for name, value in after.items():
        setattr(incident, name, value)
    incident.revision += 1
    incident.changed_at = clock.now()
    session.add(incident)
    session.add(_revision(incident, data, actor, note))
    record_event(
        session=session,
        action="incident.changed",
        actor=actor,
        organisation_id=incident.organisation_id,
        subject=f"{incident.reference} {data.title}",
        changes=changes,
    )
    session.flush()
    return incident


def record_message(
    *,
    session: Session,
    incident: Incident,
    kind: str,
    recipient: str,
    sent_at: datetime,
    content: str,
    actor: Actor,
    portal_reference: str = "",
) -> IncidentMessage:
    """Record a message sent to the CSIRT and/or the competent authority."""
    content = content.strip().replace("\r\n", "\n")
    problems = message_problems(
        kind=kind,
        recipient=recipient,
        sent_at=sent_at,
        aware_at=incident.aware_at,
        content=content,
        now=clock.now(),
    )
    if problems:
        raise RuleError(problems)
    message = IncidentMessage(
        incident_id=id_of(incident),
        organisation_id=incident.organisation_id,
        kind=kind,
        recipient=recipient,
        sent_at=sent_at,
        content=content,
        portal_reference=portal_reference.strip()[:100],
        recorded_by_id=actor.user_id,
        recorded_by=actor.name[:254],
    )
    session.add(message)
    record_event(
        session=session,
        action="incident.message_recorded",
        actor=actor,
        organisation_id=incident.organisation_id,
        subject=f"{incident.reference} {kind}",
        changes=changed_fields({}, {"kind": kind, "recipient": recipient, "sent_at": sent_at}),
    )
    session.flush()
    return message


def get_incident(*, session: Session, organisation_id: int, incident_id: int) -> Incident | None:
    """The incident, if it belongs to the organisation."""
    incident = session.get(Incident, incident_id)
    return incident if incident is not None and incident.organisation_id == organisation_id else None


def incident_by_number(*, session: Session, organisation_id: int, number: int) -> Incident | None:
    return session.exec(
        select(Incident).where(Incident.organisation_id == organisation_id, Incident.number == number)
    ).first()


def history_of(*, session: Session, incident: Incident) -> list[IncidentRevision]:
    return list(
        session.exec(
            select(IncidentRevision)
            .where(IncidentRevision.incident_id == id_of(incident))
            .order_by(col(IncidentRevision.number))
        ).all()
    )


def messages_of(*, session: Session, incident_ids: Sequence[int]) -> dict[int, list[IncidentMessage]]:
    """The messages of the incidents, oldest first, by incident id (one query)."""
    found: dict[int, list[IncidentMessage]] = {i: [] for i in incident_ids}
    if not incident_ids:
        return found
    rows = session.exec(
        select(IncidentMessage)
        .where(col(IncidentMessage.incident_id).in_(incident_ids))
        .order_by(col(IncidentMessage.sent_at), col(IncidentMessage.id))
    ).all()
    for row in rows:
        found[row.incident_id].append(row)
    return found


def clocks_of(incident: Incident, messages: Iterable[IncidentMessage]) -> list[Deadline]:
    return deadlines(
        aware_at=incident.aware_at,
        significant=incident.significant,
        handled_at=incident.handled_at,
        messages=[SentMessage(m.kind, m.recipient, m.sent_at) for m in messages],
    )


@dataclass(frozen=True)
class IncidentState:
    incident: Incident
    messages: list[IncidentMessage]
    deadlines: list[Deadline]

    @property
    def open(self) -> bool:
        return self.incident.status != IncidentStatus.CLOSED.value


def list_incidents(
    *, session: Session, organisation_id: int, significant_open_only: bool = False
) -> list[IncidentState]:
    """The register, newest first, each incident with its messages and clocks (two queries)."""
    query = select(Incident).where(Incident.organisation_id == organisation_id)
    if significant_open_only:
        query = query.where(
            col(Incident.significant).is_(True), col(Incident.status) != IncidentStatus.CLOSED.value
        )
    incidents = list(session.exec(query.order_by(col(Incident.number).desc())).all())
    messages = messages_of(session=session, incident_ids=[id_of(i) for i in incidents])
    return [IncidentState(i, messages[id_of(i)], clocks_of(i, messages[id_of(i)])) for i in incidents]


def state_of(*, session: Session, incident: Incident) -> IncidentState:
    messages = messages_of(session=session, incident_ids=[id_of(incident)])[id_of(incident)]
    return IncidentState(incident, messages, clocks_of(incident, messages))

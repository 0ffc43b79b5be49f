"""Reminders to the CISO 6 h and 1 h before a deadline of a significant incident: which are due, and a
claim in the database first, so that one reminder goes out once across processes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.dbtypes import id_of
from core.models import Membership, Organisation, Role, User
from incidents.clocks import Deadline, as_utc, reminders_due
from incidents.models import Incident, IncidentReminder
from incidents.register import list_incidents


@dataclass(frozen=True)
class DueReminder:
    incident: Incident
    organisation_name: str
    deadline: Deadline
    lead_hours: int


def due_reminders(*, session: Session, now: datetime) -> list[DueReminder]:
    """The reminders due now over every organisation, those claimed before left out."""
    claimed = {
        (r.incident_id, r.deadline, as_utc(r.due_at), r.lead_hours)
        for r in session.exec(select(IncidentReminder)).all()
    }
    found = []
    for organisation in session.exec(select(Organisation)).all():
        states = list_incidents(
            session=session, organisation_id=id_of(organisation), significant_open_only=True
        )
        for state in states:
            for deadline, lead in reminders_due(state.deadlines, now):
                key = (id_of(state.incident), deadline.kind.value, deadline.due_at, lead)
                if key not in claimed:
                    found.append(DueReminder(state.incident, organisation.name, deadline, lead))
    return found


def ciso_addresses(*, session: Session, organisation_id: int) -> list[str]:
    """The e-mail addresses of the organisation's active CISOs."""
    return sorted(
        session.exec(
            select(col(User.email))
            .join(Membership, col(Membership.user_id) == col(User.id))
            .where(
                col(Membership.organisation_id) == organisation_id,
                col(Membership.role) == Role.CISO.value,
                col(User.active).is_(True),
            )
        ).all()
    )


def claim_reminder(
    *, session: Session, reminder: DueReminder, recipients: list[str]
) -> IncidentReminder | None:
    """Claim the reminder (None: another process claimed it first). The caller commits before mailing."""
    row = IncidentReminder(
        incident_id=id_of(reminder.incident),
        deadline=reminder.deadline.kind.value,
        due_at=reminder.deadline.due_at,
        lead_hours=reminder.lead_hours,
        recipients=", ".join(recipients)[:1000],
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return None
    return row


def finish_reminder(*, session: Session, reminder: IncidentReminder, outcome: str) -> None:
    reminder.outcome = outcome[:300]
    session.add(reminder)
    session.flush()

"""The scheduler's reminder job: mail the CISOs of an organisation 6 h and 1 h before each deadline of an open
significant incident. Each reminder is claimed in the database and committed before it is mailed, so it goes
out once, also with several scheduler processes; a mail failure is recorded on the claim."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from sqlmodel import Session

from app.db import engine
from app.reports.common import smtp_settings
from core import clock
from incidents.labels import MESSAGE_KIND
from incidents.reminders import DueReminder, ciso_addresses, claim_reminder, due_reminders, finish_reminder
from reports.mail import MailError, send_message

REMINDER_MINUTES = 5  # how often the job looks


def reminder_message(reminder: DueReminder, recipients: list[str], sender: str) -> EmailMessage:
    incident = reminder.incident
    name = MESSAGE_KIND[reminder.deadline.kind]
    due = clock.local_minute(reminder.deadline.due_at)
    message = EmailMessage()
    message["Subject"] = (
        f"Over {reminder.lead_hours} uur: {name} {incident.reference} – {reminder.organisation_name}"
    )
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="naleving")
    message.set_content(
        "Goedendag,\n\n"
        f"De termijn voor de {name} van incident {incident.reference} ({incident.title}) verloopt op "
        f"{due} (lokale tijd), over minder dan {reminder.lead_hours} uur.\n"
        "Het concept staat bij het incident in Naleving; leg het verzonden bericht daar vast.\n\n"
        "Dit bericht is automatisch verstuurd.\n"
    )
    return message


def send_incident_reminders() -> int:
    """Send the reminders due now; returns how many were mailed."""
    settings = smtp_settings()
    sent = 0
    with Session(engine(), expire_on_commit=False) as session:
        for reminder in due_reminders(session=session, now=clock.now()):
            recipients = ciso_addresses(session=session, organisation_id=reminder.incident.organisation_id)
            claim = claim_reminder(session=session, reminder=reminder, recipients=recipients)
            session.commit()
            if claim is None:
                continue
            if not recipients:
                finish_reminder(session=session, reminder=claim, outcome="geen CISO om te mailen")
            else:
                try:
                    send_message(settings, reminder_message(reminder, recipients, settings.sender))
                except MailError as error:
                    finish_reminder(session=session, reminder=claim, outcome=str(error))
                else:
                    finish_reminder(session=session, reminder=claim, outcome="sent")
                    sent += 1
            session.commit()
    return sent

"""E-mail of a new report to the recipients of its schedule, through the SMTP server of the instance
config."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from reports.models import ReportFormat, ReportKind, ReportRecord
from reports.parameters import KIND_LABELS

MEDIA_TYPES = {
    ReportFormat.PDF: ("application", "pdf"),
    ReportFormat.XLSX: ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


class MailError(RuntimeError):
    """The report could not be mailed; the message says why."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str | None
    port: int = 25
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    sender: str = "naleving@localhost"
    timeout: float = 30.0


def report_message(
    *, record: ReportRecord, organisation_name: str, recipients: list[str], content: bytes, sender: str
) -> EmailMessage:
    """A plain Dutch message with the report attached."""
    from reports.pdf import dutch_datetime  # with the report's libraries, only when a report is mailed

    label = KIND_LABELS[ReportKind(record.kind)]
    message = EmailMessage()
    message["Subject"] = f"{label} – {organisation_name}"
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="naleving")
    message.set_content(
        f"Goedendag,\n\nIn de bijlage vindt u de {label.lower()} van {organisation_name}, "
        f"gegenereerd op {dutch_datetime(record.generated_at)} volgens een vaste planning.\n\n"
        f"SHA-256 van de bijlage: {record.sha256}\n"
        "Het rapport staat ook in het rapportarchief van Naleving, waar u de integriteit kunt "
        "controleren.\n\n"
        "Dit bericht is automatisch verstuurd.\n"
    )
    maintype, subtype = MEDIA_TYPES[ReportFormat(record.format)]
    message.add_attachment(content, maintype=maintype, subtype=subtype, filename=record.filename)
    return message


def send_message(settings: SmtpSettings, message: EmailMessage) -> None:
    """Deliver through SMTP; any failure becomes a MailError with a one-line reason."""
    if not settings.host:
        raise MailError("geen SMTP-server ingesteld (SMTP_HOST)")
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as smtp:
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.username:
                smtp.login(settings.username, settings.password or "")
            refused = smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as error:
        raise MailError(f"versturen mislukt: {type(error).__name__}: {error}") from None
    if refused:
        raise MailError("geweigerd door de server voor: " + ", ".join(sorted(refused)))

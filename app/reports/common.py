"""What the views, the CLI and the scheduler's jobs share: where the archive is, how a report is
parameterised, and how mail is configured."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import current_app

from core import clock
from core.models import Organisation
from reports.mail import SmtpSettings
from reports.parameters import ReportParameters

ARCHIVE_FOLDER = "reports"


def archive_root() -> Path:
    """The report archive under the instance folder."""
    return Path(current_app.instance_path) / ARCHIVE_FOLDER


def report_parameters(
    organisation: Organisation,
    *,
    generated_by: str,
    as_of: date | None = None,
    moment_id: int | None = None,
    year: int | None = None,
    language: str = "nl",
) -> ReportParameters:
    return ReportParameters(
        organisation_name=organisation.name,
        organisation_slug=organisation.slug,
        generated_by=generated_by,
        generated_at=clock.now(),
        as_of=as_of,
        moment_id=moment_id,
        year=year,
        language=language,
    )


def smtp_settings() -> SmtpSettings:
    config = current_app.config
    return SmtpSettings(
        host=config.get("SMTP_HOST") or None,
        port=int(config.get("SMTP_PORT") or 25),
        username=config.get("SMTP_USERNAME") or None,
        password=config.get("SMTP_PASSWORD") or None,
        starttls=bool(config.get("SMTP_STARTTLS")),
        sender=config.get("MAIL_FROM") or "naleving@localhost",
    )

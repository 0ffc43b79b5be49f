"""Demo reports for Gemeente Voorbeeld: a few archived reports and one schedule, made once."""

from __future__ import annotations

from sqlmodel import Session, select

from app.reports.common import archive_root, report_parameters
from core.actor import Actor
from core.models import Organisation
from reports.builders import formats_of, generate_report
from reports.models import ReportFormat, ReportKind, ReportRecord, Schedule
from reports.schedules import ScheduleInput, create_schedule

DEMO_AUTHOR = Actor.system("Carla Securitas (demo)")
DEMO_REPORTS = (
    (ReportKind.SOA, ReportFormat.PDF),
    (ReportKind.SOA, ReportFormat.XLSX),
    (ReportKind.RISKS, ReportFormat.PDF),
    (ReportKind.MANAGEMENT, ReportFormat.PDF),
)


def seed_reports(session: Session, organisations: dict[str, Organisation]) -> None:
    """Archive the demo reports and add a monthly schedule, unless the organisation has reports already."""
    organisation = organisations["voorbeeld"]
    if session.exec(select(ReportRecord.id).where(ReportRecord.organisation_id == organisation.id)).first():
        return
    for kind, format in DEMO_REPORTS:
        if format not in formats_of(kind):
            continue
        generate_report(
            session=session,
            root=archive_root(),
            organisation_id=organisation.id,
            kind=kind,
            format=format,
            params=report_parameters(organisation, generated_by=DEMO_AUTHOR.name),
            actor=DEMO_AUTHOR,
        )
    if not session.exec(select(Schedule.id).where(Schedule.organisation_id == organisation.id)).first():
        kind = ReportKind.MANAGEMENT if formats_of(ReportKind.MANAGEMENT) else ReportKind.SOA
        create_schedule(
            session=session,
            organisation_id=organisation.id,
            values=ScheduleInput(
                kind=kind.value, format="pdf", preset="monthly", recipients="management@voorbeeld.nl"
            ),
            formats_of=formats_of,
            created_by_user_id=None,
            actor=Actor.system("demo"),
        )

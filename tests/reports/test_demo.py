"""`naleving demo` leaves a few archived reports and one schedule, once."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from core.models import Organisation
from reports.archive import verify_report
from reports.models import ReportRecord, Schedule
from tests.conftest import DEMO_PASSWORD


def test_demo_archives_reports_and_adds_a_schedule_once(cli, db, app, demo, monkeypatch):
    monkeypatch.setenv("NALEVING_DEMO_PASSWORD", DEMO_PASSWORD)  # the demo fixture's own run, once more
    assert cli("demo").exit_code == 0
    voorbeeld = db.exec(select(Organisation).where(Organisation.slug == "voorbeeld")).one()
    records = db.exec(select(ReportRecord).where(ReportRecord.organisation_id == voorbeeld.id)).all()
    assert {(r.kind, r.format) for r in records} >= {("soa", "pdf"), ("soa", "xlsx")}
    assert len(records) == len({(r.kind, r.format) for r in records})
    root = Path(app.instance_path) / "reports"
    assert all(verify_report(root=root, record=record) for record in records)
    [schedule] = db.exec(select(Schedule).where(Schedule.organisation_id == voorbeeld.id)).all()
    assert schedule.enabled and schedule.recipient_list == ["management@voorbeeld.nl"]

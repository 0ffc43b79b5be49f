"""`naleving report` writes the report and archives it; user errors give one line and exit status 1."""

from __future__ import annotations

import pytest
from sqlmodel import select

from reports.archive import report_path
from reports.models import ReportRecord


def test_report_is_written_and_archived(cli, db, world, archive, stand_in_builders, tmp_path):
    out = tmp_path / "vvt.pdf"
    result = cli("report", "soa", "--org", "voorbeeld", "--out", str(out), "--as-of", "2026-03-01")
    assert result.exit_code == 0, result.stderr
    record = db.exec(select(ReportRecord)).one()
    assert out.read_bytes() == report_path(archive, record).read_bytes()
    assert record.sha256 in result.stdout
    assert record.parameters["as_of"] == "2026-03-01"
    assert record.generated_by.startswith("opdrachtregel (")
    assert record.generated_by_user_id is None
    assert not list(tmp_path.glob(".*.part"))


def test_report_in_excel(cli, db, world, stand_in_builders, tmp_path):
    out = tmp_path / "risicos.xlsx"
    result = cli("report", "risks", "--org", "voorbeeld", "--out", str(out), "--format", "xlsx")
    assert result.exit_code == 0, result.stderr
    assert db.exec(select(ReportRecord)).one().format == "xlsx"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["soa", "--org", "nergens"], "onbekende organisatie 'nergens'"),
        (["soa", "--org", "voorbeeld", "--as-of", "1-3-2026"], "ongeldige datum '1-3-2026'"),
        (["soa", "--org", "voorbeeld", "--moment", "3"], "--moment hoort alleen bij het rapport pc"),
        (["weekly", "--org", "voorbeeld"], "weekly"),
        (["soa", "--org", "voorbeeld", "--format", "docx"], "docx"),
    ],
)
def test_user_errors_give_one_line(cli, db, world, stand_in_builders, tmp_path, args, message):
    result = cli("report", *args, "--out", str(tmp_path / "x.pdf"))
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert db.exec(select(ReportRecord)).all() == []


def test_a_kind_without_that_format_is_a_user_error(cli, world, stand_in_builders, monkeypatch, tmp_path):
    from reports.builders import BUILDERS
    from reports.models import ReportFormat, ReportKind

    monkeypatch.delitem(BUILDERS, (ReportKind.MANAGEMENT, ReportFormat.XLSX))
    result = cli(
        "report", "management", "--org", "voorbeeld", "--out", str(tmp_path / "m.xlsx"), "--format", "xlsx"
    )
    assert result.exit_code == 1
    assert "bestaat niet als xlsx" in result.stderr


def test_missing_output_folder_is_a_user_error(cli, world, stand_in_builders, tmp_path):
    result = cli("report", "soa", "--org", "voorbeeld", "--out", str(tmp_path / "nope" / "x.pdf"))
    assert result.exit_code == 1
    assert "map bestaat niet" in result.stderr


def test_scheduler_command_is_registered(cli):
    result = cli("scheduler", "--help")
    assert result.exit_code == 0
    assert "planner" in result.stdout


def test_scheduler_runs_in_the_foreground_until_told_to_stop(app, world):
    """`naleving scheduler` as production runs it: its own process; SIGTERM stops it cleanly."""
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    from sqlalchemy import text

    from tests.conftest import engine_of

    env = os.environ | {
        "NALEVING_DATABASE_URL": app.config["DATABASE_URL"],
        "NALEVING_INSTANCE_PATH": app.instance_path,
        "NALEVING_SECRET_KEY": "test",
    }
    naleving = Path(sys.executable).parent / "naleving"
    with subprocess.Popen(
        [str(naleving), "scheduler"], env=env, stdout=subprocess.PIPE, text=True
    ) as process:
        try:
            assert process.stdout.readline().strip() == "planner draait (stoppen: Ctrl-C)"
            process.send_signal(signal.SIGTERM)
            output, _ = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == 0
    assert "planner gestopt" in output
    with engine_of(app).connect() as connection:
        jobs = {row[0] for row in connection.execute(text("SELECT id FROM apscheduler_jobs"))}
    assert {"reports.sync", "reports.sweep"} <= jobs

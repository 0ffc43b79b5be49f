"""Faults: `naleving report` killed (SIGKILL) at any moment of its work leaves no half-written file, no
archive record without its intact file. A complete file without a record can remain; the sweep removes it."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from reports.archive import STORED_NAME, TEMP_PREFIX, sweep_orphans, verify_report
from reports.models import ReportRecord
from tests.risk.factories import make_risk

NALEVING = Path(sys.executable).parent / "naleving"


@pytest.mark.parametrize("delay", [0.2, 0.6, 1.0, 1.5, 2.5, None])  # None: not killed, the report is kept
def test_report_killed_mid_write_leaves_no_partial_file_or_orphan_record(
    app, db, world, catalogue, tmp_path, delay
):
    make_risk(db, world.own.id, title="Uitval van de stroomvoorziening")
    env = dict(
        os.environ,
        NALEVING_DATABASE_URL=app.config["DATABASE_URL"],
        NALEVING_INSTANCE_PATH=app.instance_path,
        NALEVING_SECRET_KEY="fault-test",
        NALEVING_SCHEDULER_ENABLED="0",
    )
    out = tmp_path / "soa.pdf"
    process = subprocess.Popen(
        [str(NALEVING), "report", "soa", "--org", "voorbeeld", "--out", str(out)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if delay is None:
        assert process.wait(timeout=120) == 0
    else:
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)

    archive = Path(app.instance_path) / "reports"
    records = db.exec(select(ReportRecord)).all()
    for record in records:  # no record without its intact file
        assert verify_report(root=archive, record=record), record.id
    finals = (
        [p for p in archive.rglob("*") if p.is_file() and STORED_NAME.match(p.name)]
        if archive.exists()
        else []
    )
    for path in finals:  # every file under its final name is complete: its name is its hash
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name.split(".")[0]
    if out.exists():  # the --out file is whole or absent
        assert out.read_bytes().startswith(b"%PDF-") and out.read_bytes().rstrip().endswith(b"%%EOF")
    if delay is None:
        assert len(records) == 1 and out.exists()
    sweep_orphans(session=db, root=archive, older_than=timedelta(0))
    leftovers = [p for p in archive.rglob("*") if p.is_file()] if archive.exists() else []
    assert not [p for p in leftovers if p.name.startswith(TEMP_PREFIX)]
    assert len(leftovers) == len(records)

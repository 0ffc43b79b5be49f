"""Report file names carry the Dutch date; an auditor checks a copy on the report page or with
`naleving report verify FILE` (SHA-256 compared, nothing stored)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import select

from core.models import Role
from reports.archive import report_path
from reports.models import ReportRecord
from tests.reports.test_views import generate


def the_record(db) -> ReportRecord:
    db.expire_all()
    return db.exec(select(ReportRecord).order_by(ReportRecord.id.desc())).first()


def test_a_report_made_just_after_local_midnight_is_named_after_the_local_day(
    client, db, world, login_as, stand_in_builders, fixed_clock
):
    fixed_clock(datetime(2026, 12, 31, 23, 30, tzinfo=UTC))  # 00:30 on 1 January in Amsterdam
    login_as(Role.CISO)
    generate(client)
    assert the_record(db).filename == "vvt-voorbeeld-2027-01-01.pdf"


def copy_check(client, record, data: bytes, name="kopie.pdf"):
    return client.post(
        f"/o/voorbeeld/rapporten/{record.id}/kopie-controleren",
        data={"copy": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_an_auditor_checks_an_uploaded_copy_and_nothing_is_stored(
    app, client, db, world, login_as, stand_in_builders
):
    login_as(Role.CISO)
    generate(client)
    record = the_record(db)
    original = report_path(Path(app.instance_path) / "reports", record).read_bytes()
    client.post("/logout")
    login_as(Role.AUDITOR)
    files_before = sorted(Path(app.instance_path).rglob("*"))

    page = client.get(f"/o/voorbeeld/rapporten/{record.id}").get_data(as_text=True)
    assert "Een kopie controleren" in page and 'enctype="multipart/form-data"' in page

    same = copy_check(client, record, original, "rapport uit de mail.pdf")
    assert same.status_code == 200
    assert "Identiek: rapport uit de mail.pdf is byte voor byte gelijk" in same.get_data(as_text=True)

    changed = copy_check(client, record, original[:-1] + b"X")
    text = changed.get_data(as_text=True)
    assert "Niet identiek: kopie.pdf verschilt" in text and "SHA-256 van de kopie:" in text

    longer = copy_check(client, record, original + b"more")
    assert "De kopie is groter dan het gearchiveerde rapport." in longer.get_data(as_text=True)

    empty = client.post(f"/o/voorbeeld/rapporten/{record.id}/kopie-controleren", data={})
    assert empty.status_code == 400 and "Kies een bestand." in empty.get_data(as_text=True)
    assert sorted(Path(app.instance_path).rglob("*")) == files_before  # nothing kept


def test_a_copy_larger_than_the_request_limit_is_refused(app, client, db, world, login_as, stand_in_builders):
    login_as(Role.CISO)
    generate(client)
    record = the_record(db)
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = copy_check(client, record, b"x" * 5000)
    assert response.status_code == 413


def test_report_verify_names_the_matching_report_or_exits_1(
    app, cli, client, db, world, login_as, stand_in_builders, tmp_path
):
    login_as(Role.CISO)
    generate(client)
    record = the_record(db)
    copy = tmp_path / "kopie.pdf"
    copy.write_bytes(report_path(Path(app.instance_path) / "reports", record).read_bytes())
    result = cli("report", "verify", str(copy))
    assert result.exit_code == 0, result.stderr
    assert f"identiek aan rapport {record.id} van voorbeeld: soa pdf, {record.filename}" in result.stdout
    assert record.sha256 in result.stdout

    copy.write_bytes(b"something else")
    result = cli("report", "verify", str(copy))
    assert result.exit_code == 1
    assert result.stderr.startswith("naleving: geen gearchiveerd rapport heeft deze SHA-256: ")
    assert result.stderr.count("\n") == 1

    missing = cli("report", "verify", str(tmp_path / "nothing.pdf"))
    assert missing.exit_code == 1 and "Traceback" not in missing.stderr
    # making a report keeps its old form: `naleving report KIND ...`
    made = cli("report", "soa", "--org", "voorbeeld", "--out", str(tmp_path / "new.pdf"))
    assert made.exit_code == 0, made.stderr

"""The archive: bytes kept immutably and atomically, record and file together, verify recomputes the hash."""

from __future__ import annotations

import hashlib
import os
import stat
from datetime import timedelta

import pytest
from sqlmodel import select

from core.actor import Actor
from reports import archive as archive_module
from reports.archive import (
    read_report,
    report_of,
    report_path,
    reports_of,
    store_report,
    sweep_orphans,
    verify_report,
)
from reports.models import ReportRecord


def store(db, archive, organisation_id: int, content: bytes = b"%PDF-1.7 inhoud", **kwargs) -> ReportRecord:
    values = {
        "kind": "soa",
        "format": "pdf",
        "parameters": {"as_of": "2026-03-01"},
        "actor": Actor.system("Carla Securitas"),
        "filename": "vvt-voorbeeld-2026-03-01.pdf",
    } | kwargs
    return store_report(session=db, root=archive, organisation_id=organisation_id, content=content, **values)


def test_store_keeps_bytes_and_metadata(db, world, archive):
    content = b"%PDF-1.7 " + os.urandom(2000)
    record = store(db, archive, world.own.id, content)
    db.commit()

    path = archive / str(world.own.id) / f"{hashlib.sha256(content).hexdigest()}.pdf"
    assert report_path(archive, record) == path
    assert path.read_bytes() == content
    assert record.sha256 == hashlib.sha256(content).hexdigest()
    assert record.size == len(content)
    assert record.parameters == {"as_of": "2026-03-01"}
    assert record.generated_by == "Carla Securitas"
    assert read_report(root=archive, record=record) == content
    assert verify_report(root=archive, record=record) is True


def test_archived_files_are_read_only_and_no_temporary_file_remains(db, world, archive):
    record = store(db, archive, world.own.id)
    path = report_path(archive, record)
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_verify_notices_a_changed_or_missing_file(db, world, archive):
    record = store(db, archive, world.own.id)
    db.commit()
    path = report_path(archive, record)
    path.chmod(0o644)
    path.write_bytes(path.read_bytes().replace(b"inhoud", b"INHOUD"))
    assert verify_report(root=archive, record=record) is False
    path.unlink()
    assert verify_report(root=archive, record=record) is False


def test_identical_reports_share_one_file(db, world, archive):
    first = store(db, archive, world.own.id)
    second = store(db, archive, world.own.id)
    db.commit()
    assert first.id != second.id
    assert report_path(archive, first) == report_path(archive, second)
    assert verify_report(root=archive, record=second)


def test_a_crash_between_write_and_commit_leaves_no_record_and_the_file_is_swept(
    db, world, archive, fixed_clock
):
    """The process dies after the file is in place but before the transaction commits."""
    record = store(db, archive, world.own.id, b"%PDF-1.7 never committed")
    path = report_path(archive, record)
    db.rollback()  # what the database does with an uncommitted transaction when its process dies

    assert path.exists()  # a complete file, but no record: nothing lists it
    assert db.exec(select(ReportRecord)).all() == []
    assert reports_of(session=db, organisation_id=world.own.id) == []

    assert sweep_orphans(session=db, root=archive) == []  # too young: could be a transaction in progress
    fixed_clock(archive_module.clock.now() + timedelta(hours=2))
    assert sweep_orphans(session=db, root=archive) == [path]
    assert not path.exists()


def test_sweep_keeps_files_with_a_record(db, world, archive, fixed_clock):
    record = store(db, archive, world.own.id)
    db.commit()
    fixed_clock(archive_module.clock.now() + timedelta(days=2))
    assert sweep_orphans(session=db, root=archive) == []
    assert verify_report(root=archive, record=record)


def test_a_crash_during_the_write_never_leaves_half_a_file(db, world, archive, monkeypatch, fixed_clock):
    def power_cut(*_args):
        raise OSError("power cut")

    monkeypatch.setattr(archive_module.os, "replace", power_cut)
    with pytest.raises(OSError, match="power cut"):
        store(db, archive, world.own.id, b"%PDF-1.7 " + b"x" * 100_000)
    folder = archive / str(world.own.id)
    assert list(folder.iterdir()) == []  # the temporary file is removed, the final name never existed

    # a hard crash would leave the temporary file: it has a name no record can have, and the sweep removes it
    leftover = folder / ".tmp-abc.part"
    leftover.write_bytes(b"half")
    fixed_clock(archive_module.clock.now() + timedelta(hours=2))
    assert sweep_orphans(session=db, root=archive) == [leftover]


def test_a_damaged_file_is_replaced_by_the_right_bytes_when_stored_again(db, world, archive):
    content = b"%PDF-1.7 origineel"
    first = store(db, archive, world.own.id, content)
    db.commit()
    path = report_path(archive, first)
    path.chmod(0o644)
    path.write_bytes(b"damaged")
    assert not verify_report(root=archive, record=first)
    store(db, archive, world.own.id, content)
    assert verify_report(root=archive, record=first)


def test_lookup_is_scoped_to_the_organisation(db, world, archive):
    own = store(db, archive, world.own.id)
    other = store(db, archive, world.other.id, b"%PDF-1.7 other")
    db.commit()
    assert report_of(session=db, organisation_id=world.own.id, report_id=own.id) == own
    assert report_of(session=db, organisation_id=world.own.id, report_id=other.id) is None
    assert [r.id for r in reports_of(session=db, organisation_id=world.own.id)] == [own.id]


def test_the_path_is_built_from_the_hash_only(db, world, archive):
    record = store(db, archive, world.own.id)
    record.sha256 = "../../../etc/passwd"
    with pytest.raises(ValueError):
        report_path(archive, record)


def test_backup_and_restore_keep_the_archive_intact_and_read_only(cli, db, world, archive, tmp_path):
    record = store(db, archive, world.own.id, b"%PDF-1.7 bewaard")
    db.commit()
    assert cli("backup", "--out", str(tmp_path / "backup.zip")).exit_code == 0
    report_path(archive, record).chmod(0o644)
    report_path(archive, record).write_bytes(b"kapot")
    result = cli("restore", str(tmp_path / "backup.zip"))
    assert result.exit_code == 0, result.stderr
    db.expire_all()
    [restored] = reports_of(session=db, organisation_id=world.own.id)
    assert verify_report(root=archive, record=restored)
    assert stat.S_IMODE(report_path(archive, restored).stat().st_mode) == 0o444

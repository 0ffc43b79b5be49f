"""Backups from one snapshot while people keep writing; a broken backup file changes nothing; restore is all or
nothing, files included, and the append-only guard survives it, refused or not (SQLite and PostgreSQL)."""

from __future__ import annotations

import errno
import json
import os
import threading
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from controls.answer_models import Answer, AnswerRevision
from controls.answers import answer_of, current_revision, record_answer
from controls.models import Requirement
from controls.rules import AnswerValues
from core.actor import Actor
from core.errors import StaleEdit
from risk.models import Risk
from risk.register import update_risk
from tests.conftest import engine_of
from tests.ops.backups import check_restored, orphans, refuses_changes, triggers
from tests.risk.factories import make_risk, risk_data
from tests.test_backup import snapshot

BACKUPS = 4


def write_answers(app, organisation_id: int, codes: list[str], stop: threading.Event, counts: dict) -> None:
    """New answers and their revisions, one requirement after another, until told to stop."""
    with Session(engine_of(app), expire_on_commit=False) as session:
        for code in codes:
            if stop.is_set():
                return
            requirement_id = session.exec(select(Requirement.id).where(Requirement.code == code)).one()
            for round_ in range(2):
                existing = answer_of(
                    session=session, organisation_id=organisation_id, requirement_id=requirement_id
                )
                latest = current_revision(session=session, answer_id=existing.id) if existing else None
                try:
                    record_answer(
                        session=session,
                        organisation_id=organisation_id,
                        requirement_id=requirement_id,
                        values=AnswerValues(
                            applicability="applicable",
                            implementation="implemented" if round_ else "planned",
                            design="sufficient" if round_ else "not_assessed",
                            last_reviewed_on=date(2026, 3, 1),
                        ),
                        base_revision=latest.number if latest else 0,
                        actor=Actor.system("schrijver"),
                    )
                    session.commit()
                    counts["answers"] += 1
                except Exception:  # noqa: BLE001 - a busy database or a conflict: the next round goes on
                    session.rollback()


def write_risks(app, risk_ids: list[int], stop: threading.Event, counts: dict) -> None:
    with Session(engine_of(app), expire_on_commit=False) as session:
        number = 0
        while not stop.is_set():
            number += 1
            risk = session.get(Risk, risk_ids[number % len(risk_ids)])
            session.refresh(risk)
            try:
                update_risk(
                    session=session,
                    risk=risk,
                    data=risk_data(title=f"Bewerking {number}"),
                    expected_revision=risk.revision,
                    actor=Actor.system("schrijver"),
                )
                session.commit()
                counts["risks"] += 1
            except (StaleEdit, Exception):  # noqa: BLE001
                session.rollback()


def wait_for_writes(counts: dict, *, answers: int, risks: int, timeout: float = 60.0) -> None:
    """Wait until the writers have done this much, so each backup is taken later in the writing however busy the
    machine is (the test counts progress, not seconds)."""
    deadline = time.monotonic() + timeout
    while counts["answers"] < answers or counts["risks"] < risks:
        assert time.monotonic() < deadline, counts
        time.sleep(0.01)


def test_backups_taken_while_users_write_each_restore(app, cli, db, world, catalogue, tmp_path):
    risk_ids = [make_risk(db, world.own.id, title=f"Risico {n}").id for n in range(3)]
    codes = list(
        db.exec(select(Requirement.code).where(Requirement.kind == "measure").order_by(Requirement.code))
    )
    stop, counts = threading.Event(), {"answers": 0, "risks": 0}
    writers = [
        threading.Thread(target=write_answers, args=(app, world.own.id, codes[::2], stop, counts)),
        threading.Thread(target=write_answers, args=(app, world.other.id, codes[1::2], stop, counts)),
        threading.Thread(target=write_risks, args=(app, risk_ids, stop, counts)),
    ]
    for writer in writers:
        writer.start()
    outs = []
    try:
        for number in range(BACKUPS):
            wait_for_writes(counts, answers=counts["answers"] + 3, risks=counts["risks"] + 1)
            out = tmp_path / f"backup-{number}.zip"
            result = cli("backup", "--out", str(out))
            assert result.exit_code == 0, result.stderr
            outs.append(out)
    finally:
        stop.set()
        for writer in writers:
            writer.join(timeout=60)
    assert counts["answers"] > 3 * BACKUPS and counts["risks"] >= BACKUPS, (
        counts
    )  # the backups did run while others wrote
    sizes = []
    for out in outs:
        result = cli("restore", str(out))
        assert result.exit_code == 0, result.stderr
        check_restored(app, cli)
        with Session(engine_of(app)) as session:
            answers = session.exec(select(Answer)).all()
            revisions = session.exec(select(AnswerRevision)).all()
            assert {r.answer_id for r in revisions} == {
                a.id for a in answers
            }  # each answer with its revisions
            sizes.append(len(revisions))
    assert len(set(sizes)) > 1  # the backups were taken at different moments of the writing


def broken(source: Path, target: Path, change) -> Path:
    """A copy of the backup `source` with `change(name, data) -> data | None` applied (None drops the entry)."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for item in original.infolist():
            data = change(item.filename, original.read(item))
            if data is not None:
                copy.writestr(item, data)
    return target


def drop_manifest_table(name):
    def change(filename, data):
        if filename == "manifest.json":
            manifest = json.loads(data)
            del manifest["tables"][name]
            return json.dumps(manifest).encode()
        return None if filename == f"tables/{name}.jsonl" else data

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda n, d: b"{not json" + d if n == "tables/risk.jsonl" else d,
            "tabel risk, regel 1: onleesbare rij",
        ),
        (
            lambda n, d: b"[1, 2]\n" + d if n == "tables/risk.jsonl" else d,
            "tabel risk, regel 1: onleesbare rij",
        ),
        (
            lambda n, d: b"\n".join(d.splitlines()[:-1]) if n == "tables/risk_revision.jsonl" else d,
            "aantal rijen",
        ),
        (lambda n, d: None if n == "tables/risk.jsonl" else d, "tabel risk ontbreekt"),
        (drop_manifest_table("risk"), "tabel risk ontbreekt"),
        (lambda n, d: b"{" if n == "manifest.json" else d, "manifest.json ontbreekt of is onleesbaar"),
    ],
    ids=["bad-json", "not-a-row", "row-count", "missing-file", "missing-table", "bad-manifest"],
)
def test_a_broken_backup_is_refused_in_one_line_and_changes_nothing(
    app, cli, db, world, tmp_path, change, message
):
    make_risk(db, world.own.id)
    evidence = Path(app.instance_path) / "evidence" / "1" / "beleid.pdf"
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(b"%PDF evidence")
    out = tmp_path / "backup.zip"
    assert cli("backup", "--out", str(out)).exit_code == 0
    make_risk(db, world.own.id, title="Na de back-up")
    evidence.write_bytes(b"%PDF changed after")
    before, guards = snapshot(app), triggers(app)

    result = cli("restore", str(broken(out, tmp_path / "broken.zip", change)))
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert snapshot(app) == before and triggers(app) == guards
    assert evidence.read_bytes() == b"%PDF changed after"
    assert not list(Path(app.instance_path).glob(".restore-*"))


def test_a_restore_the_database_refuses_keeps_the_append_only_guard(app, cli, db, world, tmp_path):
    """The rows are refused after the guard was lifted for the restore: the guard comes back with the rollback
    (on SQLite too: the restore begins its transaction before the DDL)."""
    risk = make_risk(db, world.own.id)
    out = tmp_path / "backup.zip"
    assert cli("backup", "--out", str(out)).exit_code == 0

    def duplicate_revision(name, data):
        if name == "tables/risk_revision.jsonl":
            return data + b"\n" + data.splitlines()[0]
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["tables"]["risk_revision"] += 1
            return json.dumps(manifest).encode()
        return data

    before = snapshot(app)
    result = cli("restore", str(broken(out, tmp_path / "dup.zip", duplicate_revision)))
    assert result.exit_code == 1 and "tabel risk_revision: de database weigert de rijen" in result.stderr
    assert snapshot(app) == before
    check_restored(app, cli)
    assert refuses_changes(app, "UPDATE risk_revision SET title = 'x'")
    assert risk.id
    assert refuses_changes(app, "DELETE FROM risk_revision")

    assert cli("restore", str(out)).exit_code == 0  # and after a successful one
    check_restored(app, cli)
    assert refuses_changes(app, "UPDATE risk_revision SET title = 'x'")


def instance_files(app) -> dict[str, bytes]:
    root = Path(app.instance_path)
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for folder in ("evidence", "reports")
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


def files_backup(app, cli, db, world, tmp_path) -> Path:
    root = Path(app.instance_path)
    for name, data in {
        "evidence/1/a.pdf": b"A" * 5000,
        "evidence/1/b.pdf": b"B" * 5000,
        "reports/1/r.pdf": b"R",
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    (root / "reports/1/r.pdf").chmod(0o444)
    out = tmp_path / "backup.zip"
    assert cli("backup", "--out", str(out)).exit_code == 0
    (root / "evidence/1/a.pdf").write_bytes(b"a changed")
    (root / "evidence/1/c.pdf").write_bytes(b"new after the backup")
    make_risk(db, world.own.id, title="Na de back-up")
    return out


def test_a_full_disk_during_restore_leaves_database_and_files_as_they_were(
    app, cli, db, world, tmp_path, monkeypatch
):
    out = files_backup(app, cli, db, world, tmp_path)
    before_rows, before_files = snapshot(app), instance_files(app)
    written = []
    real_fsync = os.fsync

    def full_disk(descriptor):
        written.append(descriptor)
        if len(written) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(descriptor)

    monkeypatch.setattr("app.backup.os.fsync", full_disk)
    result = cli("restore", str(out))
    assert result.exit_code == 1
    assert result.stderr == "naleving: kan de bestanden niet terugzetten: No space left on device\n"
    assert snapshot(app) == before_rows and instance_files(app) == before_files
    assert not list(Path(app.instance_path).glob(".restore-*"))
    check_restored(app, cli)


def test_a_failure_while_swapping_the_folders_puts_everything_back(
    app, cli, db, world, tmp_path, monkeypatch
):
    out = files_backup(app, cli, db, world, tmp_path)
    before_rows, before_files = snapshot(app), instance_files(app)
    real_replace, calls = os.replace, []

    def failing_replace(source, target):
        calls.append(source)
        if len(calls) == 3:  # evidence swapped, reports moved aside: then the disk gives up
            raise OSError(errno.EIO, "Input/output error")
        real_replace(source, target)

    monkeypatch.setattr("app.backup.os.replace", failing_replace)
    result = cli("restore", str(out))
    assert result.exit_code == 1 and "Input/output error" in result.stderr
    monkeypatch.setattr("app.backup.os.replace", real_replace)
    assert snapshot(app) == before_rows and instance_files(app) == before_files
    check_restored(app, cli)


def test_a_successful_restore_swaps_the_files_in(app, cli, db, world, tmp_path):
    out = files_backup(app, cli, db, world, tmp_path)
    assert cli("restore", str(out)).exit_code == 0
    assert instance_files(app) == {
        "evidence/1/a.pdf": b"A" * 5000,
        "evidence/1/b.pdf": b"B" * 5000,
        "reports/1/r.pdf": b"R",
    }
    assert not os.access(Path(app.instance_path) / "reports/1/r.pdf", os.W_OK) or os.geteuid() == 0
    assert oct((Path(app.instance_path) / "reports/1/r.pdf").stat().st_mode & 0o777) == "0o444"
    assert not list(Path(app.instance_path).glob(".restore-*"))
    check_restored(app, cli)


def test_a_backup_that_cannot_be_written_leaves_no_part_file(app, cli, world, tmp_path, monkeypatch):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "backup.zip"
    real_writestr = zipfile.ZipFile.writestr

    def full_disk(archive, name, data, *args, **kwargs):
        if str(getattr(name, "filename", name)).startswith("tables/risk"):
            raise OSError(errno.ENOSPC, "No space left on device", str(out) + ".part")
        return real_writestr(archive, name, data, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", full_disk)
    result = cli("backup", "--out", str(out))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "No space left" in result.stderr
    assert list(out.parent.iterdir()) == []  # neither backup.zip nor backup.zip.part
    monkeypatch.undo()
    assert orphans(app) == []

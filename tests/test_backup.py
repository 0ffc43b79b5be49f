"""`naleving backup` and `naleving restore`: a restored database equals the original; a bad file changes nothing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import SQLModel

from core.database_identity import DatabaseIdentity, database_identity
from core.dbtypes import table_of
from core.models import Role
from tests.conftest import engine_of


def snapshot(app) -> dict:
    """Every row of every table, as comparable tuples; but the database's identity, which a restore makes anew
    (`identity`)."""
    result = {}
    with engine_of(app).connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            if table.name != table_of(DatabaseIdentity).name:
                result[table.name] = sorted(tuple(row) for row in connection.execute(select(table)))
    return result


def identity(app) -> str | None:
    with engine_of(app).connect() as connection:
        return connection.execute(select(database_identity(connection.dialect.name))).scalar()


def test_backup_restore_round_trip(app, cli, world, catalogue, tmp_path, db, app_context):
    from core.accounts import create_user

    evidence = Path(app.instance_path) / "evidence" / "1"
    evidence.mkdir(parents=True)
    (evidence / "beleid.pdf").write_bytes(b"%PDF-1.4 evidence")
    original, before = snapshot(app), identity(app)
    out = tmp_path / "backup.zip"
    result = cli("backup", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert "rijen" in result.stdout

    # change things after the backup
    create_user(
        session=db,
        email="later@voorbeeld.nl",
        password="a long password 1",
        organisation=world.own,
        role=Role.CISO,
    )
    db.commit()
    (evidence / "beleid.pdf").unlink()
    (evidence / "later.pdf").write_bytes(b"later")
    assert snapshot(app) != original

    result = cli("restore", str(out))
    assert result.exit_code == 0, result.stderr
    assert snapshot(app) == original
    # the database's identity made anew: ids may come again, with other rows (core.database_identity)
    assert identity(app) not in (None, before)
    assert (evidence / "beleid.pdf").read_bytes() == b"%PDF-1.4 evidence"
    assert not (evidence / "later.pdf").exists()
    # identities continue after the restored rows (sequences on PostgreSQL)
    user = create_user(
        session=db,
        email="after@voorbeeld.nl",
        password="a long password 2",
        organisation=world.own,
        role=Role.CISO,
    )
    db.commit()
    assert user.id > max(row[0] for row in original["user_account"])


def test_restore_of_a_bad_file_changes_nothing(app, cli, world, tmp_path):
    original, before = snapshot(app), identity(app)
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    result = cli("restore", str(bad))
    assert result.exit_code == 1 and result.stderr.startswith("naleving: kan back-up niet lezen")
    with zipfile.ZipFile(tmp_path / "evil.zip", "w") as archive:
        archive.writestr(
            "manifest.json", '{"format": "naleving-backup/1", "tables": {}, "files": {"../../etc/x": "0"}}'
        )
    result = cli("restore", str(tmp_path / "evil.zip"))
    assert result.exit_code == 1 and "ongeldig bestandspad" in result.stderr
    assert snapshot(app) == original and identity(app) == before


def test_restore_with_wrong_row_count_rolls_back(app, cli, world, tmp_path):
    out = tmp_path / "backup.zip"
    cli("backup", "--out", str(out))
    original = snapshot(app)
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "tables/user_account.jsonl":
                data = b"\n".join(data.splitlines()[:-1])
            target.writestr(item, data)
    result = cli("restore", str(broken))
    assert result.exit_code == 1 and "aantal rijen" in result.stderr
    assert snapshot(app) == original


def test_a_refused_restore_is_a_rule_code_with_its_reason(app, tmp_path):
    from app.backup import restore_backup
    from core.errors import RuleError

    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    with app.app_context(), pytest.raises(RuleError) as refused:
        restore_backup(engine_of(app), Path(app.instance_path), bad)
    assert [(p.code, dict(p.params)) for p in refused.value.problems] == [
        ("backup.unreadable", {"reason": "File is not a zip file"})
    ]

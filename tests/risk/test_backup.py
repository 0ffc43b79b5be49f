"""A backup restores the risk area too, although its revisions and snapshots are append-only."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from core.actor import Actor
from risk.pc import create_moment, take_snapshot
from risk.register import update_risk
from tests.conftest import engine_of
from tests.risk.factories import make_risk, risk_data
from tests.test_backup import snapshot as all_rows


def test_backup_and_restore_keep_risks_snapshots_and_the_guard(app, cli, db, world, tmp_path):
    risk = make_risk(db, world.own.id)
    moment = create_moment(
        session=db,
        organisation_id=world.own.id,
        kind="begroting",
        year=2026,
        moment_on=date(2025, 11, 1),
        available_capacity=1_000_000,
        actor=Actor.system("test"),
    )
    take_snapshot(session=db, moment=moment, scenarios=1000, actor=Actor.system("test"))
    db.commit()
    original = all_rows(app)
    out = tmp_path / "backup.zip"
    assert cli("backup", "--out", str(out)).exit_code == 0

    update_risk(
        session=db,
        risk=risk,
        data=risk_data(title="Na de back-up"),
        expected_revision=1,
        actor=Actor.system("test"),
    )
    make_risk(db, world.own.id, title="Ook na de back-up")
    db.commit()
    result = cli("restore", str(out))
    assert result.exit_code == 0, result.stderr
    assert all_rows(app) == original

    with engine_of(app).connect() as connection:  # the guard is back after the restore
        for statement in ("UPDATE risk_revision SET title = 'x'", "DELETE FROM pc_snapshot"):
            try:
                connection.execute(text(statement))
            except DBAPIError:
                connection.rollback()
            else:
                raise AssertionError(f"append-only guard missing: {statement}")

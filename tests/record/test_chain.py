# ruff: noqa: S608 - the SQL names tables and columns of our own registry, and ids the test made
"""Tamper evidence: every history table refuses UPDATE and DELETE in the database (SQLite and PostgreSQL), its
rows are chained per organisation, `naleving verify` names the first row or report file that does not match, and
`naleving init` puts a dropped trigger back."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel, select

from controls.answer_models import Evidence
from controls.evidence import add_evidence_link, remove_evidence
from core.actor import Actor
from core.audit import record_event
from core.chain import REGISTRY, verify_chain
from core.dbtypes import allow_changes_ddl, missing_guards
from reports.models import ReportRecord
from risk.pc import create_moment, take_snapshot
from tests.answers.conftest import answer
from tests.reports.test_mail import smtp_sink  # noqa: F401 - the local SMTP sink fixture
from tests.risk.factories import make_risk

ACTOR = Actor.system("test")
# The history tables the `history` fixture fills; the other areas' tables are filled by the demo (below).
HISTORY = (
    "answerrevision",
    "auditevent",
    "evidence",
    "evidence_removal",
    "pc_snapshot",
    "report",
    "risk_revision",
)


@pytest.fixture
def history(cli, db, world, mini_catalogue, tmp_path):
    """At least one row in every history table of the own organisation."""
    from datetime import date

    revision = answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="implemented",
        design="sufficient",
    )
    evidence = add_evidence_link(
        session=db,
        organisation_id=world.own.id,
        answer_id=revision.answer_id,
        url="https://dms.example/1",
        actor=ACTOR,
    )
    remove_evidence(session=db, evidence=evidence, actor=ACTOR)
    make_risk(db, world.own.id)
    moment = create_moment(
        session=db, organisation_id=world.own.id, kind="begroting", year=2027, moment_on=date(2026, 11, 1),
        available_capacity=1_000_000, actor=ACTOR,
    )  # fmt: skip
    take_snapshot(session=db, moment=moment, scenarios=1000, seed=1, actor=ACTOR)
    db.commit()
    made = cli("report", "soa", "--org", "voorbeeld", "--format", "xlsx", "--out", str(tmp_path / "soa.xlsx"))
    assert made.exit_code == 0, made.stderr
    db.expire_all()
    return world


@pytest.mark.parametrize("table", HISTORY)
def test_every_history_table_refuses_update_and_delete(db, history, table):
    assert db.exec(text(f"SELECT COUNT(*) FROM {table}")).one()[0] >= 1
    for statement in (f"UPDATE {table} SET chain_seq = chain_seq + 1000", f"DELETE FROM {table}"):
        with pytest.raises(DBAPIError, match="append-only"):
            db.exec(text(statement))
        db.rollback()


def test_every_history_table_is_guarded_and_chained(cli, db, catalogue, monkeypatch, smtp_sink):  # noqa: F811
    """The demo (and a day's reminder mails) fill the history tables of every area; each refuses UPDATE and
    DELETE, and the chains hold. The tables the `history` fixture fills are tested above as well."""
    monkeypatch.setenv("NALEVING_DEMO_PASSWORD", "demo-wachtwoord-lang-genoeg")
    for key, value in (("SMTP_HOST", "127.0.0.1"), ("SMTP_PORT", str(smtp_sink.port))):
        monkeypatch.setenv(f"NALEVING_{key}", value)
    assert cli("demo").exit_code == 0
    assert cli("reminders", "send").exit_code == 0
    db.expire_all()
    empty = []
    for table in sorted(REGISTRY):
        if db.exec(text(f"SELECT COUNT(*) FROM {table}")).one()[0] == 0:
            empty.append(table)
            continue
        for statement in (f"UPDATE {table} SET chain_seq = chain_seq + 1000", f"DELETE FROM {table}"):
            with pytest.raises(DBAPIError, match="append-only"):
                db.exec(text(statement))
            db.rollback()
    assert set(empty) <= set(HISTORY)  # evidence removals: the demo removes none (the fixture above does)
    result = cli("verify")
    assert result.exit_code == 0, result.stdout + result.stderr


def test_the_chains_are_intact_and_verify_says_so(cli, db, history):
    connection = db.connection()
    assert verify_chain(connection, history.own.id) is None
    assert verify_chain(connection, 0) is None  # the events of no organisation
    result = cli("verify")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("intact")
    assert cli("verify", "--org", "voorbeeld").exit_code == 0


def stamp_head(db) -> None:
    """The test database was made with create_all: tell Alembic it is at the newest revision, as `init` leaves it."""
    from alembic import command

    from app.migrate import alembic_config

    command.stamp(alembic_config(db.get_bind()), "head")


def tamper(db, table: str, statement: str) -> None:
    """What an attacker with database access does: lift the guard, change a row."""
    for drop in allow_changes_ddl(table, db.get_bind().dialect.name):
        db.exec(text(drop))
    db.exec(text(statement))
    db.commit()


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("answerrevision", "explanation"),
        ("risk_revision", "title"),
        ("auditevent", "subject"),
        ("evidence", "url"),
    ],
)
def test_a_changed_row_is_named_and_init_restores_the_trigger(cli, db, history, table, column):
    row_id = db.exec(text(f"SELECT MIN(id) FROM {table}")).one()[0]
    tamper(db, table, f"UPDATE {table} SET {column} = 'anders' WHERE id = {row_id}")
    result = cli("verify", "--org", "voorbeeld")
    assert result.exit_code == 1
    assert f"{table} #{row_id}" in result.stderr and "Traceback" not in result.stderr
    assert missing_guards(db.connection(), SQLModel.metadata.sorted_tables) == [table]
    db.rollback()
    stamp_head(db)
    restored = cli("init")
    assert restored.exit_code == 0, restored.stderr
    assert table in restored.stdout
    assert missing_guards(db.connection(), SQLModel.metadata.sorted_tables) == []
    assert "hersteld" not in cli("init").stdout  # idempotent
    with pytest.raises(DBAPIError, match="append-only"):
        db.exec(text(f"DELETE FROM {table}"))
    db.rollback()


def test_a_deleted_row_breaks_the_chain(cli, db, history):
    row_id = db.exec(text("SELECT MIN(id) FROM answerrevision")).one()[0]
    tamper(
        db,
        "auditevent",
        f"DELETE FROM auditevent WHERE organisation_id = {history.own.id} AND action = 'answer.recorded'",
    )
    result = cli("verify")
    assert result.exit_code == 1 and "voorbeeld" in result.stderr and "ontbreekt" in result.stderr
    assert row_id  # the revision itself is still there


def test_a_changed_report_file_is_named(cli, db, history, app):
    from app.reports.common import archive_root
    from reports.archive import report_path

    record = db.exec(select(ReportRecord)).one()
    with app.app_context():
        path = report_path(archive_root(), record)
    path.write_bytes(path.read_bytes() + b"x")
    result = cli("verify", "--org", "voorbeeld")
    assert result.exit_code == 1 and f"rapport #{record.id}" in result.stderr


def test_the_logboek_says_whether_the_record_is_intact(cli, client, db, history, login_as):
    """The logboek shows the cached verdict: a row changed before its checkpoint is found by `naleving verify`
    (the full check), and from then on the logboek says so too."""
    from core.models import Role

    login_as(Role.AUDITOR)
    page = client.get("/o/voorbeeld/beheer/logboek").get_data(as_text=True)
    assert "De vastlegging is intact" in page and "Gecontroleerd tot en met schakel" in page
    tamper(db, "evidence", "UPDATE evidence SET url = 'https://elders.example/' WHERE id = 1")
    assert "De vastlegging is intact" in client.get("/o/voorbeeld/beheer/logboek").get_data(as_text=True)
    assert cli("verify", "--org", "voorbeeld").exit_code == 1
    page = client.get("/o/voorbeeld/beheer/logboek").get_data(as_text=True)
    assert "De vastlegging is niet intact" in page and "evidence #1" in page


def test_the_logboek_checks_the_links_added_since_its_last_check(client, db, history, login_as):
    from core.models import Role

    login_as(Role.AUDITOR)
    assert "De vastlegging is intact" in client.get("/o/voorbeeld/beheer/logboek").get_data(as_text=True)
    record_event(session=db, action="risk.changed", actor=ACTOR, organisation_id=history.own.id, subject="X")
    db.commit()
    new = db.exec(text("SELECT MAX(id) FROM auditevent")).one()[0]
    tamper(db, "auditevent", f"UPDATE auditevent SET subject = 'Y' WHERE id = {new}")
    page = client.get("/o/voorbeeld/beheer/logboek").get_data(as_text=True)
    assert "De vastlegging is niet intact" in page and f"auditevent #{new}" in page


def test_a_checkpoint_moves_with_the_chain_and_a_full_check_resets_it(db, history):
    from core.chain import head_of
    from core.chain_verdict import cached_verdict, full_verdict

    connection = db.connection()
    key = history.own.id
    first = cached_verdict(connection, key)  # no checkpoint yet: the whole chain
    assert first.intact and first.full_at is not None and first.links == head_of(connection, key)[0]
    record_event(session=db, action="risk.changed", actor=ACTOR, organisation_id=key, subject="X")
    db.flush()
    moved = cached_verdict(connection, key)
    assert moved.intact and moved.links == first.links + 1 and moved.full_at == first.full_at
    assert cached_verdict(connection, key) == moved  # nothing added: nothing checked, nothing written
    assert full_verdict(connection, key).links == moved.links


def test_the_ui_still_removes_evidence(db, history):
    assert db.exec(select(Evidence)).one() is not None  # the row stays; its removal is a row of its own
    assert db.exec(text("SELECT COUNT(*) FROM evidence_removal")).one()[0] == 1


def test_concurrent_writers_never_fork_a_chain(app, db, world):
    """Writers in parallel threads, each in its own transaction: every chain stays one line."""
    bind = db.get_bind()
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(5):
                with Session(bind) as session:
                    record_event(
                        session=session,
                        action="test.event",
                        actor=ACTOR,
                        organisation_id=world.own.id,
                        subject=f"{n}-{i}",
                    )
                    session.commit()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    db.expire_all()
    assert verify_chain(db.connection(), world.own.id) is None
    seqs = db.exec(text(f"SELECT chain_seq FROM auditevent WHERE organisation_id = {world.own.id}")).all()
    assert sorted(s[0] for s in seqs) == list(range(1, len(seqs) + 1))

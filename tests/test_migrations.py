"""Alembic builds the same schema as the models, on SQLite and on PostgreSQL, and `naleving init` repeats safely."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

from app.db import make_engine
from app.migrate import upgrade
from tests.conftest import POSTGRES_URL, TEST_DB


@pytest.fixture
def empty_database(tmp_path):
    if TEST_DB == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrated.sqlite'}"
        return
    name = f"naleving_migrate_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_migrations_match_the_models(empty_database):
    engine = make_engine(empty_database)
    upgrade(engine)
    upgrade(engine)  # a second run is a no-op
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert differences == []


def _triggers(engine) -> set[tuple[str, str]]:
    query = (
        "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'"
        if engine.dialect.name == "sqlite"
        else "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"
    )
    with engine.connect() as connection:
        return {tuple(row) for row in connection.execute(text(query))}


def test_the_migrations_leave_every_history_table_append_only(empty_database, database_template):
    """SQLite rebuilds a table that a migration alters, and its triggers go with it: a migration that alters a
    history table must make them again. After the whole line, the triggers are exactly those of the models."""
    migrated = make_engine(empty_database)
    upgrade(migrated)
    modelled = make_engine(
        database_template if "://" in database_template else f"sqlite:///{database_template}"
    )
    try:
        assert _triggers(migrated) == _triggers(modelled)
    finally:
        migrated.dispose()
        modelled.dispose()


def test_there_is_one_head():
    """A plain `alembic upgrade head` works only while the areas' branches end in one revision."""
    from alembic.script import ScriptDirectory

    from app.migrate import alembic_config

    heads = ScriptDirectory.from_config(alembic_config(make_engine("sqlite://"))).get_heads()
    assert len(heads) == 1, f"more than one Alembic head: {heads}; add a merge revision"


def test_moving_the_accounts_to_core_keeps_every_row(empty_database):
    """Databases of round 1 (the three area heads) upgrade to one head with their users and audit events, and
    the events recorded before get the actor's name."""
    from alembic import command

    from app.migrate import alembic_config

    engine = make_engine(empty_database)
    config = alembic_config(engine)
    for head in ("0002", "0003", "0004"):
        command.upgrade(config, head)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO user_account (id, email, name, password_hash, active, login_token, created_at) "
                "VALUES (7, 'ciso@voorbeeld.nl', 'Carla Ciso', 'x', true, 'tok', '2026-11-01 10:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO auditevent (at, action, actor_id, subject, detail, ip) VALUES "
                "('2026-11-01 10:00:00', 'login.succeeded', 7, 'ciso@voorbeeld.nl', '', '127.0.0.1'), "
                "('2026-11-01 10:01:00', 'login.failed', NULL, 'x@voorbeeld.nl', '', '127.0.0.1')"
            )
        )
    upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT action, actor_name, changes FROM auditevent ORDER BY at")
        ).all()
        users = connection.execute(text("SELECT email FROM user_account")).scalars().all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [
        ("login.succeeded", "Carla Ciso", ""),
        ("login.failed", "", ""),
    ]
    assert users == ["ciso@voorbeeld.nl"]


REQUIREMENT_ROW = (
    "INSERT INTO requirement (id, code, kind, framework, theme, parent_id, sort_key, title_nl, title_en, summary_nl, "
    "summary_en, categories, status, source, note_nl, note_en, replaces, introduced_in) VALUES "
    "(:id, :code, :kind, :framework, NULL, :parent, :code, 't', 't', '', '', '', 'active', '', '', '', '', '2026.1')"
)


def test_the_migration_keeps_the_catalogue_and_its_links(empty_database):
    """0015 rebuilds `requirement` on SQLite while mappings and measures refer to it: every row stays, foreign keys
    are on again afterwards, and the new kind is allowed while an unknown one is still refused."""
    from alembic import command

    from app.migrate import alembic_config

    engine = make_engine(empty_database)
    command.upgrade(alembic_config(engine), "0011_scope")
    with engine.begin() as connection:
        for values in (
            {"id": 1, "code": "5.1", "kind": "control", "framework": "bio2", "parent": None},
            {"id": 2, "code": "5.01.01", "kind": "measure", "framework": "bio2", "parent": 1},
            {"id": 3, "code": "21.2.a", "kind": "nis2", "framework": "nis2", "parent": None},
        ):
            connection.execute(text(REQUIREMENT_ROW), values)
        connection.execute(
            text(
                "INSERT INTO mapping (source_id, target_id, relationship, rationale_nl, rationale_en) "
                "VALUES (2, 3, 'subset', 'r', 'r')"
            )
        )
    upgrade(engine)
    try:
        with engine.begin() as connection:
            rows = connection.execute(text("SELECT id, code, parent_id FROM requirement ORDER BY id")).all()
            assert [tuple(row) for row in rows] == [(1, "5.1", None), (2, "5.01.01", 1), (3, "21.2.a", None)]
            assert connection.execute(text("SELECT source_id, target_id FROM mapping")).one() == (2, 3)
            clause = {"id": 4, "code": "27001-4.1", "kind": "clause", "framework": "iso27001", "parent": None}
            connection.execute(text(REQUIREMENT_ROW), clause)
        for broken in (
            text(REQUIREMENT_ROW).bindparams(
                id=5, code="x", kind="clausule", framework="iso27001", parent=None
            ),
            text(REQUIREMENT_ROW).bindparams(id=6, code="y", kind="clause", framework="iso", parent=None),
            text(REQUIREMENT_ROW).bindparams(id=7, code="z", kind="clause", framework="iso27001", parent=99),
        ):
            with pytest.raises(IntegrityError), engine.begin() as connection:
                connection.execute(broken)
    finally:
        engine.dispose()

"""Alembic builds the same schema as the models, on SQLite and on PostgreSQL, and `naleving init` repeats safely."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
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


def test_there_is_one_head():
    """A plain `alembic upgrade head` works only while the areas' branches end in one revision."""
    from alembic.script import ScriptDirectory

    from app.migrate import alembic_config

    heads = ScriptDirectory.from_config(alembic_config(make_engine("sqlite://"))).get_heads()
    assert heads == ["0015"], f"more than one Alembic head: {heads}; add a merge revision"


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

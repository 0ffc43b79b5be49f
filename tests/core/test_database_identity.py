"""core.database_identity: every database has a random token, from `naleving init` (the migration) or the schema
made for a test, and a new one when its rows are replaced."""

from __future__ import annotations

from sqlalchemy import create_engine, select

from app.migrate import upgrade
from core.database_identity import DatabaseIdentity, database_identity, renew_database_identity
from core.dbtypes import table_of
from tests.conftest import engine_of


def token(connection) -> str | None:
    return connection.execute(select(database_identity(connection.dialect.name))).scalar()


def test_the_schema_has_an_identity_and_a_renewal_gives_another(app):
    with engine_of(app).begin() as connection:
        first = token(connection)
        assert first is not None and len(first) >= 32
        renew_database_identity(connection)
        assert token(connection) not in (None, first)
        assert len(connection.execute(select(table_of(DatabaseIdentity))).all()) == 1


def test_init_makes_the_identity(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'init.sqlite'}")
    upgrade(engine)
    with engine.connect() as connection:
        made = connection.execute(select(table_of(DatabaseIdentity).c.token)).scalars().all()
    engine.dispose()
    assert len(made) == 1 and len(made[0]) == 32

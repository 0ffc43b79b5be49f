"""0006_record chains the history rows that exist, so `naleving verify` passes right after the upgrade, and the
rows are append-only from then on."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.db import make_engine
from app.migrate import upgrade
from core.chain import verify_chain
from tests.test_migrations import empty_database  # noqa: F401 - the fixture


def test_the_migration_chains_existing_rows(empty_database):  # noqa: F811
    from alembic import command

    from app.migrate import alembic_config

    engine = make_engine(empty_database)
    command.upgrade(alembic_config(engine), "0005")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO organisation (id, slug, name, review_interval_months, created_at) VALUES (1, 'voorbeeld', 'V', 12, '2026-11-01 10:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO auditevent (at, action, actor_name, organisation_id, subject, detail, changes, ip) VALUES "
                "('2026-11-01 10:00:00', 'organisation.created', 'naleving', 1, 'voorbeeld', '', '', ''), "
                "('2026-11-01 10:01:00', 'login.failed', '', NULL, 'x@voorbeeld.nl', '', '', '127.0.0.1')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO report (organisation_id, kind, format, parameters, generated_at, generated_by, size, sha256, "
                "filename) VALUES (1, 'soa', 'pdf', '{\"as_of\": null, \"locale\": \"nl\"}', '2026-11-02 09:00:00', "
                "'Carla', 10, '" + "a" * 64 + "', 'soa.pdf')"
            )
        )
    upgrade(engine)
    with engine.begin() as connection:
        assert verify_chain(connection, 1) is None
        assert verify_chain(connection, 0) is None
        seqs = connection.execute(text("SELECT chain_seq FROM report")).scalars().all()
        heads = dict(connection.execute(text('SELECT "key", seq FROM chain_head')).all())
    assert seqs == [2] and heads == {0: 1, 1: 2}
    with engine.connect() as connection, pytest.raises(DBAPIError, match="append-only"):
        connection.execute(text("UPDATE report SET sha256 = 'b'"))
    engine.dispose()

"""Migration 0011_scope turns each answer's risk reference (text) into the relation answer -> risk, keeps every
revision's text as it was, and guards the new history tables."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DatabaseError
from sqlmodel import Session, SQLModel, select

from app.db import make_engine
from app.migrate import alembic_config, upgrade
from controls.answer_models import AnswerRevision
from controls.answers import record_answer
from controls.catalogue import load_catalogue_file
from controls.models import Requirement
from controls.rules import AnswerValues
from core.accounts import create_organisation
from risk.models import AnswerRisk, Risk
from risk.register import create_risk
from tests.conftest import MINI_CATALOGUE
from tests.risk.factories import risk_data
from tests.scope.factories import ACTOR
from tests.test_migrations import empty_database  # noqa: F401 - the fixture


def _answer(session, organisation_id, requirement_id, reference, base):
    values = AnswerValues(
        applicability="applicable",
        implementation="implemented",
        design="sufficient",
        last_reviewed_on=date(2026, 1, 5),
        risk_reference=reference,
    )
    record_answer(
        session=session,
        organisation_id=organisation_id,
        requirement_id=requirement_id,
        values=values,
        base_revision=base,
        actor=ACTOR,
        known_risks={"R-001", "R-002"},
    )


def _later_columns(engine, tables: tuple[str, ...]) -> list[tuple[str, str]]:
    """The columns of these tables that today's models have and the database at this revision has not."""
    present = inspect(engine)
    return [
        (table, column.name)
        for table in tables
        for column in SQLModel.metadata.tables[table].columns
        if column.name not in {c["name"] for c in present.get_columns(table)}
    ]


def _add(engine, columns: list[tuple[str, str]]) -> None:
    with engine.begin() as connection:
        for table, column in columns:
            kind = SQLModel.metadata.tables[table].c[column].type.compile(engine.dialect)
            connection.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {kind}"))


def _drop(engine, columns: list[tuple[str, str]]) -> None:
    with engine.begin() as connection:
        for table, column in columns:
            connection.execute(text(f"ALTER TABLE {table} DROP COLUMN {column}"))


def test_the_risk_reference_of_the_newest_revision_becomes_a_relation(empty_database, monkeypatch):  # noqa: F811
    from alembic import command
    from alembic.script import ScriptDirectory

    from controls.answer_steps import ANSWER_STEPS
    from risk.risk_steps import RISK_STEPS

    # The data is written as it was before the scope register: no save had steps then (no answer_risk table).
    for steps in (ANSWER_STEPS, RISK_STEPS):
        monkeypatch.setattr(steps, "_steps", {})

    engine = make_engine(empty_database)
    config = alembic_config(engine)
    # The revision just before the scope register; columns that later migrations add to the tables written here
    # are added for the writing and dropped again before the upgrade, so today's models write the data as it was.
    before = ScriptDirectory.from_config(config).get_revision("0011_scope").down_revision
    command.upgrade(config, before)
    later = _later_columns(engine, ("organisation", "answerrevision", "answer", "risk", "risk_revision"))
    _add(engine, later)  # today's models write every column; the ones added after the scope register go again
    with Session(engine) as session:
        organisation = create_organisation(session=session, name="Gemeente Oud", slug="oud")
        load_catalogue_file(session=session, path=MINI_CATALOGUE)
        first, second = (
            create_risk(
                session=session, organisation_id=organisation.id, data=risk_data(status="open"), actor=ACTOR
            ).risk
            for _ in range(2)
        )
        requirements = session.exec(select(Requirement).order_by(Requirement.sort_key)).all()[:2]
        _answer(session, organisation.id, requirements[0].id, "R-002", 0)
        _answer(session, organisation.id, requirements[0].id, "R-001", 1)  # the newest names R-001
        _answer(session, organisation.id, requirements[1].id, "", 0)
        session.commit()
        ids = {risk.reference: risk.id for risk in (first, second)}
    _drop(engine, later)
    upgrade(engine)
    with Session(engine) as session:
        links = session.exec(select(AnswerRisk)).all()
        assert [link.risk_id for link in links] == [ids["R-001"]]
        texts = sorted(r.risk_reference for r in session.exec(select(AnswerRevision)).all())
        assert texts == ["", "R-001", "R-002"]  # history reads as it did
        assert len(session.exec(select(Risk)).all()) == 2
    with engine.begin() as connection, pytest.raises(DatabaseError):
        connection.execute(
            text(
                "INSERT INTO scope_statement (organisation_id, number, text, items_json, recorded_at, recorded_by) "
                "VALUES (1, 1, 'x', '[]', '2026-12-01 10:00:00', 'x')"
            )
        )
        connection.execute(text("UPDATE scope_statement SET text = 'y'"))
    engine.dispose()

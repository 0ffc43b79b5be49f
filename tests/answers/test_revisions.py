"""Answers are revisions appended, never updated in place; stale saves are refused; answers as of a date."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import func, select

import controls.answers as answers_module
from controls.answer_models import Answer, AnswerRevision
from controls.answers import (
    AnswerChange,
    answer_history,
    latest_revisions,
    record_answer,
    record_answers,
    revision_changes,
    text_diff,
)
from controls.rules import AnswerValues
from core.actor import Actor
from core.errors import RuleError, StaleEdit
from tests.answers.conftest import answer, requirement_id


def revision_count(db) -> int:
    return db.exec(select(func.count()).select_from(AnswerRevision)).one()


def test_each_save_appends_a_revision_with_who_and_when(db, world, mini_catalogue, fixed_clock):
    first = answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="planned",
        explanation="Beleid in concept.",
        planned_on=date(2026, 6, 1),
        author="Carla Securitas",
    )
    fixed_clock.set(datetime(2026, 3, 16, 14, 0, tzinfo=UTC))
    second = answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="implemented",
        design="sufficient",
        explanation="Vastgesteld door het college.",
        author="Bas Veilig",
    )
    assert (first.number, second.number) == (1, 2)
    assert first.answer_id == second.answer_id
    assert (first.author_name, second.author_name) == ("Carla Securitas", "Bas Veilig")
    assert second.recorded_at == datetime(2026, 3, 16, 14, 0, tzinfo=UTC)
    db.expire_all()
    stored = db.exec(select(AnswerRevision).order_by(AnswerRevision.number)).all()
    assert [r.implementation for r in stored] == ["planned", "implemented"]  # the first is untouched
    assert db.exec(select(func.count()).select_from(Answer)).one() == 1


def test_next_review_follows_the_organisations_interval(db, world, mini_catalogue):
    world.own.review_interval_months = 6
    db.add(world.own)
    db.commit()
    revision = answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="implemented",
        design="sufficient",
        last_reviewed_on=date(2025, 8, 31),
    )
    assert revision.next_review_due == date(2026, 2, 28)


def test_an_unchanged_save_adds_nothing(db, world, mini_catalogue):
    first = answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="implemented",
        design="sufficient",
    )
    again = answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="implemented",
        design="sufficient",
    )
    assert again.id == first.id and revision_count(db) == 1


def test_a_save_from_a_stale_form_is_refused(db, world, mini_catalogue):
    answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="planned",
        explanation="x",
        planned_on=date(2026, 6, 1),
    )
    answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="implemented",
        design="sufficient",
    )
    with pytest.raises(StaleEdit) as stale:
        record_answer(
            session=db,
            organisation_id=world.own.id,
            requirement_id=requirement_id(db, "5.01.01"),
            values=AnswerValues(
                applicability="not_applicable", explanation="x", last_reviewed_on=date(2026, 3, 1)
            ),
            base_revision=1,
            actor=Actor.system("Otto"),
        )
    assert (stale.value.base_revision, stale.value.current_revision) == (1, 2)
    db.rollback()
    assert revision_count(db) == 2


def test_a_first_answer_from_two_forms_at_once_is_refused_for_the_second(db, world, mini_catalogue):
    answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="implemented",
        design="sufficient",
    )
    with pytest.raises(StaleEdit):
        record_answer(
            session=db,
            organisation_id=world.own.id,
            requirement_id=requirement_id(db, "5.01.01"),
            values=AnswerValues(applicability="applicable", implementation="partially"),
            base_revision=0,
            actor=Actor.system("x"),
        )


def test_a_race_between_read_and_write_is_caught_by_the_database(db, world, mini_catalogue, monkeypatch):
    """Two saves that both read revision 1 cannot both write revision 2: unique (answer, number) refuses."""
    answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="planned",
        explanation="x",
        planned_on=date(2026, 6, 1),
    )
    first = db.exec(select(AnswerRevision)).one()
    answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="implemented",
        design="sufficient",
    )
    rid = requirement_id(db, "5.01.01")
    monkeypatch.setattr(
        answers_module, "latest_revisions", lambda *_args, **_kw: {rid: first}
    )  # the other's read
    with pytest.raises(StaleEdit) as stale:
        record_answer(
            session=db,
            organisation_id=world.own.id,
            requirement_id=requirement_id(db, "5.01.01"),
            values=AnswerValues(
                applicability="applicable",
                implementation="partially",
                explanation="y",
                planned_on=date(2026, 7, 1),
                last_reviewed_on=date(2026, 3, 1),
            ),
            base_revision=1,
            actor=Actor.system("x"),
        )
    assert stale.value.current_revision is None  # refused by the database, not by the check before it
    db.rollback()
    assert revision_count(db) == 2


def test_a_batch_with_one_bad_answer_saves_none(db, world, mini_catalogue, count_queries):
    organisation_id = world.own.id
    good = AnswerValues(
        applicability="applicable",
        implementation="implemented",
        design="sufficient",
        last_reviewed_on=date(2026, 3, 1),
    )
    changes = [AnswerChange(requirement_id(db, code), good, 0) for code in ("5.1", "5.01.01", "5.01.02")]
    bad = AnswerChange(requirement_id(db, "5.2"), AnswerValues(applicability="not_applicable"), 0)
    with pytest.raises(RuleError) as rejected:
        record_answers(
            session=db, organisation_id=organisation_id, changes=[*changes, bad], actor=Actor.system("x")
        )
    assert {problem.ref for problem in rejected.value.problems} == {"5.2"}
    db.rollback()
    assert revision_count(db) == 0


def test_a_batch_takes_as_many_queries_for_many_answers_as_for_one(db, world, mini_catalogue, count_queries):
    """Reads do not grow with the number of answers; on PostgreSQL the inserts are batched too (SQLite's driver
    inserts row by row, in process)."""
    organisation_id = world.own.id
    good = AnswerValues(
        applicability="applicable",
        implementation="implemented",
        design="sufficient",
        last_reviewed_on=date(2026, 3, 1),
    )
    changes = [
        AnswerChange(requirement_id(db, code), good, 0) for code in ("5.1", "5.01.01", "5.01.02", "5.2")
    ]
    with count_queries() as one:
        record_answers(
            session=db, organisation_id=organisation_id, changes=changes[:1], actor=Actor.system("x")
        )
    with count_queries() as three:
        saved = record_answers(
            session=db, organisation_id=organisation_id, changes=changes[1:], actor=Actor.system("x")
        )
    assert [r.number for r in saved.revisions] == [1, 1, 1] and revision_count(db) == 4

    def reads(counter):
        return [s for s in counter.statements if s.lstrip().upper().startswith("SELECT")]

    # the answers (3), the organisations relying on them (1, controls.receivers), the chain: the revisions'
    # organisation and the chain's head (2)
    assert len(reads(three)) == len(reads(one)) == 6
    if db.get_bind().dialect.name == "postgresql":
        assert three.count == one.count


def test_the_database_refuses_a_duplicate_revision_number(db, world, mini_catalogue):
    revision = answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="implemented",
        design="sufficient",
    )
    db.add(AnswerRevision(**{**revision.model_dump(exclude={"id"})}))
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_a_rule_violation_saves_nothing(db, world, mini_catalogue):
    with pytest.raises(RuleError) as rejected:
        answer(db, world.own, "5.01.01", applicability="not_applicable")
    assert [p.code for p in rejected.value.problems] == ["answer.reason_required"]
    db.rollback()
    assert revision_count(db) == 0 and db.exec(select(func.count()).select_from(Answer)).one() == 0


def test_a_withdrawn_requirement_keeps_its_answer_but_cannot_be_changed(db, world, mini_catalogue):
    with pytest.raises(RuleError) as rejected:
        answer(
            db,
            world.own,
            "5.01.03",
            applicability="applicable",
            implementation="implemented",
            design="sufficient",
        )
    problem = rejected.value.problems[0]
    assert (problem.code, problem.params, problem.ref) == (
        "answer.withdrawn",
        {"requirement": "5.01.03"},
        "5.01.03",
    )


def test_answers_as_of_a_date(db, world, mini_catalogue, fixed_clock):
    fixed_clock.set(datetime(2026, 1, 10, 22, 30, tzinfo=UTC))  # 23:30 in Amsterdam, still 10 January
    answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="planned",
        explanation="x",
        planned_on=date(2026, 6, 1),
        last_reviewed_on=date(2026, 1, 10),
    )
    fixed_clock.set(datetime(2026, 1, 10, 23, 30, tzinfo=UTC))  # 00:30 on 11 January
    answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="implemented",
        design="sufficient",
        last_reviewed_on=date(2026, 1, 11),
    )
    rid = requirement_id(db, "5.01.01")
    assert rid not in latest_revisions(session=db, organisation_id=world.own.id, as_of=date(2026, 1, 9))
    assert (
        latest_revisions(session=db, organisation_id=world.own.id, as_of=date(2026, 1, 10))[
            rid
        ].implementation
        == "planned"
    )
    assert (
        latest_revisions(session=db, organisation_id=world.own.id, as_of=date(2026, 1, 11))[
            rid
        ].implementation
        == "implemented"
    )
    assert latest_revisions(session=db, organisation_id=world.own.id)[rid].number == 2


def test_history_lists_what_each_revision_changed(db, world, mini_catalogue, fixed_clock):
    answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="planned",
        explanation="Het beleid is in concept.",
        planned_on=date(2026, 6, 1),
        owner="CISO",
    )
    fixed_clock.set(datetime(2026, 3, 17, 9, 0, tzinfo=UTC))
    answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="implemented",
        design="sufficient",
        explanation="Het beleid is vastgesteld.",
        planned_on=date(2026, 6, 1),
        owner="CISO",
    )
    events = answer_history(session=db, answer_id=db.exec(select(Answer.id)).one())
    assert [e.revision.number for e in events] == [2, 1]
    latest = {c.field: c for c in events[0].changes}
    assert set(latest) == {"implementation", "design", "explanation"}
    assert (latest["implementation"].old, latest["implementation"].new) == ("planned", "implemented")
    assert ("removed", "in concept.") in latest["explanation"].words
    assert ("added", "vastgesteld.") in latest["explanation"].words
    assert {c.field for c in events[1].changes} >= {"applicability", "implementation", "owner", "planned_on"}


def test_text_diff_keeps_every_word():
    pieces = text_diff("a b c", "a x c d")
    assert "".join(t for op, t in pieces if op != "added") == "a b c"
    assert "".join(t for op, t in pieces if op != "removed") == "a x c d"


def test_revision_changes_of_a_first_revision_lists_filled_fields_only(db, world, mini_catalogue):
    first = answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="implemented",
        design="sufficient",
    )
    fields = {c.field for c in revision_changes(None, first)}
    assert "planned_on" not in fields and "owner" not in fields and "applicability" in fields

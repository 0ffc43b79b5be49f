"""A catalogue upgrade carries answers over to the requirements that replace old ones, and deletes nothing."""

from __future__ import annotations

from datetime import date

from sqlmodel import func, select

from controls.answer_models import Answer, AnswerRevision
from controls.catalogue import check_catalogue_text, load_catalogue
from controls.soa import statement_of_applicability
from tests.answers.conftest import answer
from tests.conftest import MINI_CATALOGUE

UPGRADED = MINI_CATALOGUE.read_text(encoding="utf-8")
# The version before: 5.01.03 still in force, 5.10.01 not there yet (so 5.10 has no measures).
BEFORE = (
    UPGRADED.replace('version: "test.1"', 'version: "test.0"')
    .replace(
        'title: {nl: "Gebruik", en: "Use"}\n    government_measures: true',
        'title: {nl: "Gebruik", en: "Use"}\n    government_measures: false',
    )
    .replace('    status: moved\n    moved_to: "5.10.01"\n', "")
    .split('  - id: "5.10.01"')[0]
    + "nis2_requirements:"
    + UPGRADED.split("nis2_requirements:")[1]
)


def load(db, text: str):
    catalogue, problems = check_catalogue_text(text)
    assert problems == [], problems
    result = load_catalogue(session=db, catalogue=catalogue)
    db.commit()
    return result


def test_answers_carry_over_to_the_replacing_requirement(db, world):
    load(db, BEFORE)
    answer(
        db,
        world.own,
        "5.01.03",
        applicability="applicable",
        implementation="implemented",
        explanation="Leveranciers getoetst.",
        owner="Inkoop",
    )
    result = load(db, UPGRADED)
    assert result.replacements == [("5.01.03", "5.10.01")] and result.load.carried_over == 1
    statement = statement_of_applicability(session=db, organisation_id=world.own.id)
    moved = statement.entry("5.10.01")
    assert moved.status == "implemented" and moved.answer.owner == "Inkoop"
    assert moved.answer.note == "overgenomen van 5.01.03" and moved.answer.author_name == "catalogus test.1"
    old = statement.entry("5.01.03")
    assert old is not None and not old.active and old.answer.explanation == "Leveranciers getoetst."
    assert statement.entry("5.10.01").answer.revision == 1


def test_carry_over_never_overwrites_an_answer_and_runs_once(db, world):
    load(db, BEFORE)
    answer(db, world.own, "5.01.03", applicability="applicable", implementation="implemented")
    answer(db, world.other, "5.01.03", applicability="applicable", implementation="implemented")
    load(db, UPGRADED)
    answer(
        db,
        world.own,
        "5.10.01",
        applicability="applicable",
        implementation="partially",
        explanation="x",
        planned_on=date(2026, 12, 1),
    )
    again = load(db, UPGRADED.replace('version: "test.1"', 'version: "test.2"'))
    assert again.load.carried_over == 0
    assert db.exec(select(func.count()).select_from(Answer)).one() == 4
    statement = statement_of_applicability(session=db, organisation_id=world.own.id)
    assert statement.entry("5.10.01").status == "partially"
    assert db.exec(select(func.count()).select_from(AnswerRevision)).one() == 5

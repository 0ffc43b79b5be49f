"""The quickscan: the shipped question set, the rule as a pure function, recording it, and the gap it leaves
until a risk is linked."""

from __future__ import annotations

import pytest
from sqlmodel import select

from core.errors import RuleError
from risk.models import Risk
from risk.register import create_risk
from risk.scope_links import link_risk, risks_of_item, scope_gaps, unlink_risk
from scope.models import Quickscan
from scope.quickscan import answers_of, classify, parse_questions, question_set, record_quickscan
from tests.risk.factories import risk_data
from tests.scope.factories import ACTOR, answers, classify_high, make_item


def test_the_shipped_question_set_covers_every_impact_area_of_bio2_for_each_aspect():
    questions = question_set()
    assert len(questions.impact_areas) == 8  # BIO2 part 1 §27
    for aspect in questions.aspects:
        assert [q.impact_area for q in aspect.questions] == list(questions.impact_areas)
    assert questions.version


@pytest.mark.parametrize(
    ("given", "levels", "outcome"),
    [
        ({}, ("low", "low", "low"), "baseline_sufficient"),
        ({"integrity__reputation": "medium"}, ("low", "medium", "low"), "baseline_sufficient"),
        (
            {"confidentiality__political": "high", "availability__publicity": "medium"},
            ("medium", "low", "high"),
            "risk_analysis_needed",
        ),
    ],
)
def test_an_aspect_takes_its_highest_answer_and_hoog_asks_for_a_risk_analysis(given, levels, outcome):
    result = classify(question_set(), answers("low", **given))
    assert (result.availability, result.integrity, result.confidentiality) == levels
    assert result.outcome == outcome


def test_an_unanswered_question_or_an_answer_off_the_scale_is_refused():
    given = answers()
    given.pop("availability.political")
    given["integrity.financial"] = "extreme"
    with pytest.raises(RuleError) as caught:
        classify(question_set(), given)
    assert [p.field for p in caught.value.problems] == ["availability.political", "integrity.financial"]


def test_a_question_set_with_another_rule_is_refused():
    with pytest.raises(ValueError, match="rule"):
        parse_questions({"rule": "average"})


def test_a_quickscan_is_kept_with_who_and_when_and_its_outcome_goes_on_the_item(world, db):
    item = make_item(db, world.own.id)
    scan = record_quickscan(session=db, item=item, answers=answers(integrity__financial="high"), actor=ACTOR)
    assert (scan.number, scan.performed_by, scan.integrity, scan.outcome) == (
        1,
        ACTOR.name,
        "high",
        "risk_analysis_needed",
    )
    assert answers_of(scan)["integrity.financial"] == "high"
    assert (item.integrity, item.outcome, item.quickscan_number) == ("high", "risk_analysis_needed", 1)
    record_quickscan(session=db, item=item, answers=answers(), actor=ACTOR)
    assert item.outcome == "baseline_sufficient"
    assert len(db.exec(select(Quickscan)).all()) == 2


def test_a_hoog_item_in_scope_is_a_gap_until_a_risk_is_linked(world, db):
    system = make_item(db, world.own.id)
    outside = make_item(db, world.own.id, name="Archief", in_scope=False)
    for item in (system, outside):
        classify_high(db, item)
    make_item(db, world.own.id, name="Laag")
    assert [i.reference for i in scope_gaps(session=db, organisation_id=world.own.id)] == [system.reference]
    risk = create_risk(session=db, organisation_id=world.own.id, data=risk_data(), actor=ACTOR).risk
    assert link_risk(session=db, risk=risk, item=system, actor=ACTOR)
    assert not link_risk(session=db, risk=risk, item=system, actor=ACTOR)
    assert scope_gaps(session=db, organisation_id=world.own.id) == []
    assert risks_of_item(session=db, item=system) == [risk]
    assert unlink_risk(session=db, risk=risk, item=system, actor=ACTOR)
    assert [i.reference for i in scope_gaps(session=db, organisation_id=world.own.id)] == [system.reference]


def test_a_risk_of_another_organisation_cannot_be_linked(world, db):
    system = make_item(db, world.own.id)
    foreign = create_risk(session=db, organisation_id=world.other.id, data=risk_data(), actor=ACTOR).risk
    with pytest.raises(RuleError):
        link_risk(session=db, risk=foreign, item=system, actor=ACTOR)
    assert db.exec(select(Risk)).all()

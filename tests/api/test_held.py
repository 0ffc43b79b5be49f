"""The API's summaries count an answer held "ter goedkeuring" as undecided (tests/plan/test_held_figures.py)."""

from __future__ import annotations

from datetime import date

from controls.answers import record_answer
from controls.rules import AnswerValues
from core.models import Role
from tests.plan.factories import TEST, requirement


def test_the_statement_summary_and_answers_list_show_held(db, world, mini_catalogue, api, token_for):
    saved = record_answer(
        session=db,
        organisation_id=world.own.id,
        requirement_id=requirement(db, "5.01.01").id,
        values=AnswerValues(
            applicability="not_applicable",
            explanation="Geen rekencentrum.",
            last_reviewed_on=date(2026, 1, 5),
        ),
        base_revision=0,
        actor=TEST,
    )
    assert saved.held is not None
    db.commit()
    reader = api(token_for(Role.CISO))
    summary = reader.get("/api/v1/organisations/voorbeeld/statement").get_json()
    assert summary["overall"]["held"] == 1 and summary["overall"]["counts"]["held"] == 1
    assert summary["overall"]["unanswered"] == summary["overall"]["total"] - 1
    answers = reader.get("/api/v1/organisations/voorbeeld/answers?status=held").get_json()
    assert [item["code"] for item in answers["items"]] == ["5.01.01"]
    assert answers["items"][0]["status"] == "held"

"""The demo fills the answers of Gemeente Voorbeeld (and its provider Buurdorp), once."""

from __future__ import annotations

from sqlmodel import func, select

from controls.answer_models import AnswerRevision, Evidence
from controls.soa import statement_of_applicability
from controls.worklist import worklist_of
from core.models import Organisation


def test_demo_answers_are_realistic_and_idempotent(cli, db, catalogue, monkeypatch):
    monkeypatch.setenv("NALEVING_DEMO_PASSWORD", "demo-password-123")
    assert cli("demo").exit_code == 0
    revisions = db.exec(select(func.count()).select_from(AnswerRevision)).one()
    evidence = db.exec(select(func.count()).select_from(Evidence)).one()
    assert cli("demo").exit_code == 0
    assert db.exec(select(func.count()).select_from(AnswerRevision)).one() == revisions
    assert db.exec(select(func.count()).select_from(Evidence)).one() == evidence > 0
    voorbeeld = db.exec(select(Organisation).where(Organisation.slug == "voorbeeld")).one()
    statement = statement_of_applicability(session=db, organisation_id=voorbeeld.id)
    answered = [e for e in statement.entries if e.answer is not None]
    assert len(answered) >= 20
    assert {e.status for e in answered if e.kind == "clause"} >= {"implemented", "partially"}  # the ISMS too
    assert any(e.answer.revision > 1 for e in answered)
    assert {e.status for e in answered} >= {"implemented", "partially", "planned", "not_applicable"}
    inherited = [e for e in answered if e.inherited_from]
    assert inherited and all(e.inherited_from == "Gemeente Buurdorp" for e in inherited)
    assert any(e.status == "implemented" for e in inherited) and any(
        e.status == "unanswered" for e in inherited
    )
    worklist = worklist_of(statement)
    assert worklist.review_overdue and worklist.unanswered_measures
    assert any(p.state == "covered" or p.state == "partial" for p in statement.nis2)

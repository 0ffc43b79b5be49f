"""A decision held "ter goedkeuring" counts as undecided in every figure (controls.summaries.held_requirements,
which the statement reads; controls.trend reads the same proposals): not as the answer stood before, and not
as the proposal; approved it counts as decided, rejected as it stood."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, date, datetime, timedelta

import pytest

from controls.answers import record_answer
from controls.catalogue_cache import catalogue_view
from controls.rules import AnswerValues
from controls.soa import Entry, statement_of_applicability
from controls.trend import compliance_trend
from core import clock
from core.actor import Actor
from core.models import Role
from plan.approvals import approve, pending, reject
from tests.plan.factories import DONE, NOT_APPLICABLE, TEST, requirement

WETHOUDER = Actor.system("Wethouder")


def save(db, world, code: str, values: AnswerValues, base: int, at: datetime | None = None):
    return record_answer(
        session=db,
        organisation_id=world.own.id,
        requirement_id=requirement(db, code).id,
        values=values,
        base_revision=base,
        actor=TEST,
        at=at,
    )


def statement(db, world, as_of: date | None = None):
    return statement_of_applicability(session=db, organisation_id=world.own.id, as_of=as_of)


@pytest.fixture
def held(db, world, mini_catalogue):
    """5.01.01 implemented, then proposed "niet van toepassing" (the default policy holds it)."""
    save(db, world, "5.01.01", DONE, 0, at=clock.now() - timedelta(days=3))
    saved = save(db, world, "5.01.01", NOT_APPLICABLE, 1)
    assert saved.held is not None and saved.revision is None
    db.commit()
    return pending(session=db, organisation_id=world.own.id)[0]


def test_a_held_answer_counts_as_undecided_not_as_it_stood(db, world, held):
    now = statement(db, world)
    entry = now.entry("5.01.01")
    assert entry.status == "held" and entry.answer.applicability == "applicable"  # kept for context
    assert now.overall.held == 1 and now.overall.implemented == 0
    theme = next(p for p in now.by_theme if p.key == "5")
    assert theme.counts["held"] == 1 and theme.applicable == theme.total  # not "niet van toepassing" either
    yesterday = statement(db, world, as_of=clock.today() - timedelta(days=1))
    assert yesterday.entry("5.01.01").status == "implemented", "before the proposal it stood implemented"


# The fields of an entry that its answer decides; every other one is the requirement's and must not differ
# between a held entry and the same requirement's entry before the hold.
ANSWER_FIELDS = {
    "status",
    "answer",
    "inherited_from",
    "shared",
    "evidence_count",
    "review_overdue",
    "plan_overdue",
    "shortfall",
    "acceptance_expired",
}


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_a_held_entry_shows_its_requirement_like_any_other(db, world, held, locale):
    before = statement_of_applicability(
        session=db, organisation_id=world.own.id, as_of=clock.today() - timedelta(days=1), locale=locale
    ).entry("5.01.01")
    now = statement_of_applicability(session=db, organisation_id=world.own.id, locale=locale).entry("5.01.01")
    assert before.status == "implemented" and now.status == "held"
    requirement_fields = {f.name for f in fields(Entry)} - ANSWER_FIELDS
    assert "parent_code" in requirement_fields and before.parent_code == "5.1"
    assert {name: getattr(now, name) for name in requirement_fields} == {
        name: getattr(before, name) for name in requirement_fields
    }


def test_approved_it_counts_as_decided_and_rejected_as_it_stood(db, world, held):
    approve(session=db, approval=held, actor=WETHOUDER, role=Role.MANAGEMENT, reason="Akkoord")
    assert statement(db, world).entry("5.01.01").status == "not_applicable"
    save(db, world, "5.01.01", DONE, 2)  # implemented again, recorded
    proposal = save(db, world, "5.01.01", NOT_APPLICABLE, 3).held
    assert statement(db, world).entry("5.01.01").status == "held"
    again = next(a for a in pending(session=db, organisation_id=world.own.id) if a.id == proposal.approval_id)
    reject(
        session=db, approval=again, actor=WETHOUDER, role=Role.MANAGEMENT, reason="Er is wel een rekencentrum"
    )
    assert statement(db, world).entry("5.01.01").status == "implemented"


def test_a_first_answer_held_is_not_unanswered_and_a_later_save_ends_the_hold(db, world, mini_catalogue):
    save(db, world, "5.01.02", NOT_APPLICABLE, 0)
    now = statement(db, world)
    assert now.entry("5.01.02").status == "held" and now.entry("5.01.02").answer is None
    assert now.overall.held == 1
    save(db, world, "5.01.02", DONE, 0)  # recorded after the proposal: the latest decision is in force
    assert statement(db, world).entry("5.01.02").status == "implemented"


def test_the_trend_counts_a_held_answer_as_open(db, world, held, count_queries):
    catalogue_view(session=db)  # the catalogue, read once per session (controls.catalogue_cache)
    with count_queries() as counted:
        trend = compliance_trend(session=db, organisation_id=world.own.id, today=clock.today())
    assert counted.count == 2  # the revisions and the proposals, whatever the number of answers and proposals
    basis = next(s for s in trend.categories if s.key == "basishygiene")
    assert basis.percents[-1] == 0, "held: undecided, so not implemented"
    approve(session=db, approval=held, actor=WETHOUDER, role=Role.MANAGEMENT)
    trend = compliance_trend(session=db, organisation_id=world.own.id, today=clock.today())
    assert next(s for s in trend.categories if s.key == "basishygiene").percents[-1] == 0  # 5.01.02 open


def test_the_statement_page_says_ter_goedkeuring(client, db, world, held, login_as):
    login_as(Role.CISO)
    page = client.get("/o/voorbeeld/vvt").get_data(as_text=True)
    assert "ter goedkeuring" in page and "Ter goedkeuring</dt><dd>1<" in page


def test_the_statement_reads_the_proposals_in_one_query(db, world, held, count_queries):
    statement(db, world)
    with count_queries() as one:
        statement(db, world)
    for code in ("5.01.02", "5.10.01", "21.2.a"):
        save(db, world, code, NOT_APPLICABLE, 0)
    with count_queries() as more:
        statement(db, world)
    assert more.count == one.count


def test_held_at_a_past_month_end_counts_as_then(db, world, mini_catalogue, monkeypatch):
    save(db, world, "5.01.01", DONE, 0, at=datetime(2026, 1, 10, 12, tzinfo=UTC))
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 1, 20, 12, tzinfo=UTC))
    proposal = save(db, world, "5.01.01", NOT_APPLICABLE, 1).held
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 2, 10, 12, tzinfo=UTC))
    approval = next(
        a for a in pending(session=db, organisation_id=world.own.id) if a.id == proposal.approval_id
    )
    reject(session=db, approval=approval, actor=WETHOUDER, role=Role.MANAGEMENT, reason="Nee")
    assert statement(db, world, as_of=date(2026, 1, 31)).entry("5.01.01").status == "held"
    assert statement(db, world, as_of=date(2026, 2, 28)).entry("5.01.01").status == "implemented"
    assert statement(db, world, as_of=date(2026, 1, 15)).entry("5.01.01").status == "implemented"


def test_a_held_risk_acceptance_counts_as_not_accepted(client, db, world, mini_catalogue, login_as):
    from plan.approvals import propose_risk
    from reports.risks import register_at
    from risk.reading import accepted_risk_references
    from tests.risk.factories import accepted, make_risk

    risk = make_risk(db, world.own.id, title="Datalek")  # in treatment
    propose_risk(
        session=db,
        organisation_id=world.own.id,
        risk=risk,
        data=accepted(title="Datalek"),
        base_revision=risk.revision,
        actor=TEST,
    )
    db.commit()
    today = clock.today()
    assert risk.reference not in accepted_risk_references(
        session=db, organisation_id=world.own.id, today=today
    )
    assert register_at(session=db, organisation_id=world.own.id, as_of=None).accepted == []
    login_as(Role.CISO)
    page = client.get("/o/voorbeeld/risicos/").get_data(as_text=True)
    assert "acceptatie ter goedkeuring" in page

"""Actions as revisions, their rules and links, the gap rule of the plan, expired acceptances, the audit."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.exc import DatabaseError
from sqlmodel import delete, select, text

from core import clock
from core.errors import RuleError, StaleEdit
from core.models import AuditEvent, Role
from plan.actions import ActionData, data_of, history_of, is_overdue, list_actions, set_links, update_action
from plan.gaps import close_gaps, ensure_answer_actions, expired_acceptances, gaps
from plan.models import Action, ActionLink, ActionRevision, LinkKind
from tests.plan.factories import TEST, make_action, planned_answer, requirement
from tests.risk.factories import make_risk


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: date(2026, 3, 1))
    return date(2026, 3, 1)


def test_an_action_records_revisions_and_audits(db, world):
    action = make_action(db, world.own.id)
    assert action.reference == "A-001" and action.revision == 1
    changed = update_action(
        session=db,
        action=action,
        data=ActionData(**{**data_of(action).__dict__, "status": "done"}),
        expected_revision=1,
        actor=TEST,
    )
    assert changed and action.revision == 2 and action.status == "done"
    assert [r.status for r in history_of(session=db, action=action)] == ["open", "done"]
    events = db.exec(select(AuditEvent).where(AuditEvent.subject == "A-001")).all()
    assert [e.action for e in events] == ["action.created", "action.changed"]
    assert '"status": ["open", "done"]' in events[1].changes


def test_a_stale_edit_is_refused(db, world):
    action = make_action(db, world.own.id)
    with pytest.raises(StaleEdit):
        update_action(session=db, action=action, data=data_of(action), expected_revision=0, actor=TEST)


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"title": " "}, "action.title_required"),
        ({"owner_name": ""}, "action.owner_required"),
        ({"due_on": None}, "action.due_required"),
        ({"status": "klaar"}, "action.unknown_status"),
        ({"cost_euros": -5}, "action.amount_out_of_range"),
    ],
)
def test_the_rules_of_an_action(db, world, overrides, code):
    with pytest.raises(RuleError) as caught:
        make_action(db, world.own.id, **overrides)
    assert code in [p.code for p in caught.value.problems]


def test_a_done_action_needs_no_due_date_and_an_owner_user_gives_the_name(db, world):
    ciso = world.user(Role.CISO)
    action = make_action(db, world.own.id, status="done", due_on=None, owner_name="", owner_id=ciso.id)
    assert action.owner_name == (ciso.name or ciso.email)


def test_an_owner_from_another_organisation_is_refused(db, world):
    with pytest.raises(RuleError) as caught:
        make_action(db, world.own.id, owner_id=world.user(Role.CISO, "other").id, owner_name="")
    assert caught.value.problems[0].code == "action.owner_not_member"


def test_revisions_are_append_only(db, world):
    make_action(db, world.own.id)
    db.commit()
    with pytest.raises(DatabaseError):
        db.exec(text("UPDATE action_revision SET title = 'x'"))
    db.rollback()
    with pytest.raises(DatabaseError):
        db.exec(text("DELETE FROM action_revision"))
    db.rollback()
    assert len(db.exec(select(ActionRevision)).all()) == 1


def test_overdue(db, world, fixed_today):
    late = make_action(db, world.own.id, due_on=date(2026, 2, 1))
    make_action(db, world.own.id, due_on=date(2026, 4, 1))
    make_action(db, world.own.id, due_on=date(2026, 1, 1), status="done")
    assert is_overdue(late, fixed_today)
    assert [
        a.reference for a in list_actions(session=db, organisation_id=world.own.id, overdue_on=fixed_today)
    ] == ["A-001"]


def test_links_are_set_exactly_and_audited(db, world, mini_catalogue):
    action = make_action(db, world.own.id)
    ids = [requirement(db, "5.01.01").id, requirement(db, "5.01.02").id]
    set_links(session=db, action=action, kind=LinkKind.REQUIREMENT, target_ids=ids, actor=TEST)
    set_links(session=db, action=action, kind=LinkKind.REQUIREMENT, target_ids=ids[:1], actor=TEST)
    actions = [e.action for e in db.exec(select(AuditEvent).where(AuditEvent.subject == "A-001"))]
    assert actions.count("action.linked") == 2 and actions.count("action.unlinked") == 1


def test_the_save_makes_the_action_and_what_names_no_date_stays_a_gap(db, world, mini_catalogue):
    planned_answer(db, world.own.id, "5.01.01")
    risk = make_risk(db, world.own.id, status="in_treatment", review_on=None)
    make_risk(db, world.own.id, status="open", review_on=None)
    [action] = db.exec(select(Action)).all()
    assert action.due_on == date(2026, 6, 1) and action.owner_name == "Teamleider ICT"
    found = gaps(session=db, organisation_id=world.own.id)
    assert [(g.kind, g.reference) for g in found] == [("risk", risk.reference)]
    assert close_gaps(session=db, organisation_id=world.own.id, actor=TEST) == (0, 1)
    assert gaps(session=db, organisation_id=world.other.id) == []


def test_data_from_before_the_plan_gets_its_actions_once(db, world, mini_catalogue):
    planned_answer(db, world.own.id, "5.01.01")
    make_risk(db, world.own.id, status="in_treatment", review_on=date(2026, 9, 1))
    db.exec(delete(ActionLink))  # as recorded before the plan existed: no action links to them
    assert len(gaps(session=db, organisation_id=world.own.id)) == 2
    assert close_gaps(session=db, organisation_id=world.own.id, actor=TEST) == (2, 0)
    assert gaps(session=db, organisation_id=world.own.id) == []


def test_a_done_action_does_not_cover_the_gap(db, world, mini_catalogue):
    revision = planned_answer(db, world.own.id, "5.01.01")
    made_on_save = db.exec(select(Action)).one()
    update_action(
        session=db,
        action=made_on_save,
        data=ActionData(**{**data_of(made_on_save).__dict__, "status": "done"}),
        expected_revision=1,
        actor=TEST,
    )
    assert len(gaps(session=db, organisation_id=world.own.id)) == 1
    saved = [(requirement(db, "5.01.01"), revision)]
    [made] = ensure_answer_actions(session=db, organisation_id=world.own.id, answers=saved, actor=TEST)
    assert made.due_on == date(2026, 6, 1) and made.owner_name == "Teamleider ICT"
    assert ensure_answer_actions(session=db, organisation_id=world.own.id, answers=saved, actor=TEST) == []


def test_an_expired_acceptance_with_its_action_not_done_is_overdue(db, world, fixed_today):
    risk = make_risk(
        db,
        world.own.id,
        treatment="accept",
        status="monitoring",
        accepted_by="College van B&W",
        accepted_on=date(2025, 1, 1),
        acceptance_expires_on=date(2026, 2, 1),
    )
    action = db.exec(select(Action)).one()  # made on the save, due when the acceptance ends
    assert action.due_on == date(2026, 2, 1)
    [expired] = expired_acceptances(session=db, organisation_id=world.own.id, today=fixed_today)
    assert expired.reference == risk.reference and expired.open_actions == ("A-001",)
    update_action(
        session=db,
        action=action,
        data=ActionData(**{**data_of(action).__dict__, "status": "done"}),
        expected_revision=1,
        actor=TEST,
    )
    assert expired_acceptances(session=db, organisation_id=world.own.id, today=fixed_today) == []

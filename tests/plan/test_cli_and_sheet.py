"""The actions sheet round trip and `naleving actions|approvals`."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from controls.rules import AnswerValues
from core.errors import RuleError
from core.models import Role
from plan.approvals import approve, propose_answer
from plan.models import Action, ActionLink, Approval
from plan.xlsx import export_actions, import_actions
from tests.plan.factories import TEST, make_action, requirement
from tests.risk.factories import make_risk


def _sheet_with(content: bytes, row: int, column: str, value) -> bytes:
    book = load_workbook(io.BytesIO(content))
    sheet = book["Verbeterplan"]
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(row=row, column=headers.index(column) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_sheet_round_trips(db, world, mini_catalogue):
    risk = make_risk(db, world.own.id, status="open")  # needs no action of its own
    make_action(db, world.own.id, links=[("requirement", requirement(db, "5.01.01").id), ("risk", risk.id)])
    db.commit()
    content = export_actions(session=db, organisation_id=world.own.id)
    result = import_actions(session=db, organisation_id=world.own.id, source=content, actor=TEST)
    assert result.unchanged == ["A-001"] and not result.updated
    changed = _sheet_with(content, 2, "Status", "gereed")
    changed = _sheet_with(changed, 3, "Titel", "Nieuwe actie")
    changed = _sheet_with(changed, 3, "Status", "open")
    changed = _sheet_with(changed, 3, "Eigenaar", "Piet")
    changed = _sheet_with(changed, 3, "Streefdatum", date(2026, 7, 1))
    changed = _sheet_with(changed, 3, "Eisen", "5.01.02")
    dry = import_actions(session=db, organisation_id=world.own.id, source=changed, actor=TEST, dry_run=True)
    # A dry run saves in a savepoint it rolls back: it names the new row by the reference it would get.
    assert dry.updated == ["A-001"] and dry.created == ["A-002"]
    assert [c.ref for c in dry.changes] == ["A-001", "A-002"]
    assert len(db.exec(select(Action)).all()) == 1 and len(db.exec(select(ActionLink)).all()) == 2
    result = import_actions(session=db, organisation_id=world.own.id, source=changed, actor=TEST)
    assert result.created == ["A-002"]
    actions = {a.reference: a for a in db.exec(select(Action))}
    assert actions["A-001"].status == "done" and actions["A-002"].due_on == date(2026, 7, 1)


def test_a_bad_row_saves_nothing(db, world, mini_catalogue):
    make_action(db, world.own.id)
    db.commit()
    content = _sheet_with(export_actions(session=db, organisation_id=world.own.id), 2, "Eisen", "9.99")
    content = _sheet_with(content, 2, "Titel", "anders")
    with pytest.raises(RuleError) as caught:
        import_actions(session=db, organisation_id=world.own.id, source=content, actor=TEST)
    assert caught.value.problems[0].code == "action.unknown_requirements"
    assert db.exec(select(Action)).one().title != "anders"


def test_actions_commands(cli, db, world, tmp_path, mini_catalogue):
    make_action(db, world.own.id, due_on=date(2020, 1, 1), title="Te laat")
    make_action(db, world.own.id, due_on=date(2099, 1, 1), title="Later")
    db.commit()
    listed = cli("actions", "list", "--org", "voorbeeld", "--overdue")
    assert listed.exit_code == 0 and "Te laat" in listed.stdout and "Later" not in listed.stdout
    out = tmp_path / "plan.xlsx"
    assert cli("actions", "export", "--org", "voorbeeld", "--out", str(out)).exit_code == 0
    checked = cli("actions", "import", "--org", "voorbeeld", "--dry-run", str(out))
    assert checked.exit_code == 0 and "2 ongewijzigd" in checked.stdout
    assert cli("actions", "list", "--org", "bestaat-niet").exit_code == 1


def test_approvals_commands(cli, db, world, mini_catalogue):
    proposal = propose_answer(
        session=db,
        organisation_id=world.own.id,
        requirement=requirement(db, "5.01.01"),
        values=AnswerValues(
            applicability="not_applicable", explanation="Geen", last_reviewed_on=date(2026, 1, 1)
        ),
        base_revision=0,
        actor=type(TEST).of(world.user(Role.CISO)),
    )
    db.commit()
    assert str(proposal.id) in cli("approvals", "list", "--org", "voorbeeld").stdout
    own = cli(
        "approvals", "approve", "--org", "voorbeeld", "--by", world.user(Role.CISO).email, str(proposal.id)
    )
    assert own.exit_code == 1 and "eigen voorstel" in own.stderr
    auditor = cli(
        "approvals", "approve", "--org", "voorbeeld", "--by", world.user(Role.AUDITOR).email, str(proposal.id)
    )
    assert auditor.exit_code == 1
    rejected = cli(
        "approvals",
        "reject",
        "--org",
        "voorbeeld",
        "--by",
        world.user(Role.MANAGEMENT).email,
        "--reason",
        "Toelichting te kort",
        str(proposal.id),
    )
    assert rejected.exit_code == 0
    db.expire_all()
    assert db.get(Approval, proposal.id).state == "rejected"


def test_an_approval_is_stale_when_the_answer_moved_on(db, world, mini_catalogue):
    from tests.plan.factories import planned_answer

    proposal = propose_answer(
        session=db,
        organisation_id=world.own.id,
        requirement=requirement(db, "5.01.01"),
        values=AnswerValues(
            applicability="not_applicable", explanation="Geen", last_reviewed_on=date(2026, 1, 1)
        ),
        base_revision=0,
        actor=type(TEST).of(world.user(Role.CISO)),
    )
    planned_answer(db, world.own.id, "5.01.01")
    with pytest.raises(RuleError) as caught:
        approve(
            session=db,
            approval=proposal,
            actor=type(TEST).of(world.user(Role.MANAGEMENT)),
            role=Role.MANAGEMENT,
        )
    assert caught.value.problems[0].code == "approval.stale"

"""The four eyes and the action rule live in the domain's saves (plan/rules.py): a sheet import from the page or
the command line holds a "niet van toepassing" and a risk acceptance for approval and makes the action a
"gepland" answer or a treated risk needs, as the answer and risk pages do; the answer -> risk links follow
only the answers saved."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlmodel import col, select

from controls.answer_models import Answer, AnswerRevision
from controls.answers import record_answer
from controls.answers_xlsx import export_answers
from controls.rules import AnswerValues
from core import clock
from core.actor import Actor
from core.models import Role
from plan.approvals import approve, pending
from plan.gaps import gaps
from plan.models import Action, ActionLink
from risk.models import AnswerRisk, Risk
from risk.xlsx import export_risks
from tests.plan.factories import requirement
from tests.risk.factories import accepted, make_risk

CISO = Actor.system("Test CISO")
ACCEPTANCE = {
    "treatment": "accept",
    "accepted_by": "College van B&W",
    "accepted_on": date(2026, 1, 15),
    "acceptance_expires_on": date(2026, 12, 31),
}


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: date(2026, 3, 1))


def _edited(content: bytes, sheet_name: str, rows: dict[int, dict[str, object]]) -> bytes:
    book = load_workbook(io.BytesIO(content))
    sheet = book[sheet_name]
    headers = [cell.value for cell in sheet[1]]
    for row, values in rows.items():
        for header, value in values.items():
            sheet.cell(row=row, column=headers.index(header) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row_of(content: bytes, sheet_name: str, ref: str) -> int:
    sheet = load_workbook(io.BytesIO(content))[sheet_name]
    return next(row[0].row for row in sheet.iter_rows(min_row=2) if row[0].value == ref)


def answers_sheet(db, world) -> bytes:
    """5.01.01 made "niet van toepassing" (a measure: four eyes), 5.2 "gepland" with a date and an owner."""
    content = export_answers(session=db, organisation_id=world.own.id)
    return _edited(
        content,
        "Antwoorden",
        {
            _row_of(content, "Antwoorden", "5.01.01"): {
                "Toepasselijkheid": "niet van toepassing",
                "Toelichting": "Geen eigen rekencentrum.",
            },
            _row_of(content, "Antwoorden", "5.2"): {
                "Toepasselijkheid": "van toepassing",
                "Implementatie": "gepland",
                "Toelichting": "Komt met het nieuwe zaaksysteem.",
                "Geplande datum": date(2026, 9, 1),
                "Eigenaar": "Teamleider ICT",
            },
        },
    )


def assert_held_and_planned(db, world) -> None:
    db.expire_all()
    waiting = pending(session=db, organisation_id=world.own.id)
    assert [(a.kind, a.subject) for a in waiting] == [("not_applicable", "5.01.01")]
    answered = {
        a.requirement_id for a in db.exec(select(Answer).where(Answer.organisation_id == world.own.id)).all()
    }
    assert requirement(db, "5.01.01").id not in answered, "held: nothing recorded, still unanswered"
    links = db.exec(select(ActionLink).where(ActionLink.target_id == requirement(db, "5.2").id)).all()
    action = db.get(Action, links[0].action_id)
    assert action.due_on == date(2026, 9, 1) and action.owner_name == "Teamleider ICT"
    assert not gaps(session=db, organisation_id=world.own.id)


def test_the_answers_import_page_holds_not_applicable_and_makes_the_action(
    client, db, world, mini_catalogue, login_as, fixed_today
):
    login_as(Role.CISO)
    form = {"file": (io.BytesIO(answers_sheet(db, world)), "a.xlsx")}
    response = client.post("/o/voorbeeld/vvt/import", data=form, content_type="multipart/form-data")
    assert response.status_code == 302
    assert_held_and_planned(db, world)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ter goedkeuring (nog niet van kracht): 5.01.01" in page and "Acties aangemaakt" in page


def test_the_answers_import_command_holds_not_applicable_and_makes_the_action(
    cli, db, world, mini_catalogue, tmp_path, fixed_today
):
    sheet = tmp_path / "antwoorden.xlsx"
    sheet.write_bytes(answers_sheet(db, world))
    result = cli("answers", "import", "--org", "voorbeeld", str(sheet))
    assert result.exit_code == 0, result.stderr
    assert "Ter goedkeuring (nog niet van kracht): 5.01.01" in result.stdout
    assert_held_and_planned(db, world)


def test_the_risks_import_command_holds_an_acceptance_and_makes_the_action(
    cli, db, world, tmp_path, fixed_today
):
    make_risk(db, world.own.id, title="Uitval", **ACCEPTANCE)
    make_risk(db, world.own.id, title="Datalek")  # in treatment: its action was made on the save
    assert len(db.exec(select(Action)).all()) == 2
    content = export_risks(session=db, organisation_id=world.own.id)
    accepting = {
        "Behandeling": "accepteren",
        "Geaccepteerd door": "College van B&W",
        "Geaccepteerd op": date(2026, 1, 15),
        "Acceptatie verloopt op": date(2026, 12, 31),
    }
    sheet = tmp_path / "risicos.xlsx"
    sheet.write_bytes(_edited(content, "Risico's", {_row_of(content, "Risico's", "R-002"): accepting}))
    result = cli("risks", "import", "--org", "voorbeeld", str(sheet))
    assert result.exit_code == 0, result.stderr
    assert "Ter goedkeuring (nog niet van kracht): R-002" in result.stdout
    db.expire_all()
    waiting = pending(session=db, organisation_id=world.own.id)
    assert [(a.kind, a.subject) for a in waiting] == [("risk_acceptance", "R-002")]
    assert db.exec(select(Risk).where(Risk.reference == "R-002")).one().treatment != "accept"


def test_an_approved_acceptance_gets_its_action_too(db, world, fixed_today):
    from plan.approvals import propose_risk

    proposal = propose_risk(
        session=db, organisation_id=world.own.id, risk=None, data=accepted(), base_revision=0, actor=CISO
    )
    approve(
        session=db, approval=proposal, actor=Actor.system("Wethouder"), role=Role.MANAGEMENT, reason="Akkoord"
    )
    risk = db.exec(select(Risk)).one()
    assert risk.treatment == "accept" and not gaps(session=db, organisation_id=world.own.id)


def test_without_the_policy_the_domain_records_at_once(db, world, mini_catalogue):
    from plan.models import DecisionKind
    from plan.policy import set_policy

    set_policy(
        session=db, organisation_id=world.own.id, required={DecisionKind.NOT_APPLICABLE: False}, actor=CISO
    )
    saved = record_answer(
        session=db,
        organisation_id=world.own.id,
        requirement_id=requirement(db, "5.01.01").id,
        values=AnswerValues(
            applicability="not_applicable", explanation="Geen", last_reviewed_on=date(2026, 1, 1)
        ),
        base_revision=0,
        actor=CISO,
    )
    assert saved.held is None and saved.revision.applicability == "not_applicable"


def _named(db, world, code: str, reference: str, base: int, more: str = "") -> AnswerRevision:
    return record_answer(
        session=db,
        organisation_id=world.own.id,
        requirement_id=requirement(db, code).id,
        values=AnswerValues(
            applicability="applicable",
            implementation="partially",
            design="sufficient",
            explanation="Deels; de rest is een geaccepteerd risico." + more,
            risk_reference=reference,
            last_reviewed_on=date(2026, 1, 1),
        ),
        base_revision=base,
        actor=CISO,
        accepted_risks={reference},
        known_risks={reference},
    ).revision


def test_a_save_links_only_the_saved_answers_to_their_risks(db, world, mini_catalogue, count_queries):
    make_risk(db, world.own.id, **ACCEPTANCE)
    first = _named(db, world, "5.1", "R-001", 0)
    _named(db, world, "5.2", "R-001", 0)
    assert len(db.exec(select(AnswerRisk)).all()) == 2
    db.exec(__import__("sqlmodel").delete(AnswerRisk).where(col(AnswerRisk.answer_id) == first.answer_id))
    with count_queries() as counted:
        second = _named(db, world, "5.2", "R-001", 1, "De rest volgt na de aanbesteding.")
    links = [(link.answer_id, link.risk_id) for link in db.exec(select(AnswerRisk)).all()]
    risk = db.exec(select(Risk)).one()
    assert links == [(second.answer_id, risk.id)], "5.1's removed link is left alone: only 5.2 was saved"
    touching = [s.split()[0].upper() for s in counted.statements if "answer_risk" in s.lower()]
    assert touching == ["DELETE", "INSERT"]


def test_the_answers_dry_run_says_what_the_import_would_hold_and_make_and_keeps_nothing(
    cli, db, world, mini_catalogue, tmp_path, fixed_today
):
    sheet = tmp_path / "antwoorden.xlsx"
    sheet.write_bytes(answers_sheet(db, world))
    before = len(db.exec(select(Action)).all())
    tried = cli("answers", "import", "--org", "voorbeeld", "--dry-run", str(sheet))
    assert tried.exit_code == 0, tried.stderr
    assert "Zou ter goedkeuring gaan (dan nog niet van kracht): 5.01.01." in tried.stdout
    assert "Zou acties aanmaken in het verbeterplan: A-001 (" in tried.stdout and "5.2" in tried.stdout
    db.expire_all()
    assert pending(session=db, organisation_id=world.own.id) == []
    assert len(db.exec(select(Action)).all()) == before
    assert db.exec(select(Answer).where(Answer.organisation_id == world.own.id)).all() == []
    done = cli("answers", "import", "--org", "voorbeeld", str(sheet))
    assert "Ter goedkeuring (nog niet van kracht): 5.01.01." in done.stdout
    assert "Acties aangemaakt in het verbeterplan: A-001." in done.stdout
    assert_held_and_planned(db, world)


def test_the_answers_dry_run_page_lists_what_would_be_held_and_made(
    client, db, world, mini_catalogue, login_as, fixed_today
):
    login_as(Role.CISO)
    form = {"file": (io.BytesIO(answers_sheet(db, world)), "a.xlsx"), "dry_run": "y"}
    response = client.post("/o/voorbeeld/vvt/import", data=form, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert "Zou ter goedkeuring gaan (dan nog niet van kracht): 5.01.01." in page
    assert "Zou acties aanmaken in het verbeterplan: A-001 (" in page
    db.expire_all()
    assert pending(session=db, organisation_id=world.own.id) == [] and db.exec(select(Action)).all() == []

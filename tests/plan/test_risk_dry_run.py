"""The risks import's dry run says what the import would hold for approval and which actions its steps would
make, exactly as the real import then does, and leaves nothing behind (risk/xlsx.py: the save runs in a
savepoint that is rolled back)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlmodel import select

from core import clock
from core.models import Role
from plan.approvals import pending
from plan.models import Action
from risk.models import Risk, RiskRevision
from risk.xlsx import export_risks
from tests.plan.test_save_rules import _edited, _row_of
from tests.risk.factories import make_risk

ACCEPTING = {
    "Behandeling": "accepteren",
    "Geaccepteerd door": "College van B&W",
    "Geaccepteerd op": date(2026, 1, 15),
    "Acceptatie verloopt op": date(2026, 12, 31),
}
TREATING = {"Status": "in behandeling"}


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: date(2026, 3, 1))


def _sheet(db, world) -> bytes:
    """R-001 to be accepted (held: the policy asks approval), R-002 to be in treatment (needs an action)."""
    make_risk(db, world.own.id, title="Uitval", status="open")
    make_risk(db, world.own.id, title="Datalek", status="open")
    content = export_risks(session=db, organisation_id=world.own.id)
    rows = {_row_of(content, "Risico's", "R-001"): ACCEPTING, _row_of(content, "Risico's", "R-002"): TREATING}
    return _edited(content, "Risico's", rows)


def _state(db):
    db.expire_all()
    return (
        len(db.exec(select(Action)).all()),
        len(db.exec(select(RiskRevision)).all()),
        [r.treatment for r in db.exec(select(Risk).order_by(Risk.reference)).all()],
    )


def test_the_risks_dry_run_says_what_the_import_would_hold_and_make_and_keeps_nothing(
    cli, db, world, tmp_path, fixed_today
):
    sheet = tmp_path / "risicos.xlsx"
    sheet.write_bytes(_sheet(db, world))
    before = _state(db)
    tried = cli("risks", "import", "--org", "voorbeeld", "--dry-run", str(sheet))
    assert tried.exit_code == 0, tried.stderr
    assert "controle (niets opgeslagen): 0 nieuw, 1 gewijzigd, 0 ongewijzigd" in tried.stdout
    assert "Zou ter goedkeuring gaan (dan nog niet van kracht): R-001." in tried.stdout
    assert "Zou acties aanmaken in het verbeterplan: A-001 (" in tried.stdout
    assert _state(db) == before and pending(session=db, organisation_id=world.own.id) == []
    done = cli("risks", "import", "--org", "voorbeeld", str(sheet))
    assert done.exit_code == 0, done.stderr
    assert "Ter goedkeuring (nog niet van kracht): R-001." in done.stdout
    assert "Acties aangemaakt in het verbeterplan: A-001." in done.stdout
    waiting = pending(session=db, organisation_id=world.own.id)
    assert [(a.kind, a.subject) for a in waiting] == [("risk_acceptance", "R-001")]


def test_the_risks_dry_run_page_lists_what_would_be_held_and_made(client, db, world, login_as, fixed_today):
    login_as(Role.CISO)
    content = _sheet(db, world)
    before = _state(db)
    form = {"file": (io.BytesIO(content), "r.xlsx"), "dry_run": "y"}
    response = client.post("/o/voorbeeld/risicos/import", data=form, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert "Zou ter goedkeuring gaan (dan nog niet van kracht): R-001." in page
    assert "Zou acties aanmaken in het verbeterplan: A-001 (" in page
    assert _state(db) == before

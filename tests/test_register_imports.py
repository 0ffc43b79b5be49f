"""The import pages of the three registers (risks, actions, scope) through one page flow
(app.imports.page.register_import): a saved import says how many rows were new, changed and unchanged in the
user's language and shows the register; the risk register's also says what its rows were held for and which
actions the plan made."""

from __future__ import annotations

import io

import pytest

from core.models import Role
from plan.xlsx import export_actions
from risk.xlsx import export_risks
from scope.xlsx import export_items
from tests.plan.factories import make_action
from tests.plan.test_risk_dry_run import _sheet, fixed_today  # noqa: F401 - a sheet that holds and makes
from tests.risk.factories import make_risk
from tests.scope.factories import make_item

REGISTERS = {
    "risks": (make_risk, export_risks, "/o/voorbeeld/risicos/import", "/o/voorbeeld/risicos/"),
    "actions": (make_action, export_actions, "/o/voorbeeld/acties/import", "/o/voorbeeld/acties/"),
    "scope": (make_item, export_items, "/o/voorbeeld/scope/import", "/o/voorbeeld/scope/"),
}


def saved(client, url: str, content: bytes, **headers: str):
    upload = {"file": (io.BytesIO(content), "register.xlsx")}
    return client.post(url, data=upload, content_type="multipart/form-data", headers=headers)


@pytest.mark.parametrize("register", REGISTERS)
def test_a_saved_import_says_what_it_did_and_shows_the_register(client, db, world, login_as, register):
    make, export, url, shown = REGISTERS[register]
    make(db, world.own.id)
    db.commit()
    login_as(Role.CISO)
    content = export(session=db, organisation_id=world.own.id)
    response = saved(client, url, content)
    assert response.status_code == 302 and response.headers["Location"] == shown
    page = client.get(shown).get_data(as_text=True)
    assert "Ingelezen: 0 nieuw, 0 gewijzigd, 1 ongewijzigd." in page

    with client.session_transaction() as session:
        session["locale"] = "en"
    saved(client, url, content)
    assert "Imported: 0 new, 0 changed, 1 unchanged." in client.get(shown).get_data(as_text=True)


def test_a_saved_risks_import_also_says_what_was_held_and_made(client, db, world, login_as, fixed_today):  # noqa: F811
    login_as(Role.CISO)
    saved(client, REGISTERS["risks"][2], _sheet(db, world))
    page = client.get(REGISTERS["risks"][3]).get_data(as_text=True)
    assert "Ingelezen: 0 nieuw, 1 gewijzigd, 0 ongewijzigd." in page  # R-001 held, R-002 saved
    assert "Ter goedkeuring (nog niet van kracht): R-001." in page
    assert "Acties aangemaakt in het verbeterplan: A-001." in page

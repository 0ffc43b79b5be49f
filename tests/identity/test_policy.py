"""Password login switched off per organisation, from the settings page and the command line."""

from __future__ import annotations

from core.models import Role
from core.signin import password_login_of
from tests.conftest import login


def test_the_settings_page_switches_passwords_off(client, world, db, login_as):
    login_as(Role.ADMIN)
    assert 'name="password_login"' in client.get("/o/voorbeeld/beheer/aanmelden").get_data(as_text=True)
    client.post("/o/voorbeeld/beheer/aanmelden", data={"roles": []})
    assert password_login_of(session=db, organisation_id=world.own.id) is False


def test_the_command_line_switches_passwords_off_and_on(cli, app, world, db):
    assert cli("org", "password-login", "--slug", "voorbeeld", "off").exit_code == 0
    response = login(app.test_client(), "auditor@voorbeeld.nl")
    assert response.status_code == 403 and "single sign-on" in response.get_data(as_text=True)
    assert cli("org", "password-login", "--slug", "voorbeeld", "on").exit_code == 0
    assert login(app.test_client(), "auditor@voorbeeld.nl").status_code == 302

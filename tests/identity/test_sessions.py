"""Sessions that end: a copied cookie opens nothing after logout, a password change, an MFA reset, a removal
from the organisation, the idle timeout or the absolute lifetime; the account page ends the others."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from core import clock
from core.identity_models import UserSession
from core.models import Role
from tests.conftest import login
from tests.factories import PASSWORD

DASHBOARD = "/o/voorbeeld/"


def copy_cookies(source, target) -> None:
    """What an attacker does with a stolen cookie: the same cookie in another client."""
    for cookie in source._cookies.values():
        target.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)


def test_a_copied_cookie_opens_nothing_after_logout(app, world):
    owner, thief = app.test_client(), app.test_client()
    assert login(owner, "ciso@voorbeeld.nl").status_code == 302
    copy_cookies(owner, thief)
    assert thief.get(DASHBOARD).status_code == 200  # the copy works while the session lasts
    owner.post("/logout")
    assert thief.get(DASHBOARD).status_code == 302
    # nor can it change anything
    response = thief.post("/account/sessies/andere-beeindigen")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_session_key_is_stored_hashed(app, world, db):
    client = app.test_client()
    login(client, "ciso@voorbeeld.nl")
    with client.session_transaction() as cookie_session:
        key = cookie_session["sid"]
    rows = db.exec(select(UserSession)).all()
    assert len(rows) == 1 and key not in rows[0].key_hash and len(rows[0].key_hash) == 64


def test_password_change_ends_the_other_sessions_but_not_this_one(app, world):
    first, second = app.test_client(), app.test_client()
    login(first, "ciso@voorbeeld.nl")
    login(second, "ciso@voorbeeld.nl")
    new = "een geheel nieuwe zin voor mij"
    response = first.post("/account/wachtwoord", data={"current": PASSWORD, "new": new, "repeat": new})
    assert response.status_code == 302
    assert first.get(DASHBOARD).status_code == 200
    assert second.get(DASHBOARD).status_code == 302


def test_removal_from_the_organisation_ends_the_sessions(app, world, login_as):
    member, admin = app.test_client(), app.test_client()
    auditor = world.user(Role.AUDITOR)
    login(member, auditor.email)
    login(admin, "admin@voorbeeld.nl")
    admin.post(f"/o/voorbeeld/beheer/gebruikers/{auditor.id}/verwijderen")
    assert member.get("/account").status_code == 302


def test_mfa_reset_ends_the_sessions(app, world, db, cli):
    from core.mfa import begin_enrolment

    client = app.test_client()
    login(client, "ciso@voorbeeld.nl")
    begin_enrolment(session=db, user=world.user(Role.CISO))
    db.commit()
    result = cli("user", "mfa-reset", "--email", "ciso@voorbeeld.nl")
    assert result.exit_code == 0, result.stderr
    assert client.get(DASHBOARD).status_code == 302


def test_idle_timeout_ends_a_session(app, world, monkeypatch):
    client = app.test_client()
    login(client, "ciso@voorbeeld.nl")
    assert client.get(DASHBOARD).status_code == 200
    later = clock.now() + timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert client.get(DASHBOARD).status_code == 302


def test_a_used_session_lives_until_its_absolute_lifetime(app, world, monkeypatch):
    client = app.test_client()
    login(client, "ciso@voorbeeld.nl")
    start = clock.now()
    for minutes in range(20, 8 * 60, 20):  # a request every 20 minutes keeps it from idling
        moment = start + timedelta(minutes=minutes)
        monkeypatch.setattr(clock, "now", lambda moment=moment: moment)
        assert client.get(DASHBOARD).status_code == 200, minutes
    moment = start + timedelta(hours=8, minutes=1)
    monkeypatch.setattr(clock, "now", lambda: moment)
    assert client.get(DASHBOARD).status_code == 302


def test_account_page_lists_sessions_and_ends_the_others(app, world):
    here, elsewhere = app.test_client(), app.test_client()
    login(here, "ciso@voorbeeld.nl")
    login(elsewhere, "ciso@voorbeeld.nl")
    page = here.get("/account").get_data(as_text=True)
    assert page.count("<tr>") == 3 and "deze sessie" in page  # header and two sessions
    response = here.post("/account/sessies/andere-beeindigen")
    assert response.status_code == 302
    assert "1 andere sessie(s) beëindigd" in here.get("/account").get_data(as_text=True)
    assert here.get(DASHBOARD).status_code == 200
    assert elsewhere.get(DASHBOARD).status_code == 302


def test_a_session_cannot_be_forged_from_the_user_id(app, world):
    """The old cookie named the user's login token; without a server-side session it opens nothing."""
    client = app.test_client()
    with client.session_transaction() as cookie_session:
        cookie_session["_user_id"] = world.user(Role.CISO).login_token
        cookie_session["_fresh"] = True
    assert client.get(DASHBOARD).status_code == 302

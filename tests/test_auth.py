from __future__ import annotations

from sqlmodel import select

from core.models import AuditEvent, Role, User
from tests.conftest import login
from tests.factories import PASSWORD


def test_login_and_logout(client, world):
    response = login(client, "ciso@voorbeeld.nl")
    assert response.status_code == 302
    page = client.get("/o/voorbeeld/").get_data(as_text=True)
    assert "Gemeente Voorbeeld" in page
    assert client.post("/logout").status_code == 302
    assert client.get("/o/voorbeeld/").status_code == 302


def test_password_is_stored_as_argon2(db, world):
    user = db.exec(select(User).where(User.email == "ciso@voorbeeld.nl")).one()
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_wrong_password_is_refused_and_logged(client, world, db):
    response = login(client, "ciso@voorbeeld.nl", "wrong password!")
    assert response.status_code == 401
    assert "onjuist wachtwoord" in response.get_data(as_text=True)
    events = db.exec(select(AuditEvent).where(AuditEvent.action == "login.failed")).all()
    assert [e.subject for e in events] == ["ciso@voorbeeld.nl"]


def test_login_is_slowed_down_after_repeated_failures(client, world, app):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert login(client, "ciso@voorbeeld.nl", "wrong password!").status_code == 401
    response = login(client, "ciso@voorbeeld.nl")  # not even looked at while the wait lasts
    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in response.get_data(as_text=True)


def test_throttle_ends_after_the_lock_window(client, world, app, monkeypatch):
    from datetime import timedelta

    from core import clock

    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        login(client, "ciso@voorbeeld.nl", "wrong password!")
    later = clock.now() + timedelta(minutes=app.config["LOGIN_LOCK_MINUTES"] + 1)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert login(client, "ciso@voorbeeld.nl").status_code == 302


def test_deactivated_user_cannot_log_in(client, world, db):
    from core.accounts import set_active

    set_active(session=db, user=world.user(Role.CISO), active=False)
    db.commit()
    assert login(client, "ciso@voorbeeld.nl").status_code == 401


def test_session_is_renewed_on_login(client, world):
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, "ciso@voorbeeld.nl")
    with client.session_transaction() as session:
        assert "planted" not in session


def test_next_parameter_cannot_leave_the_site(client, world):
    response = client.post(
        "/login?next=https://evil.example/", data={"email": "ciso@voorbeeld.nl", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"
    response = client.post("/logout")
    response = client.post(
        "/login?next=//evil.example/", data={"email": "ciso@voorbeeld.nl", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"


def test_password_change_ends_other_sessions(app, world):
    first, second = app.test_client(), app.test_client()
    login(first, "ciso@voorbeeld.nl")
    login(second, "ciso@voorbeeld.nl")
    response = first.post(
        "/account/wachtwoord",
        data={"current": PASSWORD, "new": "a brand new passphrase", "repeat": "a brand new passphrase"},
    )
    assert response.status_code == 302
    assert first.get("/o/voorbeeld/").status_code == 200
    assert second.get("/o/voorbeeld/").status_code == 302  # logged out


def test_password_change_with_wrong_current_password(client, world):
    login(client, "ciso@voorbeeld.nl")
    response = client.post(
        "/account/wachtwoord",
        data={
            "current": "nope nope nope",
            "new": "a brand new passphrase",
            "repeat": "a brand new passphrase",
        },
    )
    assert response.status_code == 200
    assert "klopt niet" in response.get_data(as_text=True)


def test_language_switch(client, world):
    login(client, "ciso@voorbeeld.nl")
    assert "Uitloggen" in client.get("/o/voorbeeld/").get_data(as_text=True)
    client.post("/taal/en", data={"next": "/o/voorbeeld/"})
    assert "Log out" in client.get("/o/voorbeeld/").get_data(as_text=True)


def test_english_browser_gets_english_login_page(client):
    page = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert "Log in" in page


def test_many_failures_from_one_address_slow_that_address_down(client, world, monkeypatch):
    from core import throttle

    monkeypatch.setattr(throttle, "FAILURES_PER_ADDRESS", 3)
    for n in range(3):
        login(client, f"guess{n}@voorbeeld.nl", "wrong password!")
    assert login(client, "ciso@voorbeeld.nl").status_code == 429

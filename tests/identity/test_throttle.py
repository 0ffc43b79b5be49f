"""Throttling that cannot be turned against the owner: waits per account and address, per address, and for the
owner's own browser (device cookie) only its own failures; the proxy's header only with trusted proxies; the
current-password check throttled and logged."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from core import clock
from core.models import AuditEvent
from core.throttle import wait_for
from tests.conftest import login
from tests.factories import PASSWORD

OWNER = "ciso@voorbeeld.nl"
WRONG = "not the password at all"


def login_from(client, address: str, email: str = OWNER, password: str = PASSWORD):
    return client.post(
        "/login", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def test_waits_grow_and_stop_at_the_ceiling():
    ceiling = timedelta(minutes=5)
    assert [wait_for(n, 5, ceiling).total_seconds() for n in (0, 4, 5, 6, 7, 20)] == [0, 0, 2, 4, 8, 300]


def test_the_owner_is_not_held_back_by_someone_elses_failures_from_another_address(app, world):
    attacker, owner = app.test_client(), app.test_client()
    for _ in range(app.config["LOGIN_MAX_FAILURES"] + 3):
        login_from(attacker, "203.0.113.9", password=WRONG)
    assert login_from(attacker, "203.0.113.9").status_code == 429  # the attacker waits
    assert login_from(owner, "198.51.100.7").status_code == 302  # the owner does not


def test_the_owners_browser_gets_in_even_from_the_attackers_address(app, world):
    """Behind one proxy or NAT everybody shares an address: the device cookie of an earlier sign-in keeps the
    owner's own browser apart from the failures of everybody else."""
    owner, attacker = app.test_client(), app.test_client()
    assert login_from(owner, "192.0.2.1").status_code == 302
    owner.post("/logout")
    for _ in range(app.config["LOGIN_MAX_FAILURES"] + 3):
        login_from(attacker, "192.0.2.1", password=WRONG)
    assert login_from(attacker, "192.0.2.1").status_code == 429
    assert login_from(owner, "192.0.2.1").status_code == 302


def test_failures_in_the_owners_own_browser_slow_down_that_browser(app, world):
    owner = app.test_client()
    login_from(owner, "192.0.2.1")
    owner.post("/logout")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        login_from(owner, "192.0.2.1", password=WRONG)
    assert login_from(owner, "192.0.2.1").status_code == 429


def test_a_forged_device_cookie_counts_for_nothing(app, world):
    attacker = app.test_client()
    attacker.set_cookie("naleving_device", "forged.value.here")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        login_from(attacker, "192.0.2.1", password=WRONG)
    assert login_from(attacker, "192.0.2.1").status_code == 429


def test_the_wait_ends_by_itself(app, world, monkeypatch):
    client = app.test_client()
    for _ in range(app.config["LOGIN_MAX_FAILURES"] + 10):
        login_from(client, "192.0.2.1", password=WRONG)
    later = clock.now() + timedelta(seconds=app.config["LOGIN_MAX_DELAY_SECONDS"] + 1)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert login_from(client, "192.0.2.1").status_code == 302


def test_a_spoofed_forwarded_for_header_is_ignored_without_trusted_proxies(app, world, db):
    """Without NALEVING_TRUSTED_PROXIES an attacker cannot pick a fresh address per try (nor blame another)."""
    client = app.test_client()
    for n in range(app.config["LOGIN_MAX_FAILURES"]):
        client.post(
            "/login",
            data={"email": OWNER, "password": WRONG},
            headers={"X-Forwarded-For": f"10.0.0.{n}"},
            environ_base={"REMOTE_ADDR": "192.0.2.50"},
        )
    response = client.post(
        "/login",
        data={"email": OWNER, "password": PASSWORD},
        headers={"X-Forwarded-For": "10.0.0.99"},
        environ_base={"REMOTE_ADDR": "192.0.2.50"},
    )
    assert response.status_code == 429
    addresses = {event.ip for event in db.exec(select(AuditEvent).where(AuditEvent.action == "login.failed"))}
    assert addresses == {"192.0.2.50"}


def test_with_one_trusted_proxy_the_forwarded_address_counts(make_app, app_config, world, db):
    app = make_app({**app_config, "TRUSTED_PROXIES": 1})
    client = app.test_client()
    client.post(
        "/login",
        data={"email": OWNER, "password": WRONG},
        headers={"X-Forwarded-For": "198.51.100.23"},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    )
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "login.failed")).one()
    assert event.ip == "198.51.100.23"


def change(client, current: str):
    new = "een geheel nieuwe zin voor mij"
    return client.post("/account/wachtwoord", data={"current": current, "new": new, "repeat": new})


def test_the_current_password_check_is_throttled_and_logged(app, world, db):
    client = app.test_client()
    login(client, OWNER)
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert "klopt niet" in change(client, WRONG).get_data(as_text=True)
    page = change(client, PASSWORD).get_data(as_text=True)  # the right one waits too now
    assert "Te veel mislukte pogingen" in page
    failed = db.exec(select(AuditEvent).where(AuditEvent.action == "reauth.failed")).all()
    assert len(failed) == app.config["LOGIN_MAX_FAILURES"] and failed[0].subject == OWNER

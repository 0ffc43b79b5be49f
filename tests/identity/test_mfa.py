"""TOTP: enrolment with a QR code, the second login step, recovery codes, the per-organisation roles that must
use it, the hold at the enrolment page, and the admin's reset; all audited."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
from sqlmodel import select

from core import clock
from core.actor import Actor
from core.identity_models import MfaCredential, RecoveryCode
from core.models import AuditEvent, Role
from core.signin import set_mfa_roles
from tests.conftest import login

CISO = "ciso@voorbeeld.nl"


def actions(db) -> list[str]:
    return [event.action for event in db.exec(select(AuditEvent).order_by(AuditEvent.id))]


def enrol(client, db) -> tuple[str, list[str]]:
    """Set up MFA for the signed-in user; returns the secret and the recovery codes shown."""
    page = client.get("/account/tweestaps").get_data(as_text=True)
    assert "<svg" in page
    secret = re.search(r'<code id="totp-secret">(\w+)</code>', page).group(1)
    response = client.post("/account/tweestaps", data={"code": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<li><code>([0-9a-f]{5}-[0-9a-f]{5})</code></li>", response.get_data(as_text=True))
    return secret, codes


def next_code(secret: str) -> str:
    """A code of the next time step (the one just used is refused, as any replay)."""
    return pyotp.TOTP(secret).at(clock.now() + timedelta(seconds=30))


def test_enrolment_shows_ten_codes_and_stores_them_hashed(client, world, db):
    login(client, CISO)
    secret, codes = enrol(client, db)
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = db.exec(select(RecoveryCode)).all()
    assert len(stored) == 10 and not {c.replace("-", "") for c in codes} & {r.code_hash for r in stored}
    assert db.exec(select(MfaCredential)).one().confirmed_at is not None
    assert "mfa.enrolled" in actions(db)


def test_a_wrong_first_code_does_not_switch_it_on(client, world, db):
    login(client, CISO)
    client.get("/account/tweestaps")
    response = client.post("/account/tweestaps", data={"code": "000000"})
    assert "klopt niet" in response.get_data(as_text=True)
    assert db.exec(select(MfaCredential)).one().confirmed_at is None


def test_login_asks_for_the_code_and_refuses_a_wrong_or_replayed_one(app, world, db, monkeypatch):
    first = app.test_client()
    login(first, CISO)
    secret, _codes = enrol(first, db)
    client = app.test_client()
    response = login(client, CISO)
    assert response.headers["Location"].endswith("/login/code")
    assert client.get("/o/voorbeeld/").status_code == 302  # not signed in before the code
    assert client.post("/login/code", data={"code": "123456"}).status_code == 401
    # the code used at enrolment is spent: a replay is refused
    used = pyotp.TOTP(secret).now()
    assert client.post("/login/code", data={"code": used}).status_code == 401
    later = clock.now() + timedelta(seconds=30)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert client.post("/login/code", data={"code": pyotp.TOTP(secret).at(later)}).status_code == 302
    assert client.get("/o/voorbeeld/").status_code == 200
    assert "mfa.failed" in actions(db)


def test_a_recovery_code_works_once(app, world, db):
    first = app.test_client()
    login(first, CISO)
    _secret, codes = enrol(first, db)
    client = app.test_client()
    login(client, CISO)
    assert client.post("/login/herstelcode", data={"code": codes[0].upper()}).status_code == 302
    assert "nog 9" in client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "mfa.recovery_code_used" in actions(db)
    client.post("/logout")
    login(client, CISO)
    assert client.post("/login/herstelcode", data={"code": codes[0]}).status_code == 401


def test_code_tries_are_throttled(app, world, db):
    first = app.test_client()
    login(first, CISO)
    secret, _codes = enrol(first, db)
    client = app.test_client()
    login(client, CISO)
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        client.post("/login/code", data={"code": "000000"})
    assert client.post("/login/code", data={"code": next_code(secret)}).status_code == 429


def test_the_second_step_expires(app, world, db, monkeypatch):
    first = app.test_client()
    login(first, CISO)
    secret, _ = enrol(first, db)
    client = app.test_client()
    login(client, CISO)
    later = clock.now() + timedelta(minutes=6)
    monkeypatch.setattr(clock, "now", lambda: later)
    monkeypatch.setattr("app.auth.routes.time.time", lambda: later.timestamp())
    response = client.post("/login/code", data={"code": pyotp.TOTP(secret).at(later)})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/o/voorbeeld/").status_code == 302


def test_a_role_that_requires_mfa_is_held_at_enrolment(app, world, db):
    set_mfa_roles(
        session=db, organisation=world.own, roles=[Role.ADMIN, Role.CISO], actor=Actor.system("test")
    )
    db.commit()
    client = app.test_client()
    response = login(client, CISO)
    assert response.headers["Location"].endswith("/account/tweestaps")
    held = client.get("/o/voorbeeld/")
    assert held.status_code == 302 and held.headers["Location"].endswith("/account/tweestaps")
    enrol(client, db)
    assert client.get("/o/voorbeeld/").status_code == 200  # free once it is set up
    auditor = app.test_client()
    assert login(auditor, "auditor@voorbeeld.nl").headers["Location"] == "/"  # not required for auditors


def test_the_settings_page_chooses_the_roles(client, world, db, login_as):
    login_as(Role.ADMIN)
    page = client.get("/o/voorbeeld/beheer/aanmelden").get_data(as_text=True)
    assert 'name="roles"' in page
    client.post("/o/voorbeeld/beheer/aanmelden", data={"roles": ["admin", "ciso"], "password_login": "y"})
    from core.signin import mfa_roles_of

    assert mfa_roles_of(session=db, organisation_id=world.own.id) == [Role.ADMIN, Role.CISO]
    assert "organisation.mfa_roles_changed" in actions(db)


def test_new_organisations_require_mfa_for_admin_and_ciso(db):
    from core.accounts import create_organisation
    from core.signin import mfa_roles_of

    organisation = create_organisation(session=db, name="Gemeente Nieuw", slug="nieuw")
    assert mfa_roles_of(session=db, organisation_id=organisation.id) == [Role.ADMIN, Role.CISO]


def test_admin_reset_from_the_command_line(app, world, db, cli):
    first = app.test_client()
    login(first, CISO)
    enrol(first, db)
    result = cli("user", "mfa-reset", "--email", CISO)
    assert result.exit_code == 0, result.stderr
    assert db.exec(select(MfaCredential)).first() is None and db.exec(select(RecoveryCode)).first() is None
    assert "mfa.reset" in actions(db)
    assert login(app.test_client(), CISO).headers["Location"] == "/"  # one step again
    again = cli("user", "mfa-reset", "--email", CISO)
    assert again.exit_code == 1 and "staat niet aan" in again.stderr


def test_org_mfa_command(cli, world, db):
    from core.signin import mfa_roles_of

    assert cli("org", "mfa", "--slug", "voorbeeld", "--roles", "admin,ciso").exit_code == 0
    assert mfa_roles_of(session=db, organisation_id=world.own.id) == [Role.ADMIN, Role.CISO]
    assert cli("org", "mfa", "--slug", "voorbeeld", "--roles", "geen").exit_code == 0
    assert mfa_roles_of(session=db, organisation_id=world.own.id) == []
    bad = cli("org", "mfa", "--slug", "voorbeeld", "--roles", "koning")
    assert bad.exit_code == 1 and "onbekende rol" in bad.stderr

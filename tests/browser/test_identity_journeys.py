"""Identity in the browser: MFA enrolment and login with a code computed here, a recovery code, and ending
another session from the account page (CSRF on, as in production)."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest

from core import clock
from core.actor import Actor
from core.models import Role
from core.signin import set_mfa_roles
from tests.browser.conftest import log_in, log_out
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_ciso_is_held_at_enrolment_sets_up_mfa_and_logs_in_with_a_code(page, world, db, monkeypatch):
    from playwright.sync_api import expect

    set_mfa_roles(session=db, organisation=world.own, roles=[Role.CISO], actor=Actor.system("test"))
    db.commit()
    log_in(page, "ciso@voorbeeld.nl", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    expect(page.locator("figure.qr svg")).to_be_visible()
    page.goto("/o/voorbeeld/")  # held there until it is set up
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Code uit uw app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw herstelcodes")
    codes = page.locator("ul.recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Ik heb ze bewaard").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Tweestapsverificatie instellen")
    log_out(page)

    # the next login asks for a code of the next 30 seconds (the one used is spent)
    later = clock.now() + timedelta(seconds=30)
    monkeypatch.setattr(clock, "now", lambda: later)
    log_in(page, "ciso@voorbeeld.nl", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweede stap")
    page.get_by_label("Code uit uw app").fill(pyotp.TOTP(secret).at(later))
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    log_out(page)

    # a lost phone: a recovery code, once
    log_in(page, "ciso@voorbeeld.nl", PASSWORD)
    page.get_by_role("link", name="Telefoon kwijt? Gebruik een herstelcode.").click()
    page.get_by_label("Herstelcode").fill(codes[0])
    page.get_by_role("button", name="Herstelcode gebruiken").click()
    expect(page.get_by_text("Herstelcode gebruikt; u heeft er nog 9.")).to_be_visible()
    log_out(page)


def test_ending_another_session_from_the_account_page(playwright_browser, live_server, world):
    from playwright.sync_api import expect

    contexts = [playwright_browser.new_context(base_url=live_server, locale="nl-NL") for _ in range(2)]
    try:
        laptop, phone = (context.new_page() for context in contexts)
        for page in (laptop, phone):
            page.set_default_timeout(10_000)
            log_in(page, "auditor@voorbeeld.nl", PASSWORD)
        laptop.get_by_role("link", name="auditor@voorbeeld.nl").click()
        expect(laptop.get_by_role("heading", level=1)).to_have_text("Mijn account")
        expect(laptop.locator("table tbody tr")).to_have_count(2)
        laptop.get_by_role("button", name="Andere sessies beëindigen").click()
        expect(laptop.get_by_text("1 andere sessie(s) beëindigd.")).to_be_visible()
        expect(laptop.locator("table tbody tr")).to_have_count(1)
        phone.goto("/o/voorbeeld/")
        expect(phone.get_by_role("heading", level=1)).to_have_text("Inloggen")
        laptop.goto("/o/voorbeeld/")
        expect(laptop.get_by_role("button", name="Uitloggen")).to_be_visible()
    finally:
        for context in contexts:
            context.close()


def test_sso_sign_in_against_the_local_provider(page, app, live_server, world):
    from playwright.sync_api import expect

    from app.sso.client import register_client
    from tests.identity.oidc import running_provider

    with running_provider(f"{live_server}/sso/callback") as issuer:
        app.config.update(OIDC_ISSUER=issuer, OIDC_CLIENT_ID="naleving", OIDC_CLIENT_SECRET="naleving-secret")
        register_client(app)
        page.goto("/login")
        page.get_by_role("link", name="Inloggen met het account van uw organisatie").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Test identity provider")
        page.get_by_label("Account").fill("carla")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
        expect(page.get_by_role("link", name="ciso@voorbeeld.nl")).to_be_visible()

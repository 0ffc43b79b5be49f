"""Each demo role logs in and sees its own navigation, then logs out."""

from __future__ import annotations

import pytest

from core.models import Role
from tests.browser.conftest import log_in, log_out
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

EXPECTED = {
    Role.ADMIN: ({"Dashboard", "Gebruikers", "Instellingen", "Logboek"}, set()),
    Role.CISO: ({"Dashboard"}, {"Gebruikers", "Logboek"}),
    Role.AUDITOR: ({"Dashboard", "Logboek"}, {"Gebruikers"}),
    Role.MANAGEMENT: ({"Dashboard"}, {"Gebruikers", "Logboek"}),
}


@pytest.mark.parametrize("role", list(Role))
def test_role_sees_its_navigation(page, world, role):
    log_in(page, f"{role.value}@voorbeeld.nl", PASSWORD)
    assert page.url.endswith("/o/voorbeeld/")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    labels = {text.strip() for text in menu.get_by_role("link").all_inner_texts()}
    present, absent = EXPECTED[role]
    assert present <= labels, labels
    assert not (absent & labels), labels
    assert page.get_by_role("heading", level=1).inner_text() == "Gemeente Voorbeeld"
    log_out(page)
    page.goto("/o/voorbeeld/")
    assert "/login" in page.url


def test_wrong_password_shows_a_message_and_keyboard_focus_is_visible(page, world):
    log_in(page, "ciso@voorbeeld.nl", "wrong password!!")
    assert page.get_by_text("Onbekend e-mailadres of onjuist wachtwoord.").is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"

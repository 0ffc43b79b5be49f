"""The journey of inheritance by consent: the provider's CISO shares a requirement with its text; the served
organisation's CISO inherits it and sees only that text."""

from __future__ import annotations

import pytest

from core.models import Role
from tests.answers.conftest import answer
from tests.browser.conftest import log_in, log_out
from tests.browser.test_catalogue import screenshot
from tests.factories import PASSWORD, make_organisation, make_user

pytestmark = pytest.mark.browser


def test_share_then_inherit(page, db, world, mini_catalogue):
    buurdorp = make_organisation(db, "buurdorp", "Gemeente Buurdorp")
    make_user(db, buurdorp, Role.CISO)
    world.own.provider_id = buurdorp.id
    db.add(world.own)
    db.commit()
    answer(
        db,
        buurdorp,
        "5.01.01",
        applicability="applicable",
        implementation="implemented",
        explanation="Intern.",
    )

    log_in(page, "ciso@buurdorp.nl", PASSWORD)
    page.goto("/o/buurdorp/eisen/5.01.01")
    page.get_by_role("link", name="Delen als gedeelde dienst").click()
    page.get_by_label("Tekst voor de afnemers").fill("Het IT-centrum voert het beleid uit.")
    page.get_by_role("button", name="Delen", exact=True).click()
    page.wait_for_load_state()
    assert "Gedeeld met de afnemers." in page.content()
    screenshot(page, "shared-offer")
    page.get_by_role("link", name="Gedeelde diensten").first.click()
    assert "Het IT-centrum voert het beleid uit." in page.content()
    screenshot(page, "shared-index")
    log_out(page)

    log_in(page, "ciso@voorbeeld.nl", PASSWORD)
    page.goto("/o/voorbeeld/eisen/5.01.01")
    page.get_by_label("overgenomen van leverancier").check()
    page.get_by_role("button", name="Antwoord opslaan").click()
    page.wait_for_load_state()
    content = page.content()
    assert "Het IT-centrum voert het beleid uit." in content and "Intern." not in content
    screenshot(page, "shared-inherited")

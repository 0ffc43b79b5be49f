"""The journey of a CISO of two organisations: she compares them in the regional view (at 1366 and 390 px, the
comparison scrolls in its own region, never the page; axe finds nothing), previews the differences and copies
an answer from one to the other."""

from __future__ import annotations

from datetime import date

import pytest

from core.accounts import set_membership
from core.models import Role
from tests.answers.conftest import answer
from tests.browser.conftest import log_in
from tests.browser.test_plan_journeys import WIDEST, axe_violations, shot
from tests.factories import PASSWORD, make_organisation, make_user

pytestmark = pytest.mark.browser
POLICY = "Het college stelde het informatiebeveiligingsbeleid vast op 1 februari."
IMPLEMENTED = {"applicability": "applicable", "implementation": "implemented", "design": "sufficient"}


@pytest.fixture
def regional_ciso(db, world, mini_catalogue):
    ciso = world.user(Role.CISO)
    set_membership(session=db, user=ciso, organisation=world.other, role=Role.CISO)
    make_user(db, make_organisation(db, "derde", "Gemeente Derde"), Role.CISO)
    db.commit()
    answer(db, world.own, "5.01.01", **IMPLEMENTED, explanation=POLICY)
    answer(db, world.own, "5.01.02", **IMPLEMENTED, explanation="Jaarlijks herzien.")
    answer(
        db,
        world.other,
        "5.01.01",
        applicability="applicable",
        implementation="planned",
        planned_on=date(2027, 1, 1),
        explanation="Concept.",
    )
    return ciso


def _fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.evaluate(WIDEST)


def test_compare_then_copy_an_answer(page, playwright_browser, live_server, regional_ciso):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, regional_ciso.email, PASSWORD)
    page.get_by_role("link", name="Regionaal overzicht").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Regionaal overzicht"
    region = page.get_by_role("region", name="Vergelijking van 2 organisaties")
    assert "Gemeente Voorbeeld" in region.inner_text() and "Gemeente Andere" in region.inner_text()
    assert "Gemeente Derde" not in page.content()
    shot(page, "regional-1366")

    page.get_by_role("link", name="Antwoorden kopiëren").click()
    page.get_by_label("Kopiëren uit").select_option("voorbeeld")
    page.get_by_label("Gemeente Andere").check()
    page.get_by_label("Eis").fill("5.01.01")
    page.get_by_role("button", name="Verschillen tonen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Verschillen").is_visible()
    assert "Concept." in page.content() and "vastgesteld" in page.content()
    shot(page, "copy-preview")
    page.get_by_role("button", name="Kopiëren", exact=True).click()
    page.wait_for_load_state()
    assert "1 antwoorden gekopieerd uit Gemeente Voorbeeld." in page.content()
    page.goto("/o/andere/eisen/5.01.01")
    assert POLICY in page.content()


def test_the_regional_view_on_a_phone_passes_axe(playwright_browser, live_server, regional_ciso):
    context = playwright_browser.new_context(
        base_url=live_server, locale="nl-NL", viewport={"width": 390, "height": 844}, bypass_csp=True
    )
    phone = context.new_page()
    phone.set_default_timeout(10_000)
    log_in(phone, regional_ciso.email, PASSWORD)
    for url, name in (
        ("/regionaal/", "regional-390"),
        ("/regionaal/kopieren?van=voorbeeld&naar=andere", "copy-preview-390"),
        ("/o/voorbeeld/", "dashboard-390"),
    ):
        phone.goto(url)
        _fits(phone, 390)
        shot(phone, name)
        assert axe_violations(phone) == [], url
    context.close()

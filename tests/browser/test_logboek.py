"""The auditor opens the logboek and filters it; the page fits 1,366 px and 390 px without sideways scrolling
and axe finds nothing."""

from __future__ import annotations

import pytest

from core.actor import Actor
from core.audit import changed_fields, record_event
from core.models import Role
from tests.browser.conftest import log_in
from tests.browser.test_catalogue import screenshot
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def fill(db, world) -> None:
    ciso = world.user(Role.CISO)
    long_text = "Een uitleg die lang genoeg is om over meerdere regels te lopen op een smal scherm " * 3
    for n in range(12):
        record_event(
            session=db,
            action="risk.changed" if n % 2 else "answer.recorded",
            actor=Actor.of(ciso, ip="192.0.2.10"),
            organisation_id=world.own.id,
            subject=f"R-{n:03d}" if n % 2 else "5.01.01",
            changes=changed_fields(
                {"explanation": "", "title": "Oud"}, {"explanation": long_text, "title": f"Nieuw {n}"}
            ),
        )
    db.commit()


def no_sideways_scrolling(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [violation["id"] for violation in results.response["violations"]]


def test_the_auditor_opens_the_logboek_and_filters_it(page, db, world):
    fill(db, world)
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, "auditor@voorbeeld.nl", PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Logboek").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Logboek"
    assert page.get_by_text("De vastlegging is intact").is_visible()
    assert page.get_by_text("Risico gewijzigd").first.is_visible()
    assert no_sideways_scrolling(page)
    assert axe_violations(page) == []
    screenshot(page, "logboek-1366")
    page.get_by_label("Soort").select_option("risk")
    page.get_by_label("Eis of risico").fill("R-003")
    page.get_by_role("button", name="Filteren").click()
    page.wait_for_url("**soort=risk**")
    assert page.get_by_text("1 gebeurtenis", exact=True).is_visible()
    assert page.get_by_text("R-003").first.is_visible() and page.get_by_text("R-005").count() == 0
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/o/voorbeeld/beheer/logboek")
    assert no_sideways_scrolling(page)
    assert axe_violations(page) == []
    screenshot(page, "logboek-390")

"""The public VvT in the browser, without login: Dutch first with English through the switch, 1,366 px and 390 px
without sideways scrolling, and axe finds nothing; no cookie is set."""

from __future__ import annotations

import pytest

from tests.browser.test_catalogue import screenshot
from tests.browser.test_logboek import axe_violations, no_sideways_scrolling
from tests.public.factories import PUBLIC, adopt, answer, publish, scope_statement

pytestmark = pytest.mark.browser


def test_a_visitor_reads_the_published_vvt(page, db, world, mini_catalogue):
    answer(db, world.own.id, "5.01.01")
    answer(
        db, world.own.id, "5.1", public_explanation="Het college heeft het beleid in 2026 vastgesteld. " * 4
    )
    scope_statement(db, world.own.id)
    db.commit()
    adopt(db, world)
    publish(db, world.own)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/publiek/voorbeeld/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Verklaring van toepasselijkheid")
    assert page.get_by_text(PUBLIC).is_visible() and page.get_by_text("college van B&W").is_visible()
    assert page.get_by_role("button").count() == 0  # no login chrome, no form
    assert no_sideways_scrolling(page)
    assert axe_violations(page) == []
    screenshot(page, "publiek-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert no_sideways_scrolling(page)
    assert axe_violations(page) == []
    screenshot(page, "publiek-390")
    page.get_by_role("link", name="English", exact=True).click()
    page.wait_for_url("**lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Adoption").is_visible()
    assert no_sideways_scrolling(page)
    assert axe_violations(page) == []
    screenshot(page, "publiek-390-en")
    assert page.context.cookies() == []
    page.goto("/publiek/")
    assert page.get_by_role("link", name="Gemeente Voorbeeld").is_visible()
    assert axe_violations(page) == []

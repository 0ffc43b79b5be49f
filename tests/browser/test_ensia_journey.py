"""The ENSIA year in Debian's chromium on a phone: the CISO states which bijlagen of the collegeverklaring apply,
then makes the draft In Control Verklaring of the year on the reports page. Both pages pass axe-core's WCAG 2.1
AA rules and fit 390 px."""

from __future__ import annotations

import pytest

from core import clock
from tests.browser.conftest import log_in
from tests.browser.test_plan_journeys import WIDEST, axe_violations, shot
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def small_window(playwright_browser, live_server):
    """A phone-sized window (390 x 844); CSP bypassed only so that the test can inject axe-core."""
    context = playwright_browser.new_context(
        base_url=live_server, locale="nl-NL", viewport={"width": 390, "height": 844}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.evaluate(WIDEST)


def test_the_ciso_keeps_the_ensia_year_and_makes_the_in_control_draft(small_window, world, mini_catalogue):
    from playwright.sync_api import expect

    page = small_window
    log_in(page, "ciso@voorbeeld.nl", PASSWORD)
    page.goto("/o/voorbeeld/rapporten/nieuw")
    page.get_by_role("link", name="ENSIA: welke bijlagen").click()
    year = clock.today().year
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"ENSIA {year}")
    page.get_by_label("Bijlage 1 DigiD is van toepassing").check()
    page.get_by_label("Kenmerk assurancerapport DigiD").fill("LOG-2027-3")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text(f"ENSIA {year} vastgelegd.")).to_be_visible()
    assert axe_violations(page) == []
    _fits(page)
    shot(page, "ensia-year")

    page.goto("/o/voorbeeld/rapporten/nieuw")
    page.get_by_label("Rapport").select_option("in-control")
    page.get_by_label("Jaar").fill(str(year))
    assert axe_violations(page) == []
    _fits(page)
    shot(page, "reports-new-year")
    page.get_by_role("button", name="Rapport maken").click()
    expect(page.get_by_text("Rapport gemaakt en gearchiveerd.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("In Control Verklaring (concept)")

"""The incident journey in a real browser: the CISO registers a significant incident, sees its clocks in local
time with the time left, and records the early warning sent."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from core import clock
from tests.browser.conftest import log_in
from tests.browser.test_catalogue import screenshot
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_register_an_incident_see_the_clocks_and_record_the_early_warning(page, world):
    aware = clock.to_local(clock.now() - timedelta(hours=2)).replace(second=0, microsecond=0)
    log_in(page, "ciso@voorbeeld.nl", PASSWORD)
    page.goto("/o/voorbeeld/")
    page.get_by_role("link", name="Incidenten").first.click()
    page.get_by_role("link", name="Nieuw incident").click()
    page.get_by_label("Titel").fill("Uitval zaaksysteem")
    page.get_by_label("Wat is er gebeurd").fill("Het zaaksysteem reageert niet meer.")
    page.get_by_label("Moment van kennisname").fill(aware.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Een dienst is 4 uur of langer niet beschikbaar").check()
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "I-001 Uitval zaaksysteem"
    clocks = page.locator("table.clocks")
    early_due = (aware + timedelta(hours=24)).astimezone(clock.LOCAL_ZONE)
    row = clocks.locator("tr[data-deadline='early_warning']")
    assert early_due.strftime("%Y-%m-%d %H:%M") in row.inner_text()
    assert "loopt" in row.inner_text() and re.search(r"nog 2[12] u \d+ min", row.inner_text())
    screenshot(page, "incident-clocks")
    page.get_by_label("Bericht", exact=True).select_option("early_warning")
    page.get_by_label("Aan").select_option("both")
    page.get_by_label("Wat is verzonden").fill("Vroegtijdige waarschuwing via het meldportaal.")
    page.get_by_role("button", name="Bericht vastleggen").click()
    page.wait_for_load_state()
    assert "Bericht vastgelegd." in page.content()
    row = page.locator("table.clocks tr[data-deadline='early_warning']")
    assert "op tijd" in row.inner_text()
    screenshot(page, "incident-early-warning-sent")

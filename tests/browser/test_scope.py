"""The scope journey in a real browser, CSRF on: the CISO adds a system, runs its quickscan, sees the gap on
the dashboard, links a risk to the system and sees the gap disappear."""

from __future__ import annotations

import os

import pytest

from tests.browser.conftest import log_in
from tests.factories import PASSWORD
from tests.risk.factories import make_risk

pytestmark = pytest.mark.browser


def _shot(page, name: str) -> None:
    folder = os.environ.get("NALEVING_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"scope-{name}.png"), full_page=True)


def test_the_ciso_adds_a_system_classifies_it_and_closes_the_gap_with_a_risk(page, world, db):
    make_risk(db, world.own.id, title="Datalek uit de BRP")
    log_in(page, "ciso@voorbeeld.nl", PASSWORD)
    page.goto("/o/voorbeeld/scope/")
    page.get_by_role("link", name="Nieuw informatiesysteem").click()
    page.get_by_label("Naam").fill("BRP-koppeling")
    page.get_by_label("Eigenaar (lijnmanager)").fill("Afdelingshoofd Publiekszaken")
    page.get_by_label("bijzondere persoonsgegevens").check()
    page.get_by_label("Hosting").select_option("own_premises")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "S-001 BRP-koppeling"

    page.get_by_role("link", name="Quickscan uitvoeren").click()
    for radio in page.locator("input[type=radio][value=low]").all():
        radio.check()
    page.locator("#aspect-confidentiality input[type=radio][value=high]").first.check()
    _shot(page, "quickscan")
    page.get_by_role("button", name="Quickscan vastleggen").click()
    page.wait_for_load_state()
    assert "aanvullende risicoanalyse nodig" in page.locator("#quickscan-heading + p + p").inner_text()
    assert page.locator("#gap-notice").is_visible()

    page.get_by_role("link", name="Dashboard").click()
    gaps = page.locator("#scope-gaps")
    assert "BRP-koppeling" in gaps.inner_text()
    gaps.get_by_role("link", name="S-001").click()

    page.get_by_label("Risico", exact=True).select_option(label="R-001 Datalek uit de BRP")
    page.get_by_role("button", name="Risico koppelen").click()
    page.wait_for_load_state()
    assert page.locator("#gap-notice").count() == 0
    assert "R-001" in page.locator("#risks-heading + ul").inner_text()
    _shot(page, "system")

    page.get_by_role("link", name="Dashboard").click()
    assert "BRP-koppeling" not in page.locator("#scope-gaps").inner_text()
    _shot(page, "dashboard")

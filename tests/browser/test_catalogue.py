"""A CISO finds a requirement in the catalogue and follows its mappings; the filters submit themselves."""

from __future__ import annotations

import os

import pytest

from tests.browser.conftest import log_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def screenshot(page, name: str) -> None:
    """With NALEVING_SCREENSHOTS=<dir>, keep a picture of the page to look at."""
    folder = os.environ.get("NALEVING_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def test_search_a_requirement_and_follow_its_mappings(page, world, catalogue):
    log_in(page, "ciso@voorbeeld.nl", PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Catalogus").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Catalogus"
    screenshot(page, "catalogue-list")
    page.get_by_role("searchbox", name="Zoeken").fill("21.2")
    page.get_by_role("button", name="Toon").click()
    page.get_by_role("link", name="21.2.b", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("21.2.b")
    contributions = page.get_by_role("table", name="BIO2-eisen die bijdragen aan 21.2.b")
    assert contributions.get_by_role("row").count() > 10
    screenshot(page, "requirement-nis2")
    contributions.get_by_role("link", name="5.24.07").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("5.24.07")
    assert (
        page.get_by_role("table", name="NIS2-eisen waaraan 5.24.07 bijdraagt")
        .get_by_role("link", name="21.2.b")
        .is_visible()
    )
    screenshot(page, "requirement-measure")


def test_a_filter_submits_itself(page, world, catalogue):
    log_in(page, "auditor@voorbeeld.nl", PASSWORD)
    page.goto("/o/voorbeeld/catalogus/")
    page.get_by_label("Status").select_option("withdrawn")
    page.wait_for_url("**status=withdrawn**")
    assert page.get_by_text("4 eisen van de 277").is_visible()
    assert page.get_by_role("link", name="7.01.01").is_visible()


def test_find_an_iso27001_clause_and_its_parts(page, world, catalogue):
    log_in(page, "ciso@voorbeeld.nl", PASSWORD)
    page.goto("/o/voorbeeld/catalogus/")
    page.get_by_role("searchbox", name="Zoeken").fill("9.3")
    page.get_by_role("button", name="Toon").click()
    assert page.get_by_role("heading", name="9. Evaluatie van de prestaties").is_visible()
    screenshot(page, "catalogue-clauses")
    page.get_by_role("link", name="27001-9.3", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("27001-9.3 Directiebeoordeling")
    page.get_by_role("link", name="27001-9.3.2", exact=True).click()
    assert page.get_by_role("heading", name="Onderdeel van clausule").is_visible()
    screenshot(page, "requirement-clause")
    page.goto("/o/voorbeeld/vvt?thema=iso27001")
    assert page.get_by_text("34 van 269 eisen").is_visible()
    screenshot(page, "statement-clauses")

"""The risk journeys in a real browser: a heatmap cell leads to its risks; the CISO records a risk; a P&C
moment's weerstandsvermogen passes axe wide and narrow; the CISO checks a sheet on the import page (its problems,
then what it would hold and make) and saves it, the page passing axe wide and narrow without sideways
scrolling."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in
from tests.browser.test_catalogue import screenshot
from tests.browser.test_logboek import axe_violations, no_sideways_scrolling
from tests.factories import PASSWORD
from tests.risk.factories import make_risk, moment_with_snapshot

pytestmark = pytest.mark.browser


def test_a_heatmap_cell_opens_the_register_filtered_to_that_cell(page, world, db):
    make_risk(db, world.own.id, title="In de cel", residual_likelihood=2, residual_impact=4)
    make_risk(db, world.own.id, title="Elders", residual_likelihood=1, residual_impact=1)
    log_in(page, "management@voorbeeld.nl", PASSWORD)
    page.goto("/o/voorbeeld/risicos/heatmap")
    cell = page.get_by_role(
        "link", name="Kans 2 (Onwaarschijnlijk), impact 4 (Ernstig): 1 risico, niveau midden"
    )
    cell.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/risicos/?soort=rest&kans=2&impact=4")
    table = page.get_by_role("table")
    assert "In de cel" in table.inner_text() and "Elders" not in table.inner_text()


def test_the_ciso_records_a_risk_with_csrf_on(page, world):
    log_in(page, "ciso@voorbeeld.nl", PASSWORD)
    page.goto("/o/voorbeeld/risicos/nieuw")
    page.get_by_label("Titel").fill("Uitval van de telefooncentrale")
    page.get_by_label("Eigenaar").fill("Teamleider KCC")
    page.get_by_label("Kans inherent").select_option("3")
    page.get_by_label("Impact inherent").select_option("3")
    page.get_by_label("Kans rest").select_option("2")
    page.get_by_label("Impact rest").select_option("3")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "R-001 Uitval van de telefooncentrale"


def test_the_weerstandsvermogen_of_a_moment_is_accessible_wide_and_narrow(page, world, db):
    from core.actor import Actor
    from risk.weerstand import enter_figures

    moment = moment_with_snapshot(db, world.own.id)
    enter_figures(
        session=db,
        moment=moment,
        available_capacity=3_000_000,
        other_required_capacity=1_400_000,
        certainty=0.9,
        source="Begroting 2027",
        actor=Actor.system("test"),
    )
    db.commit()
    log_in(page, "management@voorbeeld.nl", PASSWORD)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/o/voorbeeld/pc/{moment.id}")
        assert "ruim voldoende" in page.get_by_role("main").inner_text()
        assert no_sideways_scrolling(page)
        assert axe_violations(page) == []


def _check_sheet(page, path) -> None:
    page.goto("/o/voorbeeld/risicos/import")
    page.get_by_label("Excel-bestand (.xlsx)").set_input_files(path)
    page.get_by_label("Alleen controleren, niets opslaan").check()
    page.get_by_role("button", name="Inlezen").click()
    page.wait_for_load_state()


def test_the_ciso_checks_a_risks_sheet_then_saves_it(page, world, db, tmp_path, monkeypatch):
    from datetime import date

    from core import clock
    from tests.plan.test_risk_dry_run import _sheet
    from tests.plan.test_save_rules import _edited, _row_of

    monkeypatch.setattr(clock, "today", lambda: date(2026, 3, 1))
    content = _sheet(db, world)  # R-001 to be accepted (held), R-002 in treatment (an action)
    db.commit()
    good = tmp_path / "risicos.xlsx"
    good.write_bytes(content)
    bad = tmp_path / "fout.xlsx"
    bad.write_bytes(
        _edited(content, "Risico's", {_row_of(content, "Risico's", "R-002"): {"Kans inherent": 9}})
    )
    log_in(page, "ciso@voorbeeld.nl", PASSWORD)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        _check_sheet(page, bad)
        problems = page.get_by_role("region", name="Problemen per rij")
        assert page.get_by_role("heading", name="Niets ingelezen: 1 probleem").is_visible()
        assert "R-002" in problems.inner_text() and "Kans inherent" in problems.inner_text()
        assert no_sideways_scrolling(page)
        assert axe_violations(page) == []
        screenshot(page, f"risks-import-problems-{width}")
        _check_sheet(page, good)
        result = page.get_by_role("status").filter(has=page.get_by_role("heading", name="Controle geslaagd"))
        assert "Zou ter goedkeuring gaan (dan nog niet van kracht): R-001." in result.inner_text()
        assert "Zou acties aanmaken in het verbeterplan: A-001 (" in result.inner_text()
        changes = page.get_by_role("list", name="Wat er per rij zou veranderen:")
        assert "R-002: Status" in changes.inner_text()
        assert no_sideways_scrolling(page)
        assert axe_violations(page) == []
        screenshot(page, f"risks-import-dry-run-{width}")
    page.get_by_role("button", name="Nu opslaan").click()
    page.wait_for_url("**/o/voorbeeld/risicos/")
    assert page.get_by_text("Acties aangemaakt in het verbeterplan: A-001.").is_visible()

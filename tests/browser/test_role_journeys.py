"""The main journey of each role, login to logout, in Debian's chromium (CSRF on, as in production)."""

from __future__ import annotations

import os

import pytest

from tests.browser.conftest import log_in, log_out
from tests.factories import PASSWORD
from tests.risk.factories import make_risk

pytestmark = pytest.mark.browser


def test_ciso_adds_a_risk_and_takes_a_pc_snapshot(page, world, catalogue):
    from playwright.sync_api import expect

    log_in(page, "ciso@voorbeeld.nl", PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Risico's").click()
    page.get_by_role("link", name="Nieuw risico").click()
    page.get_by_label("Titel").fill("Datalek door verkeerd geadresseerde e-mail")
    page.get_by_label("Eigenaar").fill("Privacy officer")
    page.get_by_label("Kans inherent").select_option("4")
    page.get_by_label("Impact inherent").select_option("3")
    page.get_by_label("Kans rest").select_option("2")
    page.get_by_label("Impact rest").select_option("3")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "R-001 Datalek door verkeerd geadresseerde e-mail"
    )

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="P&C-cyclus").click()
    page.get_by_role("link", name="Nieuw P&C-moment").click()
    page.get_by_label("Document").select_option("begroting")
    page.get_by_label("Jaar").fill("2027")
    page.get_by_label("Peildatum").fill("2026-11-01")
    page.get_by_label("Beschikbare weerstandscapaciteit (€)").fill("2500000")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("P&C-moment")).not_to_have_count(0)
    page.once("dialog", lambda dialog: dialog.accept())  # "freeze the register?" confirmation
    page.get_by_role("button", name="Momentopname maken").click()
    expect(page.get_by_text("Momentopname gemaakt")).to_be_visible()
    expect(page.get_by_role("button", name="Momentopname maken")).to_have_count(0)
    expect(page.get_by_text("Geen ratio en geen waardering")).to_be_visible()
    page.get_by_label("Beschikbare weerstandscapaciteit (€)").fill("3000000")
    page.get_by_label("Benodigde weerstandscapaciteit van de overige risico's (€)").fill("1000000")
    page.get_by_role("button", name="Cijfers vastleggen").click()
    expect(page.get_by_text("Cijfers uit de begroting vastgelegd.")).to_be_visible()
    expect(page.get_by_text("Ratio (beschikbaar / benodigd totaal)")).to_be_visible()
    log_out(page)


def test_management_reads_the_heatmap_and_cannot_change_risks(page, world, db):
    from playwright.sync_api import expect

    make_risk(
        db, world.own.id, title="Uitval van de stroomvoorziening", residual_likelihood=3, residual_impact=4
    )
    log_in(page, "management@voorbeeld.nl", PASSWORD)
    dashboard = page.get_by_role("main")
    expect(dashboard.get_by_role("heading", name="Restrisico (1 risico)")).to_be_visible()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Risico's").click()
    expect(page.get_by_role("link", name="Nieuw risico")).to_have_count(0)
    page.goto("/o/voorbeeld/risicos/heatmap")
    page.get_by_role("link", name="Kans 3 (Mogelijk), impact 4 (Ernstig): 1 risico, niveau hoog").click()
    expect(page.get_by_role("table")).to_contain_text("Uitval van de stroomvoorziening")
    log_out(page)


def test_auditor_makes_downloads_and_verifies_a_report(page, world, db, catalogue):
    from playwright.sync_api import expect

    make_risk(db, world.own.id, title="Uitval van de stroomvoorziening")
    log_in(page, "auditor@voorbeeld.nl", PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Rapporten").click()
    page.get_by_role("link", name="Rapport maken").click()
    page.get_by_label("Rapport", exact=True).select_option("risks")
    page.get_by_label("Formaat").select_option("pdf")
    page.get_by_role("button", name="Rapport maken").click()
    expect(page.get_by_text("Rapport gemaakt en gearchiveerd.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden").click()
    pdf = download.value
    assert pdf.suggested_filename.endswith(".pdf")
    assert pdf.path().read_bytes()[:5] == b"%PDF-"
    page.get_by_role("button", name="Controleren", exact=True).click()
    expect(page.get_by_text("Intact: de SHA-256 van het bewaarde bestand")).to_be_visible()

    # the copy the auditor received (here: the one downloaded) checked against the archive, then a changed one
    page.get_by_label("Kopie van het rapport").set_input_files(pdf.path())
    page.get_by_role("button", name="Kopie controleren").click()
    expect(page.get_by_text("is byte voor byte gelijk aan het gearchiveerde rapport")).to_be_visible()
    changed = pdf.path().with_name("gewijzigd.pdf")
    changed.write_bytes(pdf.path().read_bytes() + b"\n%%")
    page.get_by_label("Kopie van het rapport").set_input_files(changed)
    page.get_by_role("button", name="Kopie controleren").click()
    expect(
        page.get_by_text("Niet identiek: gewijzigd.pdf verschilt van het gearchiveerde rapport.")
    ).to_be_visible()
    if os.environ.get("NALEVING_SCREENSHOTS"):
        page.screenshot(path=os.environ["NALEVING_SCREENSHOTS"] + "/report-copy-check.png", full_page=True)
    log_out(page)

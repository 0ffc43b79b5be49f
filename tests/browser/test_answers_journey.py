"""The CISO answers a measure with evidence; the auditor sees it and its history and cannot change it."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in, log_out
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXPLANATION = "Vastgesteld door het college; gepubliceerd op intranet."


def test_ciso_answers_with_evidence_and_the_auditor_can_only_read(browser_page, world, catalogue):
    from playwright.sync_api import expect

    page = browser_page
    log_in(page, "ciso@voorbeeld.nl", PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Verklaring van toepasselijkheid"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verklaring van toepasselijkheid")
    requirements = page.get_by_role("table").filter(has_text="Verantwoording")
    requirements.get_by_role("link", name="5.01.01", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("5.01.01")

    page.get_by_label("van toepassing", exact=True).check()
    page.get_by_label("geïmplementeerd", exact=True).check()
    page.get_by_label("Opzet").select_option("sufficient")
    page.get_by_label("Bestaan").select_option("sufficient")
    page.get_by_label("Toelichting", exact=True).fill(EXPLANATION)
    page.get_by_label("Bestand", exact=True).set_input_files(
        files=[{"name": "ib-beleid.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_label("Omschrijving", exact=True).fill("Collegebesluit")
    page.get_by_role("button", name="Antwoord opslaan").click()
    expect(page.get_by_text("Antwoord op 5.01.01 opgeslagen.")).to_be_visible()
    expect(page.get_by_role("link", name="ib-beleid.pdf")).to_be_visible()
    log_out(page)

    log_in(page, "auditor@voorbeeld.nl", PASSWORD)
    page.goto("/o/voorbeeld/vvt?soort=measure")
    requirements = page.get_by_role("table").filter(has_text="Verantwoording")
    row = requirements.get_by_role("row").filter(has=page.get_by_role("link", name="5.01.01", exact=True))
    expect(row).to_contain_text("geïmplementeerd")
    expect(row).to_contain_text(EXPLANATION)
    row.get_by_role("link", name="5.01.01", exact=True).click()
    expect(page.get_by_text(EXPLANATION)).to_be_visible()
    expect(page.get_by_role("button", name="Antwoord opslaan")).to_have_count(0)
    expect(page.locator("input[name=applicability]")).to_have_count(0)
    expect(page.get_by_role("button", name="Bewijsstuk toevoegen")).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("link", name="ib-beleid.pdf").click()
    assert download.value.suggested_filename == "ib-beleid.pdf"

    page.get_by_role("link", name="Historie van dit antwoord").click()
    expect(page.get_by_role("heading", name="Revisie 1")).to_be_visible()
    expect(page.get_by_text("Bewijsstuk toegevoegd")).to_be_visible()
    expect(page.get_by_text("ciso@voorbeeld.nl").first).to_be_visible()

    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    refused = page.request.post(
        "/o/voorbeeld/eisen/5.01.01",
        form={
            "csrf_token": token,
            "base_revision": "1",
            "applicability": "not_applicable",
            "explanation": "Poging van de auditor",
            "last_reviewed_on": "2026-01-01",
        },
        max_redirects=0,
    )
    assert refused.status == 403
    page.goto("/o/voorbeeld/eisen/5.01.01")
    expect(page.get_by_text(EXPLANATION)).to_be_visible()
    expect(page.get_by_text("Poging van de auditor")).to_have_count(0)

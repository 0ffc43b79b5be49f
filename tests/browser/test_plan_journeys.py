"""The plan's journeys in Debian's chromium: a CISO proposes "niet van toepassing" and the wethouder approves
it; an auditor writes a finding, the CISO makes an action and closes it; the wethouder reads the dashboard on
a phone. The dashboard and the heatmaps pass axe-core's WCAG 2.1 AA rules, and pages fit 390 px."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from core.actor import Actor
from scope.suppliers import SupplierData, save_supplier
from tests.browser.conftest import log_in, log_out
from tests.factories import PASSWORD
from tests.plan.factories import make_action, planned_answer
from tests.risk.factories import make_risk

pytestmark = pytest.mark.browser
AXE = Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SHOTS = os.environ.get("NALEVING_SCREENSHOTS")


@pytest.fixture
def phone(playwright_browser, live_server):
    """A phone-sized window (390 x 844); CSP bypassed only so that the test can inject axe-core."""
    context = playwright_browser.new_context(
        base_url=live_server, locale="nl-NL", viewport={"width": 390, "height": 844}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},
             rules: {'label-content-name-mismatch': {enabled: true}}})""",
        WCAG_AA,
    )
    return [f"{v['id']}: {n['target']}" for v in result["violations"] for n in v["nodes"]]


# The elements that reach past the window, for the failure message.
WIDEST = """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 390.5)
  .filter(e => { for (let a = e.parentElement; a; a = a.parentElement) {
    if (a.tagName === 'UL' && getComputedStyle(a).overflowX !== 'visible') return false; } return true; })
  .concat([...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > 378.5))
  .slice(0, 12).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + '/' + e.scrollWidth)"""


# Words of a table cell wider than the cell, so that the browser breaks them in the middle (a break after a
# hyphen is a word's own: "burgerzaken-" and "applicaties" are measured apart). Visually hidden text is not drawn.
BROKEN_WORDS = """() => { const found = []; const canvas = document.createElement('canvas').getContext('2d');
  for (const cell of document.querySelectorAll('main td, main th')) {
    const head = cell.closest('thead');  // the SoA's head is visually hidden on a phone (1 px)
    if (!cell.offsetParent || (head && head.getBoundingClientRect().width <= 1)) continue;
    const style = getComputedStyle(cell); canvas.font = style.font;
    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    let text = cell.innerText;  // less what the cell hides for screen readers (.visually-hidden, 1 px): never drawn
    for (const hidden of cell.querySelectorAll('.visually-hidden')) text = text.replace(hidden.innerText, ' ');
    for (const word of text.split(/\\s+|(?<=-)/)) {
      if (word && room > 0 && canvas.measureText(word).width > room + 1) found.push(word); } }
  return found; }"""


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_ciso_proposes_not_applicable_and_the_wethouder_approves(page, world, mini_catalogue):
    from playwright.sync_api import expect

    log_in(page, "ciso@voorbeeld.nl", PASSWORD)
    page.goto("/o/voorbeeld/eisen/5.01.01")
    page.get_by_label("niet van toepassing", exact=True).check()
    page.get_by_label("Toelichting", exact=True).fill("Geen eigen rekencentrum; alles bij de IT-leverancier.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Opgeslagen ter goedkeuring")).to_be_visible()
    log_out(page)
    log_in(page, "management@voorbeeld.nl", PASSWORD)
    page.get_by_role(
        "link", name="niet van toepassing op een maatregel of wettelijke plicht: 5.01.01"
    ).click()
    page.get_by_label("Reden").fill("Akkoord: de leverancier draagt dit.")
    page.get_by_role("button", name="Goedkeuren").click()
    expect(page.get_by_text("Goedgekeurd.")).to_be_visible()
    page.goto("/o/voorbeeld/eisen/5.01.01")
    expect(page.get_by_text("goedgekeurd door")).to_be_visible()


def test_a_refused_answer_moves_the_focus_to_the_summary(page, world, mini_catalogue):
    log_in(page, "ciso@voorbeeld.nl", PASSWORD)
    page.goto("/o/voorbeeld/eisen/5.01.01")
    page.get_by_label("niet van toepassing", exact=True).check()
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    page.locator("[data-error-summary] a").first.click()
    assert page.evaluate("document.activeElement.id") == "explanation"


def test_auditor_writes_a_finding_and_the_ciso_closes_it_with_an_action(page, world, mini_catalogue):
    from playwright.sync_api import expect

    log_in(page, "auditor@voorbeeld.nl", PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Bevindingen").click()
    page.get_by_role("link", name="Nieuwe bevinding").click()
    page.get_by_label("Titel").fill("Beleid niet vastgesteld door het college")
    page.get_by_label("Eis").fill("5.01.01")
    page.get_by_label("Ernst").select_option("severe")
    page.get_by_label("Bekeken bewijs").fill("Collegebesluiten 2025")
    page.get_by_role("button", name="Bevinding vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "B-001 Beleid niet vastgesteld door het college"
    )
    log_out(page)
    log_in(page, "ciso@voorbeeld.nl", PASSWORD)
    page.goto("/o/voorbeeld/bevindingen/")
    page.get_by_role("link", name="B-001").click()
    page.get_by_label("Reactie van de CISO").fill("Het beleid gaat in april naar het college.")
    page.get_by_role("button", name="Reactie opslaan").click()
    page.get_by_role("link", name="Actie maken").click()
    page.get_by_label("Titel").fill("Beleid voorleggen aan het college")
    page.get_by_label("Of: naam van de eigenaar").fill("Gemeentesecretaris")
    page.get_by_label("Streefdatum").fill("2026-04-15")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A-001 Beleid voorleggen aan het college")
    page.get_by_role("link", name="Bewerken").click()
    page.get_by_label("Status").select_option("done")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("gereed").first).to_be_visible()
    page.goto("/o/voorbeeld/bevindingen/")
    expect(page.get_by_role("cell", name="A-001")).to_be_visible()


def test_the_wethouder_reads_the_dashboard_on_a_phone(phone, db, world, mini_catalogue):
    make_risk(
        db, world.own.id, residual_likelihood=4, residual_impact=4, inherent_likelihood=5, inherent_impact=5
    )
    make_action(db, world.own.id, due_on=__import__("datetime").date(2020, 1, 1), title="Back-ups testen")
    planned_answer(db, world.own.id, "5.01.01")
    db.commit()
    log_in(phone, "management@voorbeeld.nl", PASSWORD)
    phone.goto("/o/voorbeeld/")
    first = phone.get_by_role("heading", level=2).first
    assert first.inner_text() == "Waar het bestuur over beslist"
    assert first.bounding_box()["y"] < 844, "what the wethouder decides on is on the first screen"
    menu = phone.get_by_role("navigation", name="Hoofdmenu").bounding_box()
    assert menu["height"] <= 60, menu
    shot(phone, "dashboard-390")
    for url in (
        "/o/voorbeeld/",
        "/o/voorbeeld/risicos/heatmap",
        "/o/voorbeeld/vvt",
        "/o/voorbeeld/acties/",
        "/o/voorbeeld/risicos/",  # a hidden "(boven de risicobereidheid)" once made it 504 px wide
    ):
        phone.goto(url)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (url, width, phone.evaluate(WIDEST))
        assert phone.evaluate(BROKEN_WORDS) == [], url
        shot(phone, url.strip("/").replace("/", "-") + "-390")
    for url in ("/o/voorbeeld/", "/o/voorbeeld/risicos/heatmap"):
        phone.goto(url)
        assert axe_violations(phone) == [], url


def test_the_pages_of_the_plan_scope_and_reports_fit_a_phone(phone, db, world, mini_catalogue):
    """The CISO's pages at 390 px: none scrolls sideways. The risk register was 504 px wide (a cell's
    visually hidden text, positioned absolutely, escaped its scroll box), the risk matrix 672 px (a table in a
    fieldset, in no scroll box) and a supplier 478 px (a long word in a details list)."""
    make_risk(
        db, world.own.id, residual_likelihood=4, residual_impact=4, inherent_likelihood=5, inherent_impact=5
    )
    make_action(db, world.own.id, title="Back-ups testen")
    supplier = save_supplier(
        session=db,
        organisation_id=world.own.id,
        data=SupplierData(
            name="Gemeente Buurdorp",
            jurisdiction="nl",
            exit_strategy="Dienstverleningsovereenkomst met een opzegtermijn van twee jaar.",
        ),
        actor=Actor.system("test"),
    )
    db.commit()
    log_in(phone, "ciso@voorbeeld.nl", PASSWORD)
    for url in (
        "/o/voorbeeld/risicos/",
        "/o/voorbeeld/risicos/matrix",
        f"/o/voorbeeld/leveranciers/{supplier.id}",
        "/o/voorbeeld/leveranciers/",
        "/o/voorbeeld/goedkeuringen/",
        "/o/voorbeeld/acties/zonder-actie",
        "/o/voorbeeld/bevindingen/",
        "/o/voorbeeld/scope/",
        "/o/voorbeeld/incidenten/",
        "/o/voorbeeld/rapporten/",
        "/o/voorbeeld/vvt/vaststellen",
        "/o/voorbeeld/gedeelde-diensten/",
    ):
        response = phone.goto(url)
        assert response.status == 200, url
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (url, width, phone.evaluate(WIDEST))
        shot(phone, url.strip("/").replace("/", "-") + "-390")

"""The public VvT in English: the page and its PDF follow the visitor's language (the address's `?lang=`, which
the pages' switch sets, else the app's choice and Accept-Language as on every page, else Dutch), the page offers
the PDF in both languages, the English PDF says what stays as written; in either language only the public
fields, and nothing before opting in."""

from __future__ import annotations

import pytest

from core.models import Role
from tests.conftest import login
from tests.public.factories import INTERNAL, OWNER, PUBLIC, publish
from tests.public.test_public_vvt import PAGE, PDF, adopted  # noqa: F401 - the adopted version
from tests.reports.pdftext import normalised, page_texts

ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}
# (Dutch, English) of the PDF: each Dutch text in the Dutch PDF, gone from the English one.
PAIRS = [
    ("Verklaring van Toepasselijkheid", "Statement of Applicability"),
    ("BIO2 · OPENBARE VERSIE", "BIO2 · PUBLIC VERSION"),  # the kind line, in capitals (report.css)
    ("Vastgesteld op", "Adopted on"),
    ("Stand van de antwoorden", "Answers as of"),
    ("10 maart 2026", "10 March 2026"),
    ("Processen en informatiesystemen binnen de reikwijdte", "Processes and information systems in scope"),
    ("Toepasselijkheid", "Applicability"),
    ("van toepassing", "applicable"),  # an applicability
    ("geïmplementeerd", "implemented"),  # a status
]
AS_WRITTEN = "appear in this report as they were written"


def pdf_text(content: bytes) -> str:
    return normalised(" ".join(page_texts(content)))


def test_the_pdf_in_english_holds_the_same_public_fields_and_says_what_stays_as_written(
    client,
    db,
    world,
    adopted,  # noqa: F811
):
    publish(db, world.own)
    english = client.get(PDF.format("voorbeeld") + "?lang=en")
    dutch = client.get(PDF.format("voorbeeld"))
    assert english.status_code == 200 and english.mimetype == "application/pdf"
    assert "vvt-voorbeeld-versie-1-en.pdf" in english.headers["Content-Disposition"]
    assert "Set-Cookie" not in english.headers and english.data != dutch.data
    text, dutch_text = pdf_text(english.data), pdf_text(dutch.data)
    for nl, en in PAIRS:
        assert nl in dutch_text and en in text and nl not in text, (nl, en)
    assert PUBLIC in text and "college van B&W" in text and "Zaaksysteem" in text  # as written
    assert AS_WRITTEN in text and AS_WRITTEN not in dutch_text
    assert not [word for word in ("Gegenereerd", "gegenereerd", "Peildatum", "pagina ") if word in text]
    assert INTERNAL not in text and OWNER not in text and "Geheime omschrijving" not in text
    assert client.get(PDF.format("voorbeeld"), headers=ENGLISH).data == english.data  # the browser's choice


def test_the_page_follows_the_browser_unless_the_address_says_and_offers_both_pdfs(
    client,
    db,
    world,
    adopted,  # noqa: F811
):
    publish(db, world.own)
    response = client.get(PAGE.format("voorbeeld"), headers=ENGLISH)
    page = response.get_data(as_text=True)
    assert '<html lang="en">' in page and "Adopted on" in page and "Vastgesteld op" not in page
    assert "Accept-Language" in response.headers["Vary"] and "Set-Cookie" not in response.headers
    assert 'href="/publiek/voorbeeld/vvt.pdf?lang=en"' in page and "Download as PDF (accessible)" in page
    assert 'href="/publiek/voorbeeld/vvt.pdf?lang=nl"' in page and "PDF in het Nederlands" in page
    assert "appear here as the organisation wrote them" in page
    assert 'href="/publiek/voorbeeld/?lang=nl"' in page  # the switch names its language
    pinned = client.get(PAGE.format("voorbeeld") + "?lang=nl", headers=ENGLISH)
    assert '<html lang="nl">' in pinned.get_data(as_text=True)
    assert "Accept-Language" not in pinned.headers.get("Vary", "")
    dutch = client.get(PAGE.format("voorbeeld")).get_data(as_text=True)
    assert (
        '<html lang="nl">' in dutch
        and "PDF in English" in dutch
        and "Download als PDF (toegankelijk)" in dutch
    )
    assert "zoals de organisatie ze heeft geschreven" not in dutch
    assert 'href="/publiek/voorbeeld/?lang=en"' in dutch


def test_the_apps_language_switch_holds_on_the_public_pages_too(client, db, world, adopted):  # noqa: F811
    publish(db, world.own)
    client.post("/taal/en")  # the app's switch: the session's choice, as on every page
    assert '<html lang="en">' in client.get(PAGE.format("voorbeeld")).get_data(as_text=True)
    assert "Statement of Applicability" in pdf_text(client.get(PDF.format("voorbeeld")).data)
    pinned = client.get(PAGE.format("voorbeeld") + "?lang=nl").get_data(as_text=True)
    assert '<html lang="nl">' in pinned  # the address first


@pytest.mark.parametrize("role", [None, *Role])
def test_access_matrix_in_english(client, db, world, adopted, role):  # noqa: F811
    """In English as in Dutch: published or not decides, never who asks; nothing internal in page or PDF."""
    if role is not None:
        login(client, world.user(role, "own").email)
    for slug in ("voorbeeld", "andere"):
        for url in (PAGE, PDF):
            assert client.get(url.format(slug) + "?lang=en").status_code == 404, (slug, url)
            assert client.get(url.format(slug), headers=ENGLISH).status_code == 404, (slug, url)
    publish(db, world.own)
    page = client.get(PAGE.format("voorbeeld"), headers=ENGLISH)
    assert page.status_code == 200 and client.get(PDF.format("andere") + "?lang=en").status_code == 404
    shown = page.get_data(as_text=True) + pdf_text(client.get(PDF.format("voorbeeld") + "?lang=en").data)
    assert PUBLIC in shown and INTERNAL not in shown and OWNER not in shown

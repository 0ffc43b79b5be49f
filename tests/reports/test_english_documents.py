"""The documents made on the spot and not archived, in English on request and Dutch by default
(reports.language.DOCUMENT_LANGUAGES): the regional overview (sheet and PDF, through the page's form) and the
drafts of an incident's messages (the CLI's --language, the page's form, the API's `language`). Read back with
openpyxl and pdftotext: English labels present, the Dutch ones for the same strings gone, the register's and the
organisations' own texts as written, and the note that says so; another language is refused."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from core.models import Role
from incidents.models import Incident
from tests.answers.conftest import answer
from tests.api.conftest import api, token_for  # noqa: F401 - the API client and its tokens
from tests.incidents.conftest import add_incident  # noqa: F401 - an incident through the CLI
from tests.reports.pdftext import normalised, page_texts
from tests.together.conftest import two  # noqa: F401 - a CISO of two organisations

AS_WRITTEN = "appear in this report as they were written"
LAYOUT_DUTCH = ("Gegenereerd", "gegenereerd", "Peildatum", "pagina ")
# (Dutch, English) of the regional overview: each Dutch text in the Dutch document, gone from the English one.
REGIONAL = [
    ("Regionaal overzicht", "Regional overview"),
    ("Onderwerp", "Subject"),
    ("Geïmplementeerd (% van toepasselijke eisen)", "Implemented (% of applicable requirements)"),
    ("Risico's boven de risicobereidheid", "Risks above the risk appetite"),
    ("NIS2-punten deels gedekt", "NIS2 points partly covered"),
    ("Thema Organisatorisch (%)", "Theme Organisational (%)"),
]
# (Dutch, English) of an incident's notification draft.
NOTIFICATION = [
    ("Incidentmelding I-001", "Incident notification I-001"),
    ("essentiële entiteit", "essential entity"),
    ("Minister van Binnenlandse Zaken", "Minister of the Interior"),
    ("Wat de wet in dit bericht vraagt", "What the law asks for in this message"),
    ("Indicatoren van compromittering", "Indicators of compromise"),
    ("nog in te vullen", "still to be filled in"),
    ("Cbw art. 25 lid 1", "Cbw art. 25(1)"),
    ("gaande", "ongoing"),  # the incident's status
    ("24-10-2026 14:00", "24/10/2026 14:00"),  # the moment of becoming aware, local time
    ("uiterlijk 27-10-2026 13:00", "no later than 27/10/2026 13:00"),  # its deadline, 72 h on, winter time
]
DESCRIPTION = "Versleutelde bestanden op de fileserver."  # the register's own text: as written


def pdf_text(content: bytes) -> str:
    return normalised(" ".join(page_texts(content)))


def sheet_text(content: bytes) -> tuple[str, str]:
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    return sheet.title, " | ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)


def test_the_regional_overview_in_english_through_the_form_and_dutch_by_default(
    client,
    db,
    world,
    two,  # noqa: F811
    login_as,
):
    answer(db, world.own, "5.01.01", applicability="applicable", implementation="implemented")
    login_as(Role.CISO)
    page = client.get("/regionaal/").get_data(as_text=True)
    assert '<select id="language" name="language"' in page and 'value="en"' in page
    assert 'formaction="/regionaal/overzicht.xlsx"' in page

    english_title, english = sheet_text(client.get("/regionaal/overzicht.xlsx?language=en").data)
    dutch_title, dutch = sheet_text(client.get("/regionaal/overzicht.xlsx").data)
    assert (english_title, dutch_title) == ("Regional overview", "Regionaal overzicht")
    for nl, en in REGIONAL[1:]:
        assert nl in dutch and en in english and nl not in english, (nl, en)
    assert "Gemeente Voorbeeld" in english and "Gemeente Andere" in english  # names as written
    assert f"Translation | {'Texts the organisation entered itself'}" in english and AS_WRITTEN in english
    assert "Vertaling" not in dutch and "Translation" not in dutch
    assert "requirements are the English titles" not in english  # the overview names no requirements

    english = pdf_text(client.get("/regionaal/overzicht.pdf?language=en").data)
    dutch = pdf_text(client.get("/regionaal/overzicht.pdf?language=nl").data)
    for nl, en in REGIONAL:
        assert nl in dutch and en in english and nl not in english, (nl, en)
    assert re.search(r"page \d+ of \d+", english) and AS_WRITTEN in english and AS_WRITTEN not in dutch
    assert not [word for word in LAYOUT_DUTCH if word in english]
    for url in ("/regionaal/overzicht.xlsx?language=fr", "/regionaal/overzicht.pdf?language=fr"):
        assert client.get(url).status_code == 400, url


@pytest.fixture
def incident(world, add_incident) -> str:  # noqa: F811
    """I-001 of voorbeeld, significant, aware 24 October 2026 14:00 local time, with a Dutch description."""
    return add_incident("Ransomware", "2026-10-24 14:00", DESCRIPTION)


def check_notification(english: str, dutch: str) -> None:
    for nl, en in NOTIFICATION:
        assert nl in dutch and en in english and nl not in english, (nl, en)
    assert DESCRIPTION in english and DESCRIPTION in dutch
    assert AS_WRITTEN in english and AS_WRITTEN not in dutch
    assert not [word for word in LAYOUT_DUTCH if word in english]


def test_the_cli_makes_an_incident_draft_in_english_and_refuses_another_language(
    cli, world, incident, tmp_path
):
    made = {}
    for language in ("en", None):
        out = tmp_path / f"notification-{language}.pdf"
        chosen = ["--language", language] if language else []
        args = ("incidents", "report", "--org", "voorbeeld", incident, "--kind", "notification")
        result = cli(*args, *chosen, "--out", str(out))
        assert result.exit_code == 0, result.stderr
        made[language] = pdf_text(out.read_bytes())
    check_notification(made["en"], made[None])
    final = tmp_path / "final.pdf"
    args = ("incidents", "report", "--org", "voorbeeld", incident, "--kind", "final", "--language", "en")
    assert cli(*args, "--out", str(final)).exit_code == 0
    text = pdf_text(final.read_bytes())
    assert "Progress report I-001" in text and "cbw art. 29(2); nis2 art. 23(4)(e)" in text.lower()
    assert "Voortgangsverslag" not in text and "Lessen" not in text and "Lessons" in text
    refused = cli(*args[:-1], "fr", "--out", str(tmp_path / "fr.pdf"))
    assert refused.exit_code == 1 and "'fr' is not one of 'nl', 'en'" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1 and not (tmp_path / "fr.pdf").exists()


def test_the_page_and_the_api_make_an_incident_draft_in_english(
    client,
    db,
    world,
    incident,
    login_as,
    api,  # noqa: F811
    token_for,  # noqa: F811
):
    login_as(Role.CISO)
    (number,) = db.exec(select(Incident.id).where(Incident.organisation_id == world.own.id)).all()
    url = f"/o/voorbeeld/incidenten/{number}/concept/notification.pdf"
    page = client.get(f"/o/voorbeeld/incidenten/{number}").get_data(as_text=True)
    assert '<select id="language" name="language"' in page and f'formaction="{url}"' in page
    english, dutch = client.get(f"{url}?language=en"), client.get(url)
    assert english.status_code == 200 and dutch.status_code == 200
    check_notification(pdf_text(english.data), pdf_text(dutch.data))
    assert client.get(f"{url}?language=fr").status_code == 400

    reader = api(token_for(Role.AUDITOR, "read"))
    base = f"/api/v1/organisations/voorbeeld/incidents/{number}/drafts/notification"
    english, dutch = reader.get(f"{base}?language=en"), reader.get(base)
    assert english.status_code == 200 and english.content_type == "application/pdf"
    check_notification(pdf_text(english.data), pdf_text(dutch.data))
    refused = reader.get(f"{base}?language=fr")
    assert refused.status_code == 422 and refused.json["problems"][0]["field"] == "language"

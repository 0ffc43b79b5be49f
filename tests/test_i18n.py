"""Dutch first, English available: every Dutch string in the code and templates has its English translation."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.i18n import address_language
from scripts.untranslated import untranslated

ROOT = Path(__file__).resolve().parent.parent


def test_every_string_has_an_english_translation():
    missing = untranslated()
    assert missing == [], (
        "translate in app/translations/en/LC_MESSAGES/<area>.po (value labels: core/translations/en/LC_MESSAGES/labels.po): "
        + "; ".join(missing[:20])
    )


def test_a_dutch_text_has_one_english_translation_in_every_catalogue():
    """Flask-Babel merges the catalogues of all areas and the labels into one: a text translated twice shows
    one of them everywhere."""
    translations: dict[str, set[str]] = {}
    folders = (ROOT / "app/translations/en/LC_MESSAGES", ROOT / "core/translations/en/LC_MESSAGES")
    for po in (path for folder in folders for path in folder.glob("*.po")):
        with open(po, "rb") as handle:
            for message in read_po(handle):
                if message.id and isinstance(message.id, str) and message.string:
                    translations.setdefault(message.id, set()).add(message.string)
    assert {text: found for text, found in translations.items() if len(found) > 1} == {}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?lang=en", "en"),
        ("?lang=nl", "nl"),
        ("?lang=en&lang=fr", "en"),  # the first, as request.args.get reads it
        ("", None),
        ("?lang=", None),
        ("?lang=fr", None),
        ("?lang=EN", None),
        ("?lang=en%0A", None),  # a control character
        ("?lang=%00", None),
    ],
)
def test_the_address_language_is_one_the_installation_speaks_or_none(app, query, expected):
    with app.test_request_context("/publiek/" + query):
        assert address_language() == expected


@pytest.mark.parametrize("query", ["?lang=", "?lang=fr", "?lang=EN", "?lang=en%0A"])
def test_a_public_page_with_a_language_it_does_not_speak_follows_the_browser(client, query):
    """The three readers of `?lang=` agree: the locale, the links and the cache's Vary all fall back (a NUL is
    refused before the page, app.urls)."""
    response = client.get("/publiek/" + query, headers={"Accept-Language": "en"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and '<html lang="en">' in page
    assert "Accept-Language" in response.headers["Vary"]
    assert 'href="/publiek/"' in page  # the links keep no language
    pinned = client.get("/publiek/?lang=nl", headers={"Accept-Language": "en"})
    assert '<html lang="nl">' in pinned.get_data(as_text=True)
    assert "Accept-Language" not in pinned.headers.get("Vary", "")
    assert 'href="/publiek/?lang=nl"' in pinned.get_data(as_text=True)
    assert client.get("/publiek/?lang=%00").status_code == 400

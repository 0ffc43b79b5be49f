"""Dutch first, English available: every Dutch string in the code and templates has its English translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

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

"""Dutch first, English available: every Dutch string in the code and templates has its English translation."""

from __future__ import annotations

from pathlib import Path

from scripts.untranslated import untranslated

ROOT = Path(__file__).resolve().parent.parent


def test_every_string_has_an_english_translation():
    missing = untranslated()
    assert missing == [], (
        "translate in app/translations/en/LC_MESSAGES/<area>.po (value labels: core/translations/en/LC_MESSAGES/labels.po): "
        + "; ".join(missing[:20])
    )

"""List Dutch UI strings (in app/ code and templates) that have no English translation in any area's .po file."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def untranslated() -> list[str]:
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"extensions": "jinja2.ext.do"}}
    found = {
        message if isinstance(message, str) else message[0]
        for _f, _l, message, _c, _ctx in extract_from_dir(
            ROOT / "app", method_map, options_map=options, keywords=KEYWORDS
        )
    }
    translated: set[str] = set()
    for po in (ROOT / "app/translations/en/LC_MESSAGES").glob("*.po"):
        with open(po, "rb") as handle:
            catalogue = read_po(handle)
        translated |= {
            m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id and m.string and not m.fuzzy
        }
    return sorted(found - translated)


if __name__ == "__main__":
    missing = untranslated()
    for message in missing:
        print(f'msgid "{message}"\nmsgstr ""\n')
    sys.exit(1 if missing else 0)

"""List Dutch strings without an English translation: the UI strings of app/ (code and templates) in any area's
.po file, and the value labels of the domain packages (marked `N_`) and the reports' texts (`_()` in reports/ and
reports/templates) in core/translations/en/.../labels.po."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
DOMAIN_PACKAGES = ("core", "controls", "scope", "risk", "plan", "incidents", "reports")
LABELS_PO = ROOT / "core/translations/en/LC_MESSAGES/labels.po"


def _translated(po_files) -> set[str]:
    translated: set[str] = set()
    for po in po_files:
        with open(po, "rb") as handle:
            catalogue = read_po(handle)
        translated |= {
            m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id and m.string and not m.fuzzy
        }
    return translated


def _extract(folder: Path, method_map, keywords, options=None) -> set[str]:
    return {
        message if isinstance(message, str) else message[0]
        for _f, _l, message, _c, _ctx in extract_from_dir(
            folder, method_map, options_map=options or {}, keywords=keywords
        )
    }


def untranslated() -> list[str]:
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"extensions": "jinja2.ext.do"}}
    found = _extract(ROOT / "app", method_map, KEYWORDS, options)
    ui = found - _translated((ROOT / "app/translations/en/LC_MESSAGES").glob("*.po"))
    labels: set[str] = set()
    for package in DOMAIN_PACKAGES:
        labels |= _extract(ROOT / package, [("**.py", "python")], {"N_": None})
    # the reports' own texts (reports.language): `_()` in their builders and templates, in the labels catalogue
    labels |= _extract(ROOT / "reports", method_map, {"_": None}, options)
    return sorted(ui | (labels - _translated([LABELS_PO])))


if __name__ == "__main__":
    missing = untranslated()
    for message in missing:
        print(f'msgid "{message}"\nmsgstr ""\n')
    sys.exit(1 if missing else 0)

"""Value labels through Babel: the Dutch label is the message id in the code (marked with `N_`), other languages
live in `core/translations/<locale>/LC_MESSAGES/labels.po`. The web layer translates them with Flask-Babel (the
catalogue is one of its domains); documents the domain writes itself (Excel, PDF) take a `translator(locale)`.

    TREATMENT = Labels({Treatment.AVOID: N_("vermijden"), ...})
    TREATMENT[Treatment.AVOID]                       # "vermijden"
    TREATMENT.of("avoid", translator("en"))          # "avoid"
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Generic, TypeVar

from babel.support import NullTranslations, Translations

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
DOMAIN = "labels"
SOURCE_LOCALE = "nl"

Translate = Callable[[str], str]
K = TypeVar("K")


def N_(message: str) -> str:
    """Mark a Dutch label for extraction; it is translated where it is shown."""
    return message


def untranslated(message: str) -> str:
    return message


@cache
def _translations(locale: str) -> NullTranslations:
    return Translations.load(str(TRANSLATIONS), [locale], DOMAIN)


def translator(locale: str | None) -> Translate:
    """The gettext of the labels catalogue for `locale` (Dutch, or an unknown locale: the labels as written)."""
    if not locale or locale.split("_")[0] == SOURCE_LOCALE:
        return untranslated
    return _translations(locale.split("_")[0]).gettext


class Labels(Generic[K]):
    """The labels of one kind of value (an Enum, or plain keys such as a theme number)."""

    def __init__(self, table: Mapping[K, str]):
        self._table = dict(table)
        self._by_text = {
            (key.value if isinstance(key, Enum) else key): text for key, text in self._table.items()
        }

    def __getitem__(self, key: K | str) -> str:
        """The Dutch label (KeyError for an unknown value)."""
        if isinstance(key, Enum):
            return self._by_text[key.value]
        return self._by_text[key]

    def of(self, key: K | str | None, translate: Translate = untranslated, default: str = "") -> str:
        """The label in the language of `translate`; `default` for None or an unknown value."""
        if key is None:
            return default
        text = self._by_text.get(key.value if isinstance(key, Enum) else key)
        return default if text is None else translate(text)

    def choices(self, translate: Translate = untranslated) -> list[tuple[str, str]]:
        """(value, label) pairs in the table's order, for a form or a sheet's drop-down."""
        return [(str(value), translate(text)) for value, text in self._by_text.items()]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_text)

    def __len__(self) -> int:
        return len(self._by_text)

    def messages(self) -> list[str]:
        """Every Dutch label of the table (what the catalogue must translate)."""
        return list(self._by_text.values())

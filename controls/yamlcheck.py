"""Checking YAML items field by field, collecting every problem with its line (used for catalogues and overlays).

Each problem is a rule code about an item (`<item>: <what is wrong>`), see controls/yamlproblems.py.
"""

from __future__ import annotations

import re
from datetime import date

from controls.yamlfile import LineDict, LineList
from controls.yamlproblems import Item, problem
from core.errors import Problem


def describe(value: object) -> str:
    """What kind of YAML value this is (a key of VALUE_WORDS), for "moet een lijst zijn, niet een getal"."""
    if isinstance(value, str):
        return "text"
    if isinstance(value, LineDict | dict):
        return "mapping"
    if isinstance(value, LineList | list):
        return "list"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, date):
        return "date"
    return "empty"


class FieldChecker:
    """Collects problems (with their lines) while reading YAML items field by field."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, line: int, code: str, item: Item | None = None, /, **params: object) -> None:
        self.problems.append(problem(code, line, item, **params))

    def section(self, document: LineDict, key: str, *, required: bool) -> list[LineDict]:
        if key not in document:
            if required:
                self.problem(1, "catalogue.section_missing", key=key)
            return []
        value = document[key]
        if not isinstance(value, LineList):
            self.problem(document.line_of(key), "catalogue.section_not_list", key=key, found=describe(value))
            return []
        items = []
        for index, item in enumerate(value):
            if isinstance(item, LineDict):
                items.append(item)
            else:
                self.problem(
                    value.line_at(index),
                    "catalogue.item_not_mapping",
                    key=key,
                    number=index + 1,
                    found=describe(item),
                )
        return items

    def unknown_fields(self, item: LineDict, label: Item, allowed: set[str]) -> None:
        for key in item:
            if key not in allowed:
                self.problem(
                    item.line_of(key),
                    "catalogue.unknown_field",
                    label,
                    key=key,
                    allowed=", ".join(sorted(allowed)),
                )

    def missing(self, item: LineDict, key: str, label: Item) -> None:
        if key in item:
            self.problem(item.line_of(key), "catalogue.field_empty", label, key=key)
        else:
            self.problem(item.line, "catalogue.field_missing", label, key=key)

    def string(
        self, item: LineDict, key: str, label: Item, *, required: bool, limit: int | None = None
    ) -> str:
        value = item.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.missing(item, key, label)
            return ""
        if not isinstance(value, str):
            raw = item.raw.get(key)
            if isinstance(value, int | float | date) and raw:
                self.problem(
                    item.line_of(key),
                    "catalogue.not_text_quote",
                    label,
                    key=key,
                    found=describe(value),
                    raw=raw,
                )
            else:
                self.problem(item.line_of(key), "catalogue.not_text", label, key=key, found=describe(value))
            return ""
        self.length(item.line_of(key), label, key, value, limit)
        return value.strip()

    def length(self, line: int, label: Item, key: str, value: str, limit: int | None) -> None:
        if limit is not None and len(value.strip()) > limit:
            self.problem(line, "catalogue.too_long", label, key=key, length=len(value.strip()), limit=limit)

    def text(
        self, item: LineDict, key: str, label: Item, *, required: bool, limit: int | None = None
    ) -> dict[str, str]:
        """A text in both languages: either plain text (Dutch) or {nl: ..., en: ...}."""
        value = item.get(key)
        line = item.line_of(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.missing(item, key, label)
            return {}
        if isinstance(value, str):
            self.length(line, label, key, value, limit)
            return {"nl": value.strip(), "en": ""}
        if not isinstance(value, LineDict):
            self.problem(line, "catalogue.not_text_or_languages", label, key=key, found=describe(value))
            return {}
        result = {}
        for language in value:
            if language not in ("nl", "en"):
                self.problem(
                    value.line_of(language), "catalogue.unknown_language", label, language=language, key=key
                )
        for language in ("nl", "en"):
            text = value.get(language)
            if text is None:
                continue
            if not isinstance(text, str):
                self.problem(
                    value.line_of(language), "catalogue.language_not_text", label, key=f"{key}.{language}"
                )
                continue
            self.length(value.line_of(language), label, f"{key}.{language}", text, limit)
            result[language] = text.strip()
        if not result.get("nl"):
            self.problem(line, "catalogue.no_dutch", label, key=key)
            return {}
        result.setdefault("en", "")
        return result

    def code(
        self, item: LineDict, key: str, label: Item, pattern: re.Pattern[str], example: str
    ) -> str | None:
        """An id (of the item itself or of one it refers to), written as quoted text; `example` is a key of
        ID_FORMATS."""
        value = item.get(key)
        if value is None:
            self.missing(item, key, label)
            return None
        return self._code_value(item.line_of(key), value, item.raw.get(key), key, label, pattern, example)

    def _code_value(
        self,
        line: int,
        value: object,
        raw: str | None,
        key: str,
        label: Item,
        pattern: re.Pattern[str],
        example: str,
    ) -> str | None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            written = raw or str(value)
            self.problem(line, "catalogue.id_unquoted", label, key=key, written=written, value=value)
            return None
        if not isinstance(value, str):
            self.problem(line, "catalogue.id_not_text", label, key=key, found=describe(value))
            return None
        if not pattern.match(value):
            self.problem(line, "catalogue.invalid_id", label, value=value, key=key, expected=example)
            return None
        return value

    def codes(
        self,
        item: LineDict,
        key: str,
        label: Item,
        pattern: re.Pattern[str],
        example: str,
        *,
        max_length: int,
    ) -> list[str]:
        """A list of ids (or one id) such as `replaces`."""
        value = item.get(key)
        if value is None:
            return []
        if not isinstance(value, LineList):
            value_list, raws, lines = [value], [item.raw.get(key)], [item.line_of(key)]
        else:
            value_list, raws = list(value), value.raw
            lines = [value.line_at(index) for index in range(len(value))]
        result = []
        for element, raw, line in zip(value_list, raws, lines, strict=True):
            code = self._code_value(line, element, raw, key, label, pattern, example)
            if code is None:
                continue
            if code in result:
                self.problem(line, "catalogue.id_listed_twice", label, value=code, key=key)
                continue
            result.append(code)
        if len(",".join(result)) > max_length:
            self.problem(item.line_of(key), "catalogue.ids_too_long", label, key=key, max=max_length)
        return result

    def unique(self, code: str, item: LineDict, label: Item, seen: dict[str, int]) -> bool:
        if code in seen:
            self.problem(item.line_of("id"), "catalogue.duplicate_id", label, first_line=seen[code])
            return False
        seen[code] = item.line_of("id")
        return True

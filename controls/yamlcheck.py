"""Checking YAML items field by field, collecting every problem with its line (used for catalogues and overlays).

Messages are in Dutch, for the people who maintain the files: `<item>: <what is wrong>`.
"""

from __future__ import annotations

import re
from datetime import date

from controls.yamlfile import LineDict, LineList, Problem


def describe(value: object) -> str:
    """What a YAML value is, in words, for messages such as "moet een lijst zijn, niet een getal"."""
    if isinstance(value, str):
        return "tekst"
    if isinstance(value, LineDict | dict):
        return "een mapping"
    if isinstance(value, LineList | list):
        return "een lijst"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "een getal"
    if isinstance(value, date):
        return "een datum"
    return "leeg"


class FieldChecker:
    """Collects problems (with their lines) while reading YAML items field by field."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message))

    def section(self, document: LineDict, key: str, *, required: bool) -> list[LineDict]:
        if key not in document:
            if required:
                self.problem(1, f"onderdeel '{key}' ontbreekt")
            return []
        value = document[key]
        if not isinstance(value, LineList):
            self.problem(document.line_of(key), f"'{key}' moet een lijst zijn, niet {describe(value)}")
            return []
        items = []
        for index, item in enumerate(value):
            if isinstance(item, LineDict):
                items.append(item)
            else:
                self.problem(
                    value.line_at(index),
                    f"'{key}' item {index + 1} moet een mapping zijn, niet {describe(item)}",
                )
        return items

    def unknown_fields(self, item: LineDict, label: str, allowed: set[str]) -> None:
        for key in item:
            if key not in allowed:
                self.problem(
                    item.line_of(key),
                    f"{label}: onbekend veld '{key}' (toegestaan: {', '.join(sorted(allowed))})",
                )

    def missing(self, item: LineDict, key: str, label: str) -> None:
        if key in item:
            self.problem(item.line_of(key), f"{label}: veld '{key}' is leeg")
        else:
            self.problem(item.line, f"{label}: veld '{key}' ontbreekt")

    def string(
        self, item: LineDict, key: str, label: str, *, required: bool, limit: int | None = None
    ) -> str:
        value = item.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.missing(item, key, label)
            return ""
        if not isinstance(value, str):
            raw = item.raw.get(key)
            hint = (
                f"; zet {raw} tussen aanhalingstekens"
                if isinstance(value, int | float | date) and raw
                else ""
            )
            self.problem(item.line_of(key), f"{label}: '{key}' moet tekst zijn, niet {describe(value)}{hint}")
            return ""
        self.length(item.line_of(key), label, key, value, limit)
        return value.strip()

    def length(self, line: int, label: str, key: str, value: str, limit: int | None) -> None:
        if limit is not None and len(value.strip()) > limit:
            self.problem(line, f"{label}: '{key}' is {len(value.strip())} tekens, hooguit {limit}")

    def text(
        self, item: LineDict, key: str, label: str, *, required: bool, limit: int | None = None
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
            self.problem(
                line, f"{label}: '{key}' moet tekst of {{nl: ..., en: ...}} zijn, niet {describe(value)}"
            )
            return {}
        result = {}
        for language in value:
            if language not in ("nl", "en"):
                self.problem(
                    value.line_of(language), f"{label}: onbekende taal '{language}' in '{key}' (nl, en)"
                )
        for language in ("nl", "en"):
            text = value.get(language)
            if text is None:
                continue
            if not isinstance(text, str):
                self.problem(value.line_of(language), f"{label}: '{key}.{language}' moet tekst zijn")
                continue
            self.length(value.line_of(language), label, f"{key}.{language}", text, limit)
            result[language] = text.strip()
        if not result.get("nl"):
            self.problem(line, f"{label}: '{key}' heeft geen Nederlandse tekst (nl)")
            return {}
        result.setdefault("en", "")
        return result

    def code(
        self, item: LineDict, key: str, label: str, pattern: re.Pattern[str], example: str
    ) -> str | None:
        """An id (of the item itself or of one it refers to), written as quoted text."""
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
        label: str,
        pattern: re.Pattern[str],
        example: str,
    ) -> str | None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            written = raw or str(value)
            self.problem(
                line,
                f'{label}: {key} {written} moet tussen aanhalingstekens staan ("{written}"); '
                f"zonder leest YAML het als het getal {value}",
            )
            return None
        if not isinstance(value, str):
            self.problem(
                line, f"{label}: {key} moet een id tussen aanhalingstekens zijn, niet {describe(value)}"
            )
            return None
        if not pattern.match(value):
            self.problem(line, f"{label}: ongeldig id '{value}' in '{key}' (verwacht {example})")
            return None
        return value

    def codes(
        self, item: LineDict, key: str, label: str, pattern: re.Pattern[str], example: str, *, max_length: int
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
                self.problem(line, f"{label}: '{code}' staat twee keer in '{key}'")
                continue
            result.append(code)
        if len(",".join(result)) > max_length:
            self.problem(item.line_of(key), f"{label}: '{key}' is te lang (hooguit {max_length} tekens)")
        return result

    def unique(self, code: str, item: LineDict, label: str, seen: dict[str, int]) -> bool:
        if code in seen:
            self.problem(
                item.line_of("id"), f"{label}: id komt twee keer voor (eerder op regel {seen[code]})"
            )
            return False
        seen[code] = item.line_of("id")
        return True

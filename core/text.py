"""The one check of text a person typed, used by every form (app.forms.BaseForm), every sheet import
(core.tabular) and every command-line option (app.cli): no control characters, and no bidirectional controls
where a name, a title or a link is shown to others.

Control characters are those of Unicode category Cc (NUL and U+0001-U+001F, U+007F-U+009F) apart from tab,
newline and carriage return (a browser sends a text area's line breaks as CR LF). PostgreSQL refuses a NUL in
text, SQLite stores it and the Excel export then fails: so they never reach the database. Bidirectional
controls (embeddings, overrides, isolates, the marks) can make a name read differently from what it is
("Trojan Source"); they are refused in names, titles and links, where a reader must trust what they see."""

from __future__ import annotations

import re

from core.errors import Problem

ALLOWED_CONTROLS = "\t\n\r"
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
BIDI = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")

CONTROL_CODE = "text.control_character"
BIDI_CODE = "text.bidi_control"


def control_character(text: str) -> str | None:
    """The first control character in `text` other than tab and line breaks, as U+XXXX, or None."""
    found = CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def bidi_control(text: str) -> str | None:
    """The first bidirectional control character in `text`, as U+XXXX, or None."""
    found = BIDI.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def text_problem(text: str, *, field: str = "", bidi: bool = False) -> Problem | None:
    """What is wrong with `text` (a control character; with `bidi` also a bidirectional control), or None."""
    character = control_character(text)
    if character is not None:
        return Problem(
            CONTROL_CODE,
            {"character": character},
            field,
            message=f"ongeldig teken {character} (een stuurteken)",
        )
    if bidi:
        character = bidi_control(text)
        if character is not None:
            return Problem(
                BIDI_CODE,
                {"character": character},
                field,
                message=f"ongeldig teken {character} (verandert de leesrichting)",
            )
    return None

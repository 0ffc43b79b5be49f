"""One changed field of a copy, in words: for the command's output (the page shows the same with its words)."""

from __future__ import annotations

from app.answers.routes import field_label, field_value
from controls.answers import FieldChange

LONGEST = 120


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


def field_line(change: FieldChange) -> str:
    old, new = field_value(change.field, change.old), field_value(change.field, change.new)
    return f"{field_label(change.field)}: {_short(old)} -> {_short(new)}"

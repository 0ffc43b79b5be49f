"""How the scope pages show the domain's values: their names (scope.labels) in the user's language."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from scope import labels

LEVEL_BADGE = {"low": "ok", "medium": "info", "high": "bad"}


def name(group: str, value: object) -> str:
    return labels.GROUPS[group].of(value, _, default=str(value))


def names(group: str) -> list[SelectChoice]:
    return [SelectChoice(value, text) for value, text in labels.GROUPS[group].choices(_)]


def display(field: str, value: object) -> str:
    """A revision's value as the history shows it."""
    if value is None or value == "" or value == ():
        return "–"
    if field == "information_kinds":
        return ", ".join(name("information_kind", v) for v in value)  # type: ignore[union-attr]
    if field in ("hosting", "jurisdiction"):
        return name(field, value)
    if field == "in_scope":
        return _("ja") if value else _("nee")
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, date):
        return format_date(value, "medium")
    return str(value)

"""How the risk pages show the domain's values: their names (risk.labels) in the user's language, amounts,
ratios and dates in the local style, and the heatmap's words."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date, format_decimal, format_percent
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from risk import labels
from risk.heatmap import HeatmapTexts
from risk.models import Level

LEVEL_BADGE = {Level.LOW: "ok", Level.MEDIUM: "info", Level.HIGH: "warn", Level.VERY_HIGH: "bad"}
RATING_BADGE = {"A": "ok", "B": "ok", "C": "info", "D": "warn", "E": "bad", "F": "bad"}


def euros(amount: float | int | None) -> str:
    """An amount in whole euros, grouped the local way: € 1.250.000 (with a no-break space)."""
    if amount is None:
        return "–"
    return "€\u00a0" + format_decimal(round(amount), format="#,##0")


def ratio_text(ratio: float | None) -> str:
    return "–" if ratio is None else format_decimal(ratio, format="0.00")


def certainty_text(certainty: float) -> str:
    return format_percent(certainty, format="0%")


def share_text(share: float | None) -> str:
    return "–" if share is None else format_percent(share, format="0.0%")


def name(group: str, value: object) -> str:
    """The name of a value (treatment, status, level, ...; "field" for a field's name) in the user's language;
    an unknown value is shown as it is."""
    return labels.GROUPS[group].of(value, _, default=str(value))


def names(group: str) -> list[SelectChoice]:
    """The values of a group with their names in the user's language, in their defined order (a form's
    choices)."""
    return [SelectChoice(value, text) for value, text in labels.GROUPS[group].choices(_)]


def display(field: str, value: object) -> str:
    """A field's value as the pages show it (in the history, the comparison and the risk page)."""
    if value is None or value == "" or value == ():
        return "–"
    if field in ("treatment", "status"):
        return name(field, value)
    if field == "aspects":
        return ", ".join(name("aspect", v) for v in value)
    if field == "impact_areas":
        return ", ".join(name("impact_area", v) for v in value)
    if field == "requirement_codes":
        return ", ".join(value)
    if field == "probability":
        return f"{value}%"
    if field.startswith("impact_") and isinstance(value, int):
        return euros(value)
    if isinstance(value, date):
        return format_date(value, "medium")
    return str(value)


def heatmap_texts() -> HeatmapTexts:
    """The heatmap's words in the user's language."""
    return HeatmapTexts(
        likelihood=_("Kans"),
        impact=_("Impact"),
        levels={level: labels.LEVEL.of(level, _) for level in Level},
        appetite=_("grens risicobereidheid"),
        one_risk=_("1 risico"),
        risks=_("%(count)s risico's", count="{count}"),
        cell=_(
            "Kans %(likelihood)s (%(likelihood_label)s), impact %(impact)s (%(impact_label)s): "
            "%(risks)s, niveau %(level)s",
            likelihood="{likelihood}",
            likelihood_label="{likelihood_label}",
            impact="{impact}",
            impact_label="{impact_label}",
            risks="{risks}",
            level="{level}",
        ),
        summary=_("%(risks)s in totaal. Per cel met risico's:", risks="{risks}"),
    )

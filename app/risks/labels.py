"""What the risk pages call the domain's values, translatable; `risk.labels` holds the same Dutch words for
documents that are always Dutch (a test keeps the two in step)."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date, format_decimal, format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from risk.capacity import Rating
from risk.heatmap import HeatmapTexts
from risk.models import Aspect, ImpactArea, Level, MomentKind, RiskStatus, Treatment

TREATMENT = {
    Treatment.AVOID: _l("vermijden"),
    Treatment.REDUCE: _l("verminderen"),
    Treatment.TRANSFER: _l("overdragen"),
    Treatment.ACCEPT: _l("accepteren"),
}
STATUS = {
    RiskStatus.OPEN: _l("open"),
    RiskStatus.IN_TREATMENT: _l("in behandeling"),
    RiskStatus.MONITORING: _l("beheerst"),
    RiskStatus.CLOSED: _l("gesloten"),
}
ASPECT = {
    Aspect.AVAILABILITY: _l("beschikbaarheid"),
    Aspect.INTEGRITY: _l("integriteit"),
    Aspect.CONFIDENTIALITY: _l("vertrouwelijkheid"),
}
IMPACT_AREA = {
    ImpactArea.POLITICAL: _l("politieke schade voor een bestuurder"),
    ImpactArea.DIPLOMATIC: _l("diplomatieke schade"),
    ImpactArea.FINANCIAL: _l("financiële gevolgen"),
    ImpactArea.REPUTATION: _l("reputatieschade"),
    ImpactArea.PUBLIC_TRUST: _l("verlies van vertrouwen bij burgers"),
    ImpactArea.PUBLICITY: _l("negatieve publiciteit"),
    ImpactArea.STAFF_MOTIVATION: _l("motivatie van medewerkers"),
    ImpactArea.MANAGEMENT_CONTROL: _l("verlies van sturing"),
}
LEVEL = {
    Level.LOW: _l("laag"),
    Level.MEDIUM: _l("midden"),
    Level.HIGH: _l("hoog"),
    Level.VERY_HIGH: _l("zeer hoog"),
}
MOMENT_KIND = {
    MomentKind.KADERNOTA: _l("Kadernota"),
    MomentKind.BEGROTING: _l("Begroting"),
    MomentKind.TUSSENRAPPORTAGE: _l("Tussenrapportage"),
    MomentKind.JAARREKENING: _l("Jaarrekening"),
}
RATING = {
    Rating.A: _l("uitstekend"),
    Rating.B: _l("ruim voldoende"),
    Rating.C: _l("voldoende"),
    Rating.D: _l("matig"),
    Rating.E: _l("onvoldoende"),
    Rating.F: _l("ruim onvoldoende"),
}
FIELD = {
    "title": _l("Titel"),
    "description": _l("Omschrijving"),
    "cause": _l("Oorzaak"),
    "consequence": _l("Gevolg"),
    "aspects": _l("Aspecten"),
    "impact_areas": _l("Impactgebieden"),
    "owner": _l("Eigenaar"),
    "inherent_likelihood": _l("Kans inherent"),
    "inherent_impact": _l("Impact inherent"),
    "treatment": _l("Behandeling"),
    "residual_likelihood": _l("Kans rest"),
    "residual_impact": _l("Impact rest"),
    "status": _l("Status"),
    "accepted_by": _l("Geaccepteerd door"),
    "accepted_on": _l("Geaccepteerd op"),
    "acceptance_expires_on": _l("Acceptatie verloopt op"),
    "review_on": _l("Herbeoordeling op"),
    "probability": _l("Kansklasse P&C (%)"),
    "impact_minimum": _l("Financieel minimum (€)"),
    "impact_most_likely": _l("Financieel meest waarschijnlijk (€)"),
    "impact_maximum": _l("Financieel maximum (€)"),
    "requirement_codes": _l("Maatregelen (eisen)"),
}
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


def display(field: str, value: object) -> str:
    """A field's value as the pages show it (in the history, the comparison and the risk page)."""
    if value is None or value == "" or value == ():
        return "–"
    if field == "treatment":
        return str(TREATMENT[Treatment(value)])
    if field == "status":
        return str(STATUS[RiskStatus(value)])
    if field == "aspects":
        return ", ".join(str(ASPECT[Aspect(v)]) for v in value)
    if field == "impact_areas":
        return ", ".join(str(IMPACT_AREA[ImpactArea(v)]) for v in value)
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
        levels={level: str(label) for level, label in LEVEL.items()},
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

"""The names of the risk area's values and fields, in Dutch (marked for Babel; English and other languages in
core/translations): the web pages translate them with Flask-Babel, documents with
`core.labels.translator(locale)`; `TREATMENT[Treatment.AVOID]` is the Dutch name."""

from __future__ import annotations

from typing import Any

from core.labels import N_, Labels
from risk.capacity import Rating
from risk.conventions import ImpactConvention
from risk.models import Aspect, ImpactArea, Level, MomentKind, RiskStatus, Treatment

TREATMENT = Labels(
    {
        Treatment.AVOID: N_("vermijden"),
        Treatment.REDUCE: N_("verminderen"),
        Treatment.TRANSFER: N_("overdragen"),
        Treatment.ACCEPT: N_("accepteren"),
    }
)
STATUS = Labels(
    {
        RiskStatus.OPEN: N_("open"),
        RiskStatus.IN_TREATMENT: N_("in behandeling"),
        RiskStatus.MONITORING: N_("beheerst"),
        RiskStatus.CLOSED: N_("gesloten"),
    }
)
ASPECT = Labels(
    {
        Aspect.AVAILABILITY: N_("beschikbaarheid"),
        Aspect.INTEGRITY: N_("integriteit"),
        Aspect.CONFIDENTIALITY: N_("vertrouwelijkheid"),
    }
)
IMPACT_AREA = Labels(
    {
        ImpactArea.POLITICAL: N_("politieke schade voor een bestuurder"),
        ImpactArea.DIPLOMATIC: N_("diplomatieke schade"),
        ImpactArea.FINANCIAL: N_("financiële gevolgen"),
        ImpactArea.REPUTATION: N_("reputatieschade"),
        ImpactArea.PUBLIC_TRUST: N_("verlies van vertrouwen bij burgers"),
        ImpactArea.PUBLICITY: N_("negatieve publiciteit"),
        ImpactArea.STAFF_MOTIVATION: N_("motivatie van medewerkers"),
        ImpactArea.MANAGEMENT_CONTROL: N_("verlies van sturing"),
    }
)
LEVEL = Labels(
    {
        Level.LOW: N_("laag"),
        Level.MEDIUM: N_("midden"),
        Level.HIGH: N_("hoog"),
        Level.VERY_HIGH: N_("zeer hoog"),
    }
)
MOMENT_KIND = Labels(
    {
        MomentKind.KADERNOTA: N_("Kadernota"),
        MomentKind.BEGROTING: N_("Begroting"),
        MomentKind.TUSSENRAPPORTAGE: N_("Tussenrapportage"),
        MomentKind.JAARREKENING: N_("Jaarrekening"),
    }
)
RATING = Labels(
    {
        Rating.A: N_("uitstekend"),
        Rating.B: N_("ruim voldoende"),
        Rating.C: N_("voldoende"),
        Rating.D: N_("matig"),
        Rating.E: N_("onvoldoende"),
        Rating.F: N_("ruim onvoldoende"),
    }
)
CONVENTION = Labels(
    {
        ImpactConvention.TRIANGULAR: N_("driehoeksverdeling over minimum, meest waarschijnlijk en maximum"),
        ImpactConvention.MAXIMUM: N_("het maximumbedrag"),
        ImpactConvention.UNIFORM: N_("uniforme verdeling over 0 tot het maximum"),
        ImpactConvention.MOST_LIKELY: N_("het meest waarschijnlijke bedrag"),
    }
)
FIELD = Labels(
    {
        "title": N_("Titel"),
        "description": N_("Omschrijving"),
        "cause": N_("Oorzaak"),
        "consequence": N_("Gevolg"),
        "aspects": N_("Aspecten"),
        "impact_areas": N_("Impactgebieden"),
        "owner": N_("Eigenaar"),
        "inherent_likelihood": N_("Kans inherent"),
        "inherent_impact": N_("Impact inherent"),
        "treatment": N_("Behandeling"),
        "residual_likelihood": N_("Kans rest"),
        "residual_impact": N_("Impact rest"),
        "status": N_("Status"),
        "accepted_by": N_("Geaccepteerd door"),
        "accepted_on": N_("Geaccepteerd op"),
        "acceptance_expires_on": N_("Acceptatie verloopt op"),
        "review_on": N_("Herbeoordeling op"),
        "probability": N_("Kansklasse P&C (%)"),
        "impact_minimum": N_("Financieel minimum (€)"),
        "impact_most_likely": N_("Financieel meest waarschijnlijk (€)"),
        "impact_maximum": N_("Financieel maximum (€)"),
        "requirement_codes": N_("Maatregelen (eisen)"),
    }
)

GROUPS: dict[str, Labels[Any]] = {  # keys of mixed kinds: the enums of the area and field names
    "treatment": TREATMENT,
    "status": STATUS,
    "level": LEVEL,
    "aspect": ASPECT,
    "impact_area": IMPACT_AREA,
    "moment": MOMENT_KIND,
    "rating": RATING,
    "convention": CONVENTION,
    "field": FIELD,
}

"""Dutch names of the risk area's values, for documents that are always Dutch (Excel files, PDF reports).

The web pages translate through Flask-Babel (app/risks/labels.py); a test keeps both in step.
"""

from __future__ import annotations

from risk.capacity import Rating
from risk.models import Aspect, ImpactArea, Level, MomentKind, RiskStatus, Treatment

TREATMENT = {
    Treatment.AVOID: "vermijden",
    Treatment.REDUCE: "verminderen",
    Treatment.TRANSFER: "overdragen",
    Treatment.ACCEPT: "accepteren",
}
STATUS = {
    RiskStatus.OPEN: "open",
    RiskStatus.IN_TREATMENT: "in behandeling",
    RiskStatus.MONITORING: "beheerst",
    RiskStatus.CLOSED: "gesloten",
}
ASPECT = {
    Aspect.AVAILABILITY: "beschikbaarheid",
    Aspect.INTEGRITY: "integriteit",
    Aspect.CONFIDENTIALITY: "vertrouwelijkheid",
}
IMPACT_AREA = {
    ImpactArea.POLITICAL: "politieke schade voor een bestuurder",
    ImpactArea.DIPLOMATIC: "diplomatieke schade",
    ImpactArea.FINANCIAL: "financiële gevolgen",
    ImpactArea.REPUTATION: "reputatieschade",
    ImpactArea.PUBLIC_TRUST: "verlies van vertrouwen bij burgers",
    ImpactArea.PUBLICITY: "negatieve publiciteit",
    ImpactArea.STAFF_MOTIVATION: "motivatie van medewerkers",
    ImpactArea.MANAGEMENT_CONTROL: "verlies van sturing",
}
LEVEL = {Level.LOW: "laag", Level.MEDIUM: "midden", Level.HIGH: "hoog", Level.VERY_HIGH: "zeer hoog"}
MOMENT_KIND = {
    MomentKind.KADERNOTA: "Kadernota",
    MomentKind.BEGROTING: "Begroting",
    MomentKind.TUSSENRAPPORTAGE: "Tussenrapportage",
    MomentKind.JAARREKENING: "Jaarrekening",
}
RATING = {
    Rating.A: "uitstekend",
    Rating.B: "ruim voldoende",
    Rating.C: "voldoende",
    Rating.D: "matig",
    Rating.E: "onvoldoende",
    Rating.F: "ruim onvoldoende",
}
FIELD = {
    "title": "Titel",
    "description": "Omschrijving",
    "cause": "Oorzaak",
    "consequence": "Gevolg",
    "aspects": "Aspecten",
    "impact_areas": "Impactgebieden",
    "owner": "Eigenaar",
    "inherent_likelihood": "Kans inherent",
    "inherent_impact": "Impact inherent",
    "treatment": "Behandeling",
    "residual_likelihood": "Kans rest",
    "residual_impact": "Impact rest",
    "status": "Status",
    "accepted_by": "Geaccepteerd door",
    "accepted_on": "Geaccepteerd op",
    "acceptance_expires_on": "Acceptatie verloopt op",
    "review_on": "Herbeoordeling op",
    "probability": "Kansklasse P&C (%)",
    "impact_minimum": "Financieel minimum (€)",
    "impact_most_likely": "Financieel meest waarschijnlijk (€)",
    "impact_maximum": "Financieel maximum (€)",
    "requirement_codes": "Maatregelen (eisen)",
}

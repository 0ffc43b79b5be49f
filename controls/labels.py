"""Dutch and English names of the allowed values of answers and the statement, in one place: the web pages,
the Excel sheet and the reports all show these."""

from __future__ import annotations

LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "applicability": {
        "applicable": ("van toepassing", "applicable"),
        "not_applicable": ("niet van toepassing", "not applicable"),
        "inherited": ("overgenomen van leverancier", "inherited from provider"),
    },
    "implementation": {
        "implemented": ("geïmplementeerd", "implemented"),
        "partially": ("gedeeltelijk geïmplementeerd", "partially implemented"),
        "planned": ("gepland", "planned"),
        "not_implemented": ("niet geïmplementeerd", "not implemented"),
    },
    "assessment": {
        "not_assessed": ("niet beoordeeld", "not assessed"),
        "insufficient": ("onvoldoende", "insufficient"),
        "sufficient": ("voldoende", "sufficient"),
    },
    "status": {
        "unanswered": ("niet beantwoord", "unanswered"),
        "implemented": ("geïmplementeerd", "implemented"),
        "partially": ("gedeeltelijk", "partially"),
        "planned": ("gepland", "planned"),
        "not_implemented": ("niet geïmplementeerd", "not implemented"),
        "not_applicable": ("niet van toepassing", "not applicable"),
    },
    "kind": {
        "control": ("beheersmaatregel (ISO 27002)", "control (ISO 27002)"),
        "measure": ("overheidsmaatregel (BIO2)", "government measure (BIO2)"),
        "nis2": ("NIS2-eis", "NIS2 requirement"),
    },
    "theme": {
        "5": ("Organisatorisch", "Organisational"),
        "6": ("Mensgericht", "People"),
        "7": ("Fysiek", "Physical"),
        "8": ("Technologisch", "Technological"),
        "nis2": ("NIS2", "NIS2"),
    },
    "category": {
        "basishygiene": ("basishygiëne", "basic hygiene"),
        "ketenhygiene": ("ketenhygiëne", "supply-chain hygiene"),
        "overheidsrisicos": ("overheidsrisico's", "government risks"),
    },
    "coverage": {
        "covered": ("gedekt", "covered"),
        "partial": ("deels gedekt", "partly covered"),
        "gap": ("niet gedekt", "not covered"),
        "unmapped": ("geen koppeling", "no mapping"),
    },
    "requirement_status": {
        "active": ("geldend", "in force"),
        "withdrawn": ("vervallen", "withdrawn"),
        "moved": ("verplaatst", "moved"),
    },
}


def label(group: str, value: object, locale: str = "nl") -> str:
    """The name of a value in the locale; an unknown value is shown as it is."""
    if value is None:
        return ""
    names = LABELS[group].get(str(value))
    if names is None:
        return str(value)
    return names[1] if locale == "en" else names[0]


def choices(group: str, locale: str = "nl") -> list[tuple[str, str]]:
    """(value, name) pairs in their defined order, for drop-downs."""
    return [(value, names[1] if locale == "en" else names[0]) for value, names in LABELS[group].items()]

"""The names of the catalogue's and the answers' values, in Dutch (marked for Babel; English and other languages
in core/translations): the web pages translate them with Flask-Babel, the SoA and the Excel sheet with
`core.labels.translator(locale)`."""

from __future__ import annotations

from typing import Any

from controls.answer_models import Applicability, Assessment, Implementation, Status
from controls.models import Category, Framework, Relationship, RequirementKind, RequirementStatus
from core.labels import N_, Labels, Translate, translator

APPLICABILITY = Labels(
    {
        Applicability.APPLICABLE: N_("van toepassing"),
        Applicability.NOT_APPLICABLE: N_("niet van toepassing"),
        Applicability.INHERITED: N_("overgenomen van leverancier"),
    }
)
IMPLEMENTATION = Labels(
    {
        Implementation.IMPLEMENTED: N_("geïmplementeerd"),
        Implementation.PARTIALLY: N_("gedeeltelijk geïmplementeerd"),
        Implementation.PLANNED: N_("gepland"),
        Implementation.NOT_IMPLEMENTED: N_("niet geïmplementeerd"),
    }
)
ASSESSMENT = Labels(
    {
        Assessment.NOT_ASSESSED: N_("niet beoordeeld"),
        Assessment.INSUFFICIENT: N_("onvoldoende"),
        Assessment.SUFFICIENT: N_("voldoende"),
    }
)
STATUS = Labels(
    {
        Status.UNANSWERED: N_("niet beantwoord"),
        Status.HELD: N_("ter goedkeuring"),
        Status.IMPLEMENTED: N_("geïmplementeerd"),
        Status.PARTIALLY: N_("gedeeltelijk"),
        Status.PLANNED: N_("gepland"),
        Status.NOT_IMPLEMENTED: N_("niet geïmplementeerd"),
        Status.NOT_APPLICABLE: N_("niet van toepassing"),
    }
)
KIND = Labels(
    {
        RequirementKind.CLAUSE: N_("clausule managementsysteem (ISO 27001)"),
        RequirementKind.CONTROL: N_("beheersmaatregel (ISO 27002)"),
        RequirementKind.MEASURE: N_("overheidsmaatregel (BIO2)"),
        RequirementKind.NIS2: N_("NIS2-eis"),
    }
)
# The themes of ISO/IEC 27002:2022 (the first number of a control), and the ISO/IEC 27001 clauses and the NIS2
# requirements as groups of their own.
THEME = Labels(
    {
        "iso27001": N_("Managementsysteem (ISO 27001)"),
        "5": N_("Organisatorisch"),
        "6": N_("Mensgericht"),
        "7": N_("Fysiek"),
        "8": N_("Technologisch"),
        "nis2": N_("NIS2"),
    }
)
CATEGORY = Labels(
    {
        Category.BASISHYGIENE: N_("basishygiëne"),
        Category.KETENHYGIENE: N_("ketenhygiëne"),
        Category.OVERHEIDSRISICOS: N_("overheidsrisico's"),
    }
)
# How far the BIO2 answers cover a NIS2 requirement (controls.soa).
COVERAGE = Labels(
    {
        "covered": N_("gedekt"),
        "partial": N_("deels gedekt"),
        "gap": N_("niet gedekt"),
        "unmapped": N_("geen koppeling"),
    }
)
# Why a NIS2 point has its coverage (controls.soa._point); the codes of the answers named follow the text.
COVERAGE_REASON = Labels(
    {
        "own_answer": N_("het eigen antwoord is geïmplementeerd"),
        "full_links": N_(
            "elke gelijke of ruimere gekoppelde eis is geïmplementeerd, opzet en bestaan voldoende"
        ),
        "full_links_not_assessed": N_(
            "gelijke of ruimere eisen geïmplementeerd, maar opzet of bestaan niet voldoende beoordeeld"
        ),
        "full_links_open": N_("nog niet elke gelijke of ruimere gekoppelde eis is geïmplementeerd"),
        "only_partial_links": N_(
            "alleen eisen die een deel dekken of overlappen zijn geïmplementeerd: hoogstens deels gedekt"
        ),
        "own_partial": N_("het eigen antwoord is gedeeltelijk geïmplementeerd"),
        "nothing_implemented": N_("geen gekoppelde eis is geïmplementeerd"),
        "no_links": N_("geen koppeling en geen geïmplementeerd eigen antwoord"),
    }
)
REQUIREMENT_STATUS = Labels(
    {
        RequirementStatus.ACTIVE: N_("geldend"),
        RequirementStatus.WITHDRAWN: N_("vervallen"),
        RequirementStatus.MOVED: N_("verplaatst"),
    }
)
FRAMEWORK = Labels(
    {
        Framework.BIO2: N_("BIO2"),
        Framework.NIS2: N_("NIS2 en Cbw"),
        Framework.ISO27001: N_("ISO 27001 (ISMS)"),
    }
)
RELATIONSHIP = Labels(
    {
        Relationship.EQUAL: N_("gelijk"),
        Relationship.SUBSET: N_("dekt een deel"),
        Relationship.SUPERSET: N_("gaat verder"),
        Relationship.INTERSECT: N_("overlapt"),
    }
)
RELATIONSHIP_HINT = Labels(
    {
        Relationship.EQUAL: N_("De BIO2-eis en de NIS2-eis vragen vrijwel hetzelfde."),
        Relationship.SUBSET: N_("De BIO2-eis dekt een deel van de NIS2-eis."),
        Relationship.SUPERSET: N_("De BIO2-eis vraagt meer dan de NIS2-eis."),
        Relationship.INTERSECT: N_("De eisen overlappen gedeeltelijk."),
    }
)
# The NIS2 articles the catalogue groups its requirements by.
ARTICLE = Labels(
    {
        "20": N_("Artikel 20: governance"),
        "21": N_("Artikel 21: maatregelen voor het beheer van cyberbeveiligingsrisico's"),
        "23": N_("Artikel 23: meldingsverplichtingen"),
    }
)

# The chapters of ISO/IEC 27001:2022 whose clauses the catalogue holds (the first number of a clause).
CHAPTER = Labels(
    {
        "4": N_("Context van de organisatie"),
        "5": N_("Leiderschap"),
        "6": N_("Planning van het ISMS"),
        "7": N_("Ondersteuning"),
        "8": N_("Uitvoering"),
        "9": N_("Evaluatie van de prestaties"),
        "10": N_("Verbetering"),
    }
)

GROUPS: dict[str, Labels[Any]] = {  # keys of mixed kinds: the enums of the area and plain keys
    "applicability": APPLICABILITY,
    "implementation": IMPLEMENTATION,
    "assessment": ASSESSMENT,
    "status": STATUS,
    "kind": KIND,
    "theme": THEME,
    "category": CATEGORY,
    "coverage": COVERAGE,
    "coverage_reason": COVERAGE_REASON,
    "requirement_status": REQUIREMENT_STATUS,
    "framework": FRAMEWORK,
    "relationship": RELATIONSHIP,
    "relationship_hint": RELATIONSHIP_HINT,
    "article": ARTICLE,
    "chapter": CHAPTER,
}


def name_of(group: str, value: object, translate: Translate) -> str:
    """The name of a value of `group` in the language of `translate`; an unknown value is shown as it is."""
    if value is None:
        return ""
    text = str(value)
    return GROUPS[group].of(text, translate, default=text)


def label(group: str, value: object, locale: str = "nl") -> str:
    """The name of a value in the locale (for documents); an unknown value is shown as it is."""
    return name_of(group, value, translator(locale))


def choices(group: str, locale: str = "nl") -> list[tuple[str, str]]:
    """(value, name) pairs in their defined order, for drop-downs."""
    return GROUPS[group].choices(translator(locale))

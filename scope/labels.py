"""The names of the scope area's values and fields, in Dutch (marked for Babel; English in core/translations)."""

from __future__ import annotations

from typing import Any

from core.labels import N_, Labels
from scope.models import ClassLevel, EvidenceKind, Hosting, InformationKind, ItemKind, Jurisdiction, Outcome

KIND = Labels({ItemKind.PROCESS: N_("proces"), ItemKind.SYSTEM: N_("informatiesysteem")})
INFORMATION_KIND = Labels(
    {
        InformationKind.OPEN_DATA: N_("open data"),
        InformationKind.PERSONAL: N_("persoonsgegevens"),
        InformationKind.SPECIAL_PERSONAL: N_("bijzondere persoonsgegevens"),
        InformationKind.SENSITIVE: N_("gevoelige of interne informatie"),
        InformationKind.CLASSIFIED: N_("gerubriceerde informatie"),
    }
)
HOSTING = Labels(
    {
        Hosting.OWN_PREMISES: N_("eigen locatie"),
        Hosting.DUTCH_PROVIDER: N_("Nederlandse leverancier"),
        Hosting.EU_CLOUD: N_("cloud binnen de EU"),
        Hosting.NON_EU_CLOUD: N_("cloud van buiten de EU"),
    }
)
JURISDICTION = Labels(
    {Jurisdiction.NL: N_("Nederland"), Jurisdiction.EU: N_("EU"), Jurisdiction.NON_EU: N_("buiten de EU")}
)
LEVEL = Labels({ClassLevel.LOW: N_("laag"), ClassLevel.MEDIUM: N_("midden"), ClassLevel.HIGH: N_("hoog")})
OUTCOME = Labels(
    {
        Outcome.BASELINE_SUFFICIENT: N_("basisniveau toereikend"),
        Outcome.RISK_ANALYSIS_NEEDED: N_("aanvullende risicoanalyse nodig"),
    }
)
EVIDENCE = Labels(
    {
        EvidenceKind.ISO27001: N_("ISO 27001-certificaat"),
        EvidenceKind.ISAE3402: N_("ISAE 3402-rapport"),
        EvidenceKind.SOC2: N_("SOC 2-rapport"),
        EvidenceKind.PENTEST: N_("pentestrapport"),
        EvidenceKind.TPM_DIGID: N_("TPM voor DigiD"),
    }
)
FIELD = Labels(
    {
        "name": N_("Naam"),
        "description": N_("Omschrijving"),
        "owner": N_("Eigenaar (lijnmanager)"),
        "information_kinds": N_("Soorten informatie"),
        "hosting": N_("Hosting"),
        "jurisdiction": N_("Jurisdictie moederbedrijf leverancier"),
        "in_scope": N_("Binnen de scope"),
        "review_on": N_("Herbeoordeling"),
        "process_refs": N_("Ondersteunt processen"),
        "supplier_names": N_("Leveranciers"),
    }
)
GROUPS: dict[str, Labels[Any]] = {
    "kind": KIND,
    "information_kind": INFORMATION_KIND,
    "hosting": HOSTING,
    "jurisdiction": JURISDICTION,
    "level": LEVEL,
    "outcome": OUTCOME,
    "evidence": EVIDENCE,
    "field": FIELD,
}

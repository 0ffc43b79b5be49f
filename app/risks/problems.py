"""Words for the rule codes of the risk area (risk.rules, risk.register, risk.pc, risk.matrix) in the user's
language; registered with app.problems when the risk area is imported."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.problems import register

REQUIRED = _l("Verplicht.")
REQUIRED_WHEN_ACCEPTED = _l("Verplicht bij accepteren.")
BETWEEN = _l("Tussen %(min)s en %(max)s.")
TOO_LONG = _l("Hoogstens %(limit)s tekens.")
FINANCIALS_TOGETHER = _l("Vul kansklasse en alle drie bedragen in, of laat ze alle vier leeg.")

register(
    {
        "risk.title_required": REQUIRED,
        "risk.owner_required": REQUIRED,
        **{
            f"risk.{name}_too_long": TOO_LONG
            for name in ("title", "owner", "description", "cause", "consequence", "accepted_by")
        },
        **{
            f"risk.{name}_out_of_scale": BETWEEN
            for name in ("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact")
        },
        "risk.residual_likelihood_above_inherent": _l(
            "De restkans kan niet hoger zijn dan de inherente kans."
        ),
        "risk.residual_impact_above_inherent": _l(
            "De restimpact kan niet hoger zijn dan de inherente impact."
        ),
        "risk.unknown_treatment": _l("Onbekende behandeling '%(value)s'."),
        "risk.unknown_status": _l("Onbekende status '%(value)s'."),
        "risk.unknown_aspect": _l("Onbekend aspect: %(values)s."),
        "risk.unknown_impact_area": _l("Onbekend impactgebied: %(values)s."),
        "risk.accepted_by_required": REQUIRED_WHEN_ACCEPTED,
        "risk.accepted_on_required": REQUIRED_WHEN_ACCEPTED,
        "risk.acceptance_expiry_required": REQUIRED_WHEN_ACCEPTED,
        "risk.acceptance_expiry_not_after_acceptance": _l("Moet na de datum van acceptatie liggen."),
        "risk.financials_incomplete": FINANCIALS_TOGETHER,
        "risk.probability_not_a_class": _l("Kies een kansklasse: %(classes)s procent."),
        "risk.amount_out_of_range": BETWEEN,
        "risk.amounts_out_of_order": _l("Minimum ≤ meest waarschijnlijk ≤ maximum."),
        "risk.unknown_requirements": _l("Onbekende eis(en) in de catalogus: %(codes)s."),
        "risk.reference_malformed": _l("Referentie '%(reference)s' heeft niet de vorm R-001."),
        "risk.reference_taken": _l("Referentie %(reference)s bestaat al."),
        "pc.unknown_kind": _l("Onbekend soort P&C-document."),
        "pc.year_out_of_range": _l("Het jaar moet tussen %(min)s en %(max)s liggen."),
        "pc.moment_on_required": _l("De peildatum ontbreekt."),
        "pc.capacity_out_of_range": _l(
            "De beschikbare weerstandscapaciteit is een heel bedrag in euro's van 0 of meer."
        ),
        "pc.moment_exists": _l("Dit P&C-moment (soort, jaar en peildatum) bestaat al."),
        "pc.moment_frozen": _l("Dit P&C-moment heeft al een momentopname en verandert niet meer."),
        "pc.snapshot_exists": _l(
            "Dit P&C-moment heeft al een momentopname; maak een nieuw moment voor een latere stand."
        ),
        "pc.other_method": _l("Methode %(method)s is niet die van deze versie (%(current)s)."),
        "matrix.likelihood_labels": _l("Vijf labels voor de kans nodig, elk 1 tot %(limit)s tekens."),
        "matrix.impact_labels": _l("Vijf labels voor de impact nodig, elk 1 tot %(limit)s tekens."),
        "matrix.not_5_by_5": _l("De matrix heeft 5 x 5 cellen."),
        "matrix.unknown_level": _l("Onbekend niveau in de matrix."),
        "matrix.unknown_appetite": _l("Onbekende risicobereidheid."),
        "matrix.certainty_not_offered": _l("Kies een zekerheid van %(choices)s."),
        "matrix.unknown_convention": _l("Kies een conventie voor het financiële gevolg: %(choices)s."),
        "pc.certainty_not_offered": _l("Kies een zekerheid van %(choices)s."),
        "pc.other_capacity_out_of_range": _l(
            "De benodigde capaciteit van de overige risico's is een heel bedrag in euro's van 0 of meer."
        ),
    }
)

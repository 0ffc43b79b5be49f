"""Words for the rule codes of answers (controls.rules, controls.answers) in the user's language; registered
with app.problems when the answers area is imported."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.problems import register

register(
    {
        "answer.invalid_value": _l("Ongeldige waarde '%(value)s'."),
        "answer.too_long": _l("Te lang: hoogstens %(limit)s tekens."),
        "answer.unknown_risk": _l("Dit risico staat niet in het risicoregister."),
        "answer.reason_required": _l("Geef de reden waarom dit niet van toepassing is."),
        "answer.control_exception_needs_risk": _l(
            "Een beheersmaatregel niet toepassen vraagt een risicoanalyse: verwijs naar het risico "
            "(Uitzonderingen op de VvT)."
        ),
        "answer.not_shared": _l(
            "De leverancier levert deze eis niet als gedeelde dienst: overnemen kan alleen wat de leverancier deelt."
        ),
        "answer.clause_exception_needs_risk": _l(
            "Een clausule van het managementsysteem (ISO 27001) niet toepassen vraagt een risicoanalyse: verwijs "
            "naar het risico (Uitzonderingen op de VvT)."
        ),
        "answer.provider_required": _l("Overnemen kan alleen als de organisatie een leverancier heeft."),
        "answer.implementation_required": _l("Kies de stand van de implementatie."),
        "answer.explanation_required": _l("Leg uit waarom dit (nog) niet volledig geïmplementeerd is."),
        "answer.measure_needs_plan": _l(
            "Een overheidsmaatregel kan niet met risicoacceptatie worden afgedekt: geef een geplande datum."
        ),
        "answer.plan_or_accepted_risk_required": _l(
            "Geef een geplande datum of verwijs naar een tijdelijk geaccepteerd risico."
        ),
        "answer.legal_duty_needs_plan": _l(
            "Een wettelijke plicht (NIS2/Cbw) kan niet met risicoacceptatie worden afgedekt: geef een geplande "
            "datum."
        ),
        "answer.implemented_needs_design": _l(
            "Geïmplementeerd vraagt een opzet die als voldoende is beoordeeld."
        ),
        "answer.existence_before_design": _l("Beoordeel eerst de opzet, dan het bestaan."),
        "answer.operation_before_existence": _l("De werking kan pas na het bestaan worden beoordeeld."),
        "answer.plan_beyond_horizon": _l(
            "De geplande datum ligt verder dan %(years)s jaar vooruit (uiterlijk %(limit)s)."
        ),
        "answer.risk_not_accepted": _l("Dit risico is niet (meer) tijdelijk geaccepteerd."),
        "answer.review_date_required": _l("Geef de datum van de laatste beoordeling."),
        "answer.review_in_future": _l("De datum van beoordeling ligt in de toekomst."),
        "answer.withdrawn": _l(
            "Eis %(requirement)s geldt niet meer; het antwoord blijft bewaard maar kan niet meer worden "
            "gewijzigd."
        ),
        "answer.unknown_requirement": _l("onbekende eis '%(code)s'"),
        "answer.code_missing": _l("kolom Code is leeg"),
        "answer.applicability_missing": _l("Toepasselijkheid is leeg, maar %(columns)s is ingevuld"),
        "answer.cannot_blank": _l("het antwoord is leeg gemaakt; een antwoord kan niet worden gewist"),
    }
)

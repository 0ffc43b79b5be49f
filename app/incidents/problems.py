"""Words for the rule codes of the incident register (incidents.rules, reports.incidents) and the board
training register (incidents.board)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.problems import register

register(
    {
        "incident.title_required": _l("Verplicht."),
        "incident.too_long": _l("Hoogstens %(limit)s tekens."),
        "incident.aware_in_future": _l("Het moment van kennisname ligt in de toekomst."),
        "incident.occurred_after_aware": _l("Het incident kan niet na de kennisname zijn begonnen."),
        "incident.unknown_threshold": _l("Onbekende drempel '%(code)s'."),
        "incident.invalid_value": _l("Ongeldige waarde '%(value)s'."),
        "incident.handled_at_required": _l("Geef het moment waarop het incident is afgehandeld."),
        "incident.handled_at_invalid": _l(
            "Het moment van afhandeling ligt voor de kennisname of in de toekomst."
        ),
        "incident.unknown_link": _l("Onbekende koppeling '%(link)s'."),
        "incident.unknown_reference": _l("'%(reference)s' staat niet in het risicoregister."),
        "incident.sent_in_future": _l("Het moment van verzending ligt in de toekomst."),
        "incident.sent_before_aware": _l("Een bericht kan niet voor de kennisname zijn verstuurd."),
        "incident.unknown_draft": _l("Concept '%(kind)s' bestaat niet."),
        "board.name_required": _l("Verplicht."),
        "board.unknown_member": _l("Deze bestuurder bestaat niet."),
        "board.certificate_before_training": _l("Het certificaat kan niet voor de opleiding zijn behaald."),
        "board.valid_until_before_certificate": _l("De geldigheid eindigt voor het certificaat is behaald."),
        "board.date_in_future": _l("Deze datum ligt in de toekomst."),
    }
)

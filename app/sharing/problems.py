"""The words for the rule codes of shared services (controls.sharing)."""

from flask_babel import lazy_gettext as _l

from app.problems import register

register(
    {
        "sharing.text_required": _l("Geef de tekst die u met de afnemers deelt."),
        "sharing.text_too_long": _l("De gedeelde tekst is langer dan %(limit)s tekens."),
        "sharing.withdrawn": _l("Eis %(requirement)s geldt niet meer en kan niet worden gedeeld."),
        "sharing.not_offered": _l("%(requirement)s wordt niet gedeeld: er is niets in te trekken."),
    }
)

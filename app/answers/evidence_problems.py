"""The words for the rule codes of evidence (controls.evidence): the same on the pages and in `naleving
evidence`."""

from flask_babel import lazy_gettext as _l

from app.problems import register

register(
    {
        "evidence.bad_path": _l("ongeldige opslagnaam"),
        "evidence.type_not_allowed": _l(
            "bestandstype '.%(extension)s' niet toegestaan; toegestaan: %(allowed)s"
        ),
        "evidence.too_large": _l("bestand groter dan %(max_mb)s MB"),
        "evidence.empty": _l("het bestand is leeg"),
        "evidence.content_mismatch": _l("de inhoud past niet bij een .%(extension)s-bestand"),
        "evidence.link_too_long": _l("link te lang: hoogstens %(max)s tekens"),
        "evidence.link_not_https": _l("alleen https-links zijn toegestaan"),
        "evidence.link_credentials": _l("een link mag geen gebruikersnaam of wachtwoord bevatten"),
        "evidence.withdrawn": _l("deze eis geldt niet meer; het bewijs kan niet meer worden gewijzigd"),
        "evidence.not_answered": _l("geef eerst een antwoord; daarna kunt u bewijs toevoegen"),
    }
)

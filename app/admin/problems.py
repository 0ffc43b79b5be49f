"""The words for the rule codes of organisations, users and memberships (core.accounts)."""

from flask_babel import lazy_gettext as _l

from app.problems import register

register(
    {
        "account.invalid_slug": _l(
            "ongeldige slug '%(slug)s': 3-64 tekens, kleine letters, cijfers en streepjes"
        ),
        "account.slug_taken": _l("organisatie '%(slug)s' bestaat al"),
        "account.name_missing": _l("naam van de organisatie ontbreekt"),
        "account.name_length": _l("naam van de organisatie: 1 tot %(max)s tekens"),
        "account.provider_cycle": _l(
            "%(provider)s kan niet de leverancier van %(organisation)s zijn: dat wordt een kring"
        ),
        "account.review_interval": _l("herbeoordeling na %(low)s tot en met %(high)s maanden"),
        "account.plan_horizon": _l("planhorizon %(low)s tot en met %(high)s jaar"),
        "account.password_too_short": _l("wachtwoord te kort: minstens %(min)s tekens"),
        "account.password_personal": _l(
            "dit wachtwoord is (bijna) uw e-mailadres of naam; kies iets wat een ander niet kan raden"
        ),
        "account.password_repetitive": _l(
            "dit wachtwoord herhaalt steeds dezelfde tekens; gebruik er minstens %(min)s verschillende"
        ),
        "account.password_common": _l(
            "dit wachtwoord staat in de lijst van veelgebruikte (uitgelekte) wachtwoorden; kies een ander, "
            "bijvoorbeeld een zin van een paar woorden"
        ),
        "account.invalid_email": _l("ongeldig e-mailadres '%(email)s'"),
        "account.unknown_role": _l("onbekende rol '%(role)s': kies uit %(allowed)s"),
        "account.not_a_member": _l("%(email)s is geen lid van %(organisation)s"),
        "account.last_admin": _l("de laatste beheerder van een organisatie kan niet worden verwijderd"),
        "account.deactivate_self": _l("u kunt uzelf niet deactiveren"),
        "account.last_active_admin": _l("%(email)s is de laatste actieve beheerder van %(organisation)s"),
        "organisation.too_many_mail_domains": _l("hooguit %(max)s maildomeinen"),
        "organisation.invalid_mail_domain": _l("ongeldig maildomein: %(domain)s"),
    }
)

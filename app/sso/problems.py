"""The words for the refusals of single sign-on (core.sso and the token checks of app.sso.client)."""

from flask_babel import lazy_gettext as _l

from app.problems import register

register(
    {
        "sso.email_unverified": _l("de identiteitsprovider gaf geen bevestigd e-mailadres"),
        "sso.domain_not_allowed": _l("aanmelden met een adres van %(domain)s is hier niet toegestaan"),
        "sso.unknown_user": _l(
            "voor %(email)s is hier geen (actief) account; vraag de beheerder om een uitnodiging"
        ),
        "sso.wrong_state": _l(
            "het antwoord van de identiteitsprovider hoort niet bij deze aanmelding (state)"
        ),
        "sso.wrong_audience": _l(
            "het token van de identiteitsprovider is niet voor Naleving bedoeld (audience)"
        ),
        "sso.expired": _l("het token van de identiteitsprovider is verlopen"),
        "sso.replayed": _l("dit token van de identiteitsprovider is al eens gebruikt (nonce)"),
        "sso.invalid_token": _l("het token van de identiteitsprovider is ongeldig"),
        "sso.provider_error": _l("de identiteitsprovider weigerde de aanmelding: %(error)s"),
    }
)

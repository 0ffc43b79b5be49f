"""The OpenID client: Authlib's Flask integration (discovery, state, nonce and PKCE S256 kept in the session),
and the checks of the ID token each refused with its own code. Authlib (with requests, some 16 MB resident) is
loaded by the first sign-in through the provider, not when a web worker starts (docs/performance.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app

from core import clock
from core.errors import RuleError
from core.sso import SsoSettings, parse_group_rules, spend_nonce

NAME = "sso"
EXTENSION = "naleving.oauth"


def register_client(app: Flask) -> None:
    """Check the settings now (a wrong entry stops the start, not a sign-in); the client itself is made by the
    first sign-in (`client`), with the settings the app has then."""
    app.extensions.pop(EXTENSION, None)
    if app.config["OIDC_ISSUER"]:
        parse_group_rules(app.config["OIDC_GROUP_ROLES"])


def _registry(app: Flask) -> Any:
    from authlib.integrations.flask_client import OAuth

    oauth = OAuth(app)
    issuer = app.config["OIDC_ISSUER"]
    oauth.register(
        NAME,
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": "openid email profile groups", "code_challenge_method": "S256"},
        overwrite=True,
    )
    return oauth


def enabled() -> bool:
    return bool(current_app.config["OIDC_ISSUER"])


def client() -> Any:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    registry = app.extensions.get(EXTENSION)
    if registry is None:
        registry = app.extensions.setdefault(EXTENSION, _registry(app))
    return registry.create_client(NAME)


def settings() -> SsoSettings:
    config = current_app.config
    return SsoSettings(
        allowed_domains=tuple(domain.lower() for domain in config["OIDC_ALLOWED_DOMAINS"]),
        create_users=config["OIDC_CREATE_USERS"],
        rules=parse_group_rules(config["OIDC_GROUP_ROLES"]),
    )


def checked_claims(db, parse: Callable[[], dict]) -> dict:
    """The claims of the ID token that `parse` validates (signature, issuer, audience, nonce of this sign-in),
    checked once more against Naleving's own clock, and its nonce spent; RuleError with the reason otherwise."""
    from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
    from joserfc.errors import ExpiredTokenError, InvalidClaimError, JoseError, MissingClaimError

    try:
        claims = dict(parse())
    except MismatchingStateError:
        raise RuleError.one("sso.wrong_state") from None
    except ExpiredTokenError:
        raise RuleError.one("sso.expired") from None
    except (InvalidClaimError, MissingClaimError) as error:
        # another client's token: its audience differs (and authlib asks for the azp a shared token would carry)
        code = "sso.wrong_audience" if "'aud'" in str(error) or "'azp'" in str(error) else "sso.invalid_token"
        raise RuleError.one(code) from None
    except OAuthError as error:
        raise RuleError.one("sso.provider_error", error=error.error or error.description or "") from None
    except (JoseError, ValueError):
        raise RuleError.one("sso.invalid_token") from None
    leeway = current_app.config["OIDC_LEEWAY_SECONDS"]
    if int(claims.get("exp", 0)) + leeway < clock.now().timestamp():
        raise RuleError.one("sso.expired")
    audience = claims.get("aud")
    if current_app.config["OIDC_CLIENT_ID"] not in (audience if isinstance(audience, list) else [audience]):
        raise RuleError.one("sso.wrong_audience")
    if not claims.get("nonce") or not spend_nonce(session=db, nonce=str(claims["nonce"])):
        raise RuleError.one("sso.replayed")
    return claims

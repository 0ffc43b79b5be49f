"""OpenID Connect sign-in (authorization code with PKCE, through Authlib), when NALEVING_OIDC_ISSUER is set."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def init_commands(app: Flask) -> None:
    from app.sso import problems  # noqa: F401 - the words of the sso.* codes


def init_app(app: Flask) -> None:
    from app.sso.client import register_client
    from app.sso.routes import bp

    register_client(app)
    app.register_blueprint(bp)

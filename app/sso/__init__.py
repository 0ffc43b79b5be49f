"""OpenID Connect sign-in (authorization code with PKCE, through Authlib), when NALEVING_OIDC_ISSUER is set."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.sso import problems  # noqa: F401 - the words of the sso.* codes
    from app.sso.client import register_client
    from app.sso.routes import bp

    register_client(app)
    app.register_blueprint(bp)

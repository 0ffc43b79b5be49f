"""Login (password and second factor), logout, the choice of language, the user's own account and sessions,
and accepting invitations."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.auth import account_routes, invitation_routes, problems  # noqa: F401 - routes on bp, words
    from app.auth.routes import bp

    app.register_blueprint(bp)

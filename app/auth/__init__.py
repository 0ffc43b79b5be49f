"""Login (password and second factor), logout, the choice of language, the user's own account and sessions,
and accepting invitations."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def init_commands(app: Flask) -> None:
    from app.auth import problems  # noqa: F401 - the words of the sign-in's rule codes


def init_app(app: Flask) -> None:
    from app.auth import account_routes, invitation_routes  # noqa: F401 - routes on bp
    from app.auth.routes import bp

    app.register_blueprint(bp)

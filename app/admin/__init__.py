"""Administration: members and roles, organisation settings, the audit log; `naleving user` and `naleving org`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.command_index import AreaCommand

if TYPE_CHECKING:
    from flask import Flask

COMMANDS = (
    AreaCommand("user", "app.admin.commands:user", "Gebruikers beheren."),
    AreaCommand("org", "app.admin.commands:org", "Organisaties beheren."),
)


def init_commands(app: Flask) -> None:
    from app.admin import problems  # noqa: F401 - registers the words of core.accounts' rule codes


def init_app(app: Flask) -> None:
    from app.admin import sign_in_routes  # noqa: F401 - its view is on the admin blueprint
    from app.admin.routes import bp

    app.register_blueprint(bp)

"""The JSON API (/api/v1/): personal access tokens, the OpenAPI document and its page, and one module per area
with that area's resources (docs/api.md, "Adding a resource")."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from app.command_index import AreaCommand

if TYPE_CHECKING:
    from flask import Flask

# The modules with the resources, in the order of the document. An area adds its module here.
RESOURCE_MODULES = (
    "organisations",
    "catalogue",
    "answers",
    "evidence",
    "statement",
    "risks",
    "scope",
    "suppliers",
    "scope_links",
    "plan",
    "findings",
    "pc",
    "weerstand",
    "reports",
    "schedules",
    "incidents",
    "incident_messages",
    "board",
    "audit",
    "oscal",
    "together",
    "public",
)


COMMANDS = (AreaCommand("token", "app.api.commands:token", "Persoonlijke toegangstokens voor de API."),)


def init_commands(app: Flask) -> None:
    from app.api import problems  # noqa: F401 - the words of token.*


def init_app(app: Flask) -> None:
    from app.api import account, limits
    from app.api.base import bp
    from app.api.docs import docs
    from app.forms import csrf

    for name in RESOURCE_MODULES:
        import_module(f"app.api.{name}")
    # Only tokens authenticate the API (app/api/auth.py); a request without one is refused with 401 before
    # anything changes, so the CSRF check, which protects cookie sessions, has nothing to protect here.
    csrf.exempt(bp)
    limits.init_app(app)
    app.register_blueprint(bp)
    app.register_blueprint(docs)
    app.register_blueprint(account.bp)

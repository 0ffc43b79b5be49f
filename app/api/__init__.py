"""The JSON API (/api/v1/): personal access tokens, the OpenAPI document and its page, and one module per area
with that area's resources (docs/api.md, "Adding a resource")."""

from __future__ import annotations

from importlib import import_module

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


def init_app(app: Flask) -> None:
    from app.api import account, commands, limits, problems  # noqa: F401 - problems words token.*
    from app.api.base import bp
    from app.api.docs import docs
    from app.forms import csrf

    app.cli.add_command(commands.token)
    if not app.extensions.get("naleving.serves_api", True):
        return
    for name in RESOURCE_MODULES:
        import_module(f"app.api.{name}")
    # Only tokens authenticate the API (app/api/auth.py); a request without one is refused with 401 before
    # anything changes, so the CSRF check, which protects cookie sessions, has nothing to protect here.
    csrf.exempt(bp)
    limits.init_app(app)
    app.register_blueprint(bp)
    app.register_blueprint(docs)
    app.register_blueprint(account.bp)

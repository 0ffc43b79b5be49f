"""Shared services: the provider's pages and `naleving shared` to offer requirements, with the text it shares,
to the organisations it serves (inheritance by consent, controls.sharing)."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.sharing import problems  # noqa: F401 - registers the area's problem words
    from app.sharing.commands import shared
    from app.sharing.routes import bp

    app.register_blueprint(bp)
    app.cli.add_command(shared)

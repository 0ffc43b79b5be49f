"""The scope area of the web app: processes and systems, quickscans, suppliers, the scope statement, the
dashboard panel and `naleving systems`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.command_index import AreaCommand

if TYPE_CHECKING:
    from flask import Flask

COMMANDS = (
    AreaCommand(
        "systems",
        "app.scope.commands:systems",
        "Het scoperegister: processen, informatiesystemen en leveranciers.",
    ),
)


def init_commands(app: Flask) -> None:
    from app.scope import problems  # noqa: F401 - registers the words of the scope's rule codes


def init_app(app: Flask) -> None:
    """Register the scope pages and the dashboard panel."""
    from app.scope import dashboard  # noqa: F401 - registers the dashboard panel
    from app.scope.exception_routes import bp as exceptions_bp
    from app.scope.quickscan_routes import bp as quickscan_bp
    from app.scope.routes import bp
    from app.scope.statement_routes import bp as statement_bp
    from app.scope.supplier_routes import bp as suppliers_bp

    for blueprint in (bp, quickscan_bp, suppliers_bp, statement_bp, exceptions_bp):
        app.register_blueprint(blueprint)

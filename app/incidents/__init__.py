"""The incident register (Cbw meldplicht) and the board training register: pages, dashboard panel, the
reminder job and `naleving incidents`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.command_index import AreaCommand

if TYPE_CHECKING:
    from flask import Flask

COMMANDS = (
    AreaCommand("incidents", "app.incidents.commands:incidents", "Het incidentregister (meldplicht Cbw)."),
)


def init_commands(app: Flask) -> None:
    from app.incidents import problems  # noqa: F401 - registers the words of the area's rule codes


def init_app(app: Flask) -> None:
    """Register the pages."""
    from app.incidents.board_routes import bp as board_bp
    from app.incidents.routes import bp

    app.register_blueprint(bp)
    app.register_blueprint(board_bp)

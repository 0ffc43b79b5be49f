"""The risk area of the web app: register, heatmaps, matrix settings, P&C moments, Excel, dashboard panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.command_index import AreaCommand

if TYPE_CHECKING:
    from flask import Flask

COMMANDS = (
    AreaCommand("risks", "app.risks.commands:risks", "Het risicoregister en de P&C-cyclus."),
    AreaCommand("risks pc-figures", "app.risks.pc_commands:figures_command"),
    AreaCommand("risks pc-show", "app.risks.pc_commands:show_command"),
    AreaCommand("risks risk-table", "app.risks.pc_commands:risk_table_command"),
    AreaCommand("risks convention", "app.risks.pc_commands:convention_command"),
)


def init_commands(app: Flask) -> None:
    from app.risks import problems  # noqa: F401 - registers the words of the risk register's rule codes


def init_app(app: Flask) -> None:
    """Register the register's and the P&C cycle's pages."""
    from app.risks.pc_routes import bp as pc_bp
    from app.risks.routes import bp

    app.register_blueprint(bp)
    app.register_blueprint(pc_bp)

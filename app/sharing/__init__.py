"""Shared services: the provider's pages and `naleving shared` to offer requirements, with the text it shares,
to the organisations it serves (inheritance by consent, controls.sharing)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.command_index import AreaCommand

if TYPE_CHECKING:
    from flask import Flask

COMMANDS = (
    AreaCommand(
        "shared",
        "app.sharing.commands:shared",
        "Gedeelde diensten: de eisen die een leverancier uitvoert voor de organisaties die het bedient.",
    ),
)


def init_commands(app: Flask) -> None:
    from app.sharing import problems  # noqa: F401 - registers the area's problem words


def init_app(app: Flask) -> None:
    from app.sharing.routes import bp

    app.register_blueprint(bp)

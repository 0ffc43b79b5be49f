"""The catalogue of requirements: browsing, full texts per organisation, upgrades; `naleving catalogue`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.command_index import AreaCommand

if TYPE_CHECKING:
    from flask import Flask

COMMANDS = (
    AreaCommand(
        "catalogue",
        "app.catalogue.commands:catalogue",
        "De catalogus van eisen (BIO2, NIS2) controleren en laden.",
    ),
)


def init_commands(app: Flask) -> None:
    from app.catalogue import problems  # noqa: F401 - registers the words of the catalogue files' problems


def init_app(app: Flask) -> None:
    from app.catalogue.routes import bp

    app.register_blueprint(bp)

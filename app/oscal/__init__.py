"""OSCAL: `naleving oscal export` writes the catalogue, an organisation's answers (system security plan) or its
assessments (assessment results) as OSCAL 1.1 JSON; `naleving oscal import` loads an OSCAL catalog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.command_index import AreaCommand

if TYPE_CHECKING:
    from flask import Flask

COMMANDS = (
    AreaCommand(
        "oscal",
        "app.oscal.commands:oscal",
        "OSCAL 1.1 (JSON): de catalogus, de antwoorden en de beoordelingen uitwisselen.",
    ),
)


def init_commands(app: Flask) -> None:
    from app.oscal import problems  # noqa: F401 - registers the words of the OSCAL problems

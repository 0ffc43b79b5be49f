"""Comply-or-explain answers, evidence, the Statement of Applicability and the Excel round trip."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.command_index import AreaCommand

if TYPE_CHECKING:
    from flask import Flask

COMMANDS = (
    AreaCommand(
        "answers",
        "app.answers.commands:answers",
        "Antwoorden (pas toe of leg uit) uitwisselen als Excel-bestand.",
    ),
    AreaCommand(
        "evidence",
        "app.answers.evidence_commands:evidence",
        "Bewijsstukken bij antwoorden toevoegen, tonen en verwijderen.",
    ),
)


def init_commands(app: Flask) -> None:
    from app.answers import evidence_problems, problems  # noqa: F401 - register the words of the rule codes


def init_app(app: Flask) -> None:
    """Register the answer pages (evidence and Excel views join the same blueprint) and the dashboard and
    requirement panels."""
    from app.answers import evidence_routes, excel_routes, panels  # noqa: F401 - on import
    from app.answers.routes import bp

    app.register_blueprint(bp)

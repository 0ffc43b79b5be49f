"""The reports area of the web app: generate, archive, download, verify; schedules and the scheduler."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.command_index import AreaCommand

if TYPE_CHECKING:
    from flask import Flask

COMMANDS = (
    AreaCommand(
        "report",
        "app.reports.commands:report",
        "Rapporten: 'naleving report KIND --org SLUG --out FILE' maakt er een (KIND: soa, risks, pc, management, "
        "ensia, college, in-control); 'naleving report verify FILE' controleert of een bestand een gearchiveerd "
        "rapport is.",
    ),
    AreaCommand(
        "schedule",
        "app.reports.schedule_commands:schedule",
        "Rapporten op een planning: tonen, toevoegen, wijzigen, aan- en uitzetten, runs tonen.",
    ),
    AreaCommand(
        "scheduler",
        "app.reports.commands:scheduler",
        "Draai de planner op de voorgrond (productie: één proces naast de webservers).",
    ),
    AreaCommand(
        "ensia",
        "app.reports.ensia_commands:ensia",
        "ENSIA per jaar: welke bijlagen van de collegeverklaring gelden, met de kenmerken.",
    ),
)


def init_commands(app: Flask) -> None:
    """The words of the rule codes and the certificate that signs the archived PDFs."""
    from app.reports import problems  # noqa: F401 - registers the words of the rule codes
    from app.reports.signing import configure_signing

    configure_signing(app)


def init_app(app: Flask) -> None:
    """Register the archive's and the schedules' pages and the scheduler of the web process."""
    from app.reports import scheduler
    from app.reports.ensia_routes import bp as ensia_bp
    from app.reports.routes import bp
    from app.reports.schedule_routes import bp as schedules_bp

    app.register_blueprint(bp)
    app.register_blueprint(ensia_bp)
    app.register_blueprint(schedules_bp)
    scheduler.init_app(app)

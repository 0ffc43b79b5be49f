"""The reports area of the web app: generate, archive, download, verify; schedules and the scheduler."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the archive's and the schedules' pages, the scheduler of the web process, the signing
    certificate, and `naleving report`, `naleving schedule`, `naleving scheduler` and `naleving ensia`."""
    from app.reports import problems, scheduler  # noqa: F401 - problems registers the words of the rule codes
    from app.reports.commands import report
    from app.reports.commands import scheduler as scheduler_command
    from app.reports.ensia_commands import ensia
    from app.reports.ensia_routes import bp as ensia_bp
    from app.reports.routes import bp
    from app.reports.schedule_commands import schedule
    from app.reports.schedule_routes import bp as schedules_bp
    from app.reports.signing import configure_signing

    app.register_blueprint(bp)
    app.register_blueprint(ensia_bp)
    app.register_blueprint(schedules_bp)
    scheduler.init_app(app)
    configure_signing(app)
    for command in (report, schedule, scheduler_command, ensia):
        app.cli.add_command(command)

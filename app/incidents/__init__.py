"""The incident register (Cbw meldplicht) and the board training register: pages, dashboard panel, the
reminder job and `naleving incidents`."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the pages and `naleving incidents`."""
    from app.incidents.board_routes import bp as board_bp
    from app.incidents.commands import incidents
    from app.incidents.routes import bp

    app.register_blueprint(bp)
    app.register_blueprint(board_bp)
    app.cli.add_command(incidents)

"""The risk area of the web app: register, heatmaps, matrix settings, P&C moments, Excel, dashboard panel."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the register's and the P&C cycle's pages and `naleving risks`."""
    from app.risks.commands import risks
    from app.risks.pc_commands import register_pc_commands
    from app.risks.pc_routes import bp as pc_bp
    from app.risks.routes import bp

    app.register_blueprint(bp)
    app.register_blueprint(pc_bp)
    register_pc_commands(risks)
    app.cli.add_command(risks)

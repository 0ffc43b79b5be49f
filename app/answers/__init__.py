"""Comply-or-explain answers, evidence, the Statement of Applicability and the Excel round trip."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the answer pages (evidence and Excel views join the same blueprint), the dashboard and
    requirement panels, and `naleving answers` and `naleving evidence`."""
    from app.answers import evidence_problems, evidence_routes, excel_routes, panels  # noqa: F401 - on import
    from app.answers.commands import answers
    from app.answers.evidence_commands import evidence
    from app.answers.routes import bp

    app.register_blueprint(bp)
    app.cli.add_command(answers)
    app.cli.add_command(evidence)

"""OSCAL: `naleving oscal export` writes the catalogue, an organisation's answers (system security plan) or its
assessments (assessment results) as OSCAL 1.1 JSON; `naleving oscal import` loads an OSCAL catalog."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.oscal import problems  # noqa: F401 - registers the words of the OSCAL problems
    from app.oscal.commands import oscal

    app.cli.add_command(oscal)

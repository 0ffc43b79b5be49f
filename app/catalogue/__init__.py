"""The catalogue of requirements: browsing, full texts per organisation, upgrades; `naleving catalogue`."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.catalogue import problems  # noqa: F401 - registers the words of the catalogue files' problems
    from app.catalogue.commands import catalogue
    from app.catalogue.routes import bp

    app.register_blueprint(bp)
    app.cli.add_command(catalogue)

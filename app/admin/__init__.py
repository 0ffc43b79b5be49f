"""Administration: members and roles, organisation settings, the audit log; `naleving user` and `naleving org`."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.admin import (
        problems,  # noqa: F401 - registers the words of core.accounts' rule codes
        sign_in_routes,  # noqa: F401 - its view is on the admin blueprint
    )
    from app.admin.commands import org, user
    from app.admin.routes import bp

    app.register_blueprint(bp)
    app.cli.add_command(user)
    app.cli.add_command(org)

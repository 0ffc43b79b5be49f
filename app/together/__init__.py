"""Working together: the regional view over the organisations a user serves, copying answers between the
organisations of one CISO (plan.copying), and what a provider's receivers see of its changes
(controls.receivers): the dashboard panel, the pages of answers resting on the provider, and `naleving answers
copy`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.command_index import AreaCommand

if TYPE_CHECKING:
    from flask import Flask

COMMANDS = (AreaCommand("answers copy", "app.together.commands:copy_command"),)


def init_commands(app: Flask) -> None:
    from app.together import problems  # noqa: F401 - the area's problem words


def init_app(app: Flask) -> None:
    from app.together import panels  # noqa: F401 - the dashboard panel
    from app.together.routes import bp

    app.register_blueprint(bp)

"""Working together: the regional view over the organisations a user serves, copying answers between the
organisations of one CISO (plan.copying), and what a provider's receivers see of its changes
(controls.receivers): the dashboard panel and the pages of answers resting on the provider."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.answers.commands import answers
    from app.together import panels, problems  # noqa: F401 - the dashboard panel, the area's problem words
    from app.together.commands import copy_command
    from app.together.routes import bp

    app.register_blueprint(bp)
    answers.add_command(copy_command)

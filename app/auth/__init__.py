"""Login, logout, the choice of language and the user's own password."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.auth.routes import bp

    app.register_blueprint(bp)

"""The start pages: the choice of organisation and its dashboard, to which other areas add panels."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def init_app(app: Flask) -> None:
    from app.main.routes import bp

    app.register_blueprint(bp)

"""The public VvT: what an organisation that opted in publishes (reports/publication.py), without login, at
/publiek/<slug>/ (page and PDF) and /api/v1/public/<slug>/vvt (app/api/public.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def init_app(app: Flask) -> None:
    from app.public.routes import bp

    app.register_blueprint(bp)

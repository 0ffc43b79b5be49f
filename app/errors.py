"""Error pages in the house style."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.api.errors import for_unrouted, is_api_request


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_template("errors/error.html", code=400, reason="csrf"), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if is_api_request():  # an /api/ address no route matched (404, 405): problem details, not a page
            return for_unrouted(error)
        return render_template("errors/error.html", code=error.code, reason=None), error.code

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        app.logger.exception("unhandled error on %s", request.path)
        return render_template("errors/error.html", code=500, reason=None), 500

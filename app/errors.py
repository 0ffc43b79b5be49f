"""Error pages in the house style; they render after a database error too (the failed session is closed first)
and a database that cannot be reached is a 503."""

from __future__ import annotations

from contextlib import suppress
from types import SimpleNamespace

from flask import Flask, g, render_template, request
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy import inspect
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.api.errors import for_unrouted, is_api_request
from app.db import get_session


def database_unreachable(error: BaseException) -> bool:
    """A lost or refused connection, a locked SQLite file: try again later (503), not a fault of the page."""
    return isinstance(error, OperationalError | InterfaceError) or (
        isinstance(error, DBAPIError) and error.connection_invalidated
    )


def forget_database_state() -> None:
    """Close the request's session (rolling back a failed transaction) and keep of the organisation and the
    user only what the page shows. A failed flush expires what was loaded: then they are read again in a new
    session; when that fails too (the database is down), the page goes without them."""
    session = g.pop("db_session", None)
    if session is not None:
        with suppress(SQLAlchemyError):
            session.close()
    organisation = _readable(g.get("organisation"), lambda o: SimpleNamespace(name=o.name, slug=o.slug))
    if organisation is None:
        g.role = None
    g.organisation = organisation
    user = g.get("_login_user")
    if user is not None and user.is_authenticated:
        user = _readable(user, lambda u: u if u.email and u.locale is not None else None)
    g._login_user = user or AnonymousUserMixin()  # Flask-Login's place for the request's user: no look-up


def _readable(row, shown):
    """shown(row) from what is loaded, else from the row read again; None when neither works."""
    if row is None:
        return None
    try:
        return shown(row)
    except SQLAlchemyError:
        pass
    try:
        identity = inspect(row).identity
        again = get_session().get(type(row), identity) if identity else None
        return shown(again) if again is not None else None
    except SQLAlchemyError:
        forget = g.pop("db_session", None)
        if forget is not None:
            forget.close()
        return None


def error_page(code: int, reason: str | None = None):
    try:
        return render_template("errors/error.html", code=code, reason=reason), code
    except Exception:  # noqa: BLE001 - the page itself failed: a plain one, never the server's bare page
        forget_database_state()
        g.organisation = None
        text = "De dienst is tijdelijk niet beschikbaar." if code == 503 else "Er ging iets mis."
        return f"<!doctype html><title>{code}</title><h1>{escape(text)}</h1><p>{code}</p>", code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return error_page(400, "csrf")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if is_api_request():  # an /api/ address no route matched (404, 405): problem details, not a page
            return for_unrouted(error)
        return error_page(error.code or 500)

    @app.errorhandler(SQLAlchemyError)
    def database_error(error: SQLAlchemyError):
        forget_database_state()
        if database_unreachable(error):
            app.logger.error("database unreachable on %s: %s", request.path, str(error).splitlines()[0])
            return error_page(503)
        app.logger.exception("database error on %s", request.path)
        return error_page(500)

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        app.logger.exception("unhandled error on %s", request.path)
        forget_database_state()
        return error_page(500)

"""What an address may hold: ids within the database's range, page numbers within reason, and no control
characters anywhere in the path or the query string. Everything else is refused before a view or the database
sees it (a 404 for an address that cannot name anything, a 400 for a query string with control characters)."""

from __future__ import annotations

from flask import Flask, abort, render_template, request
from werkzeug.routing import IntegerConverter

from core.ranges import MAX_ID
from core.text import control_character

MAX_PAGE = 100_000  # more pages than any list here has; beyond it the offset alone would be absurd


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: a positive whole number up to MAX_ID; anything else does not match (404)."""

    def __init__(self, map, fixed_digits=0, min=1, max=MAX_ID, signed=False) -> None:  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def id_or_404(raw: str) -> int:
    """An id given as text (a query-string value): a whole number from 1 to MAX_ID, else 404."""
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_ID:
        abort(404)
    return int(raw)


def page_number(name: str = "pagina") -> int:
    """The page asked for in the query string (1 when absent); 404 for text, 0, a negative or an absurd one."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return 1
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        abort(404)
    return int(raw)


def _refuse_control_characters():
    if control_character(request.path) is not None:
        abort(404)
    for key, value in request.args.items(multi=True):
        if control_character(key) is not None or control_character(value) is not None:
            if request.path.startswith("/api/"):
                abort(400)  # the API's error handler answers with problem details
            return render_template("errors/error.html", code=400, reason="input"), 400
    return None


def init_app(app: Flask) -> None:
    """Before any route is added: the id converter replaces Werkzeug's unbounded `int`."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(_refuse_control_characters)

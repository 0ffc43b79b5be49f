"""Every error of the API as problem details (RFC 9457, application/problem+json), worded like the pages:
a broken rule lists its problems with the same sentences (`app.problems`), in the Accept-Language language."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from http import HTTPStatus

from flask import Response, current_app, json, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, Field
from werkzeug.exceptions import HTTPException

from app.problems import word
from core.errors import Problem, RuleError

MEDIA_TYPE = "application/problem+json"
RULE_BROKEN = "urn:naleving:problem:rule-broken"
STALE = "urn:naleving:problem:stale"

# The title of each status the API answers with, in the user's language; others get HTTP's own phrase.
TITLES = {
    400: _l("Het verzoek is onjuist."),
    401: _l("Geen geldig token: stuur een persoonlijk toegangstoken als 'Authorization: Bearer …'."),
    403: _l("Dit mag u met dit token niet."),
    404: _l("Niet gevonden."),
    405: _l("Deze methode kan hier niet."),
    406: _l("Dit formaat kan niet worden geleverd."),
    409: _l("Dat bestaat al."),
    412: _l("Gewijzigd sinds het werd opgehaald: haal het opnieuw op en probeer het nog eens."),
    413: _l("Het bestand is te groot."),
    415: _l("Dit soort inhoud wordt hier niet aangenomen."),
    422: _l("De invoer klopt niet."),
    428: _l("Stuur If-Match met de ETag van wat u wijzigt."),
    429: _l("Te veel verzoeken met dit token; probeer het later opnieuw."),
    500: _l("Er ging iets mis aan onze kant."),
}


class ProblemLine(BaseModel):
    """One broken rule or invalid input: its code (`answer.reason_required`), the field it is about, and the
    sentence the pages show for it."""

    code: str
    field: str = ""
    ref: str = ""
    message: str


class ProblemDetails(BaseModel):
    """RFC 9457 problem details, with the broken rules as `problems`."""

    type: str = Field("about:blank", description="about:blank, or a URN naming the kind of problem")
    title: str
    status: int
    detail: str = ""
    instance: str = ""
    problems: list[ProblemLine] = Field(default_factory=list)


class ApiProblem(Exception):
    """Raised by the API's views and guards: answered as problem details with this status."""

    def __init__(
        self,
        status: int,
        detail: str = "",
        *,
        type: str = "about:blank",
        problems: Iterable[ProblemLine] = (),
        headers: Mapping[str, str] | None = None,
    ):
        super().__init__(detail or str(status))
        self.status = status
        self.detail = detail
        self.type = type
        self.problems = list(problems)
        self.headers = dict(headers or {})


def title_of(status: int) -> str:
    title = TITLES.get(status)
    if title is not None:
        return str(title)
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return str(status)


def problem_response(error: ApiProblem) -> Response:
    body = ProblemDetails(
        type=error.type,
        title=title_of(error.status),
        status=error.status,
        detail=error.detail,
        instance=request.path,
        problems=error.problems,
    )
    response = current_app.response_class(
        json.dumps(body.model_dump(), ensure_ascii=False), status=error.status, mimetype=MEDIA_TYPE
    )
    response.headers.update(error.headers)
    response.headers["Content-Language"] = _current_language()
    return response


def _current_language() -> str:
    from app.i18n import current_locale

    return current_locale()


def lines_of(problems: Iterable[Problem]) -> list[ProblemLine]:
    return [ProblemLine(code=p.code, field=p.field, ref=p.ref, message=word(p)) for p in problems]


def rule_broken(error: RuleError, status: int = 422) -> ApiProblem:
    lines = lines_of(error.problems)
    return ApiProblem(status, "; ".join(line.message for line in lines), type=RULE_BROKEN, problems=lines)


def stale(detail: str = "") -> ApiProblem:
    return ApiProblem(412, detail, type=STALE)


def from_http_error(error: HTTPException) -> ApiProblem:
    """A werkzeug error (404 of an unknown address, 405, 413, a 429 of the rate limit) as a problem."""
    status = error.code or 500
    headers = {}
    if status == 405 and error.get_headers():
        headers = {k: v for k, v in error.get_headers() if k == "Allow"}
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="naleving"'
    return ApiProblem(status, "", headers=headers)


def invalid_input(errors: list[dict]) -> ApiProblem:
    """Input that does not fit the schema (pydantic's errors), one line per field."""
    lines = [
        ProblemLine(
            code="input." + str(item.get("type", "invalid")),
            field=".".join(str(part) for part in item.get("loc", ()) if part not in ("body", "query")),
            message=str(item.get("msg", "")),
        )
        for item in errors
    ]
    return ApiProblem(422, _("Controleer de gemarkeerde velden."), problems=lines)

"""The OpenAPI 3.1 document of /api/v1/, derived by spectree from the pydantic types of each resource.

Spectree fits the house: it decorates plain Flask views on a blueprint (no app subclass, so `create_app` and
the areas stay as they are), validates query and body against the same pydantic models it documents, and
leaves errors to us (a validation error becomes problem details here). The document it generates is completed
below with what it cannot know: problem details as application/problem+json, the ETag and If-Match headers,
the token scheme and the responses every guarded route can give."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from spectree import Response, SecurityScheme, SpecTree
from spectree.models import SecuritySchemeData

from app.api.problem import MEDIA_TYPE, ApiProblem, ProblemDetails, invalid_input

DESCRIPTION = (
    "The JSON API of Naleving. Authenticate with a personal access token (account page, or `naleving token "
    "create`) as `Authorization: Bearer nlv_…`. Lists are paged (`page`, `per_page`; the answer has `total` "
    "and `next`); every resource has an ETag and a change needs `If-Match`; errors are problem details "
    "(RFC 9457) in the language of Accept-Language. See docs/api.md."
)


def _invalid_input(req, resp, req_validation_error, instance, model_adapter) -> None:
    """Spectree's hook before the view: a request that does not fit the schema is answered as a problem, and
    so is a body of another media type than the route takes (spectree then validates nothing: 415)."""
    if req_validation_error is not None:
        raise invalid_input(model_adapter.validation_errors(req_validation_error))
    metadata = spec.get_function_metadata(current_app.view_functions[req.endpoint])
    context = getattr(req, "context", None)
    if metadata is None or context is None:
        return
    if (metadata.json and context.json is None) or (metadata.form and context.form is None):
        raise ApiProblem(415, _("Stuur %(media)s.", media="multipart/form-data" if metadata.form else "JSON"))


spec = SpecTree(
    "flask",
    mode="strict",
    # Spectree leaves the routes under `path` out of the document: the document's own address.
    path="api/v1/openapi.json",
    page_templates={},
    title="Naleving API",
    version="1",
    description=DESCRIPTION,
    openapi_version="3.1.0",
    security_schemes=[
        SecurityScheme(
            name="token", data=SecuritySchemeData(type="http", scheme="bearer", bearer_format="nlv_…")
        )
    ],
    security={"token": []},
    before=_invalid_input,
    validation_error_model=ProblemDetails,
)

# The errors a guarded route can answer with, besides its own.
COMMON_ERRORS = (400, 401, 403, 404, 429)  # 400: a control character in the query string (app/urls.py)
CHANGE_ERRORS = (412, 428)


def responses(
    ok: Any = None, *, status: int = 200, errors: tuple[int, ...] = (), accepted: Any = None
) -> Response:
    """The documented responses of a route: its success model and the problems it may give (`accepted`: the
    model of a 202, a change proposed for approval instead of made)."""
    codes: dict[str, Any] = {f"HTTP_{status}": ok}
    if accepted is not None:
        codes["HTTP_202"] = accepted
    for code in (*COMMON_ERRORS, *errors):
        codes[f"HTTP_{code}"] = ProblemDetails
    return Response(**codes)


ETAG_HEADER = {"ETag": {"description": "the resource's version, for If-Match", "schema": {"type": "string"}}}
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": True,
    "description": "the ETag of the version being changed (412 when it is not the current one)",
    "schema": {"type": "string"},
}


# Operations whose success is a file, not JSON: operation id -> its media types.
BINARY_RESPONSES: dict[str, tuple[str, ...]] = {}


def binary_response(operation_id: str, *media_types: str) -> str:
    """Document an operation's 200 as a file of these types; returns the operation id (for spec.validate)."""
    BINARY_RESPONSES[operation_id] = media_types
    return operation_id


def openapi_document() -> dict[str, Any]:
    """The generated document, completed (a copy: spectree caches its own)."""
    document = deepcopy(spec.spec)
    for path_item in document["paths"].values():
        for method, operation in path_item.items():
            _complete(method, operation)
    return document


def _complete(method: str, operation: dict[str, Any]) -> None:
    responses = operation["responses"]
    if "requestBody" in operation and "415" not in responses:  # a body of another media type
        responses["415"] = {**deepcopy(responses["422"]), "description": "Unsupported Media Type"}
    for code, response in operation["responses"].items():
        content = response.get("content", {})
        if int(code) >= 400 and "application/json" in content:
            content[MEDIA_TYPE] = content.pop("application/json")
        elif int(code) < 300 and method in ("get", "put", "post"):
            response.setdefault("headers", {}).update(ETAG_HEADER)
    binary = BINARY_RESPONSES.get(operation["operationId"])
    if binary:
        operation["responses"]["200"]["content"] = {
            media: {"schema": {"type": "string", "format": "binary"}} for media in binary
        }
    if method in ("put", "delete"):
        operation.setdefault("parameters", []).append(IF_MATCH)

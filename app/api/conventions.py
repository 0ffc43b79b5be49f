"""The conventions every resource of the API follows, in one place: times with their offset, paging with a
total and a next link, ETags and If-Match."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Annotated, Any, TypeVar

from flask import Response, current_app, request, url_for
from flask_babel import gettext as _
from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema, field_validator

from app.api.problem import ApiProblem, stale
from core.clock import to_local

DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 500


def _iso_local(moment: datetime) -> str:
    """A stored moment (UTC; SQLite hands it back without its zone) in Amsterdam time, with its offset."""
    return to_local(moment).isoformat()


# A moment in ISO 8601 with its UTC offset: 2026-03-05T09:33:00+01:00.
Moment = Annotated[
    datetime,
    PlainSerializer(_iso_local, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
Day = date


class ApiModel(BaseModel):
    """The base of every body the API sends or takes: snake_case fields, no unknown fields in input."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)


class ApiInput(ApiModel):
    """The base of what the API takes (query and body): also no NUL character in any text (PostgreSQL cannot
    store one; refused as invalid input instead)."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and "\x00" in text for text in texts):
            raise ValueError("text with a NUL character")
        return value


class PageQuery(ApiInput):
    page: int = Field(1, ge=1, le=1_000_000, description="page number, from 1")
    per_page: int = Field(DEFAULT_PER_PAGE, ge=1, le=MAX_PER_PAGE, description="items per page")


class Page(ApiModel):
    """A page of a list: `total` items in all, `next` the address of the next page (null on the last)."""

    total: int
    page: int
    per_page: int
    next: str | None = None


T = TypeVar("T")
P = TypeVar("P", bound=Page)


def paged(page_model: type[P], items: Sequence[T], query: PageQuery, item: Callable[[T], Any]) -> P:
    """One page of `items` (all of them, filtered and in order), each converted by `item`."""
    start = (query.page - 1) * query.per_page
    chosen = items[start : start + query.per_page]
    return page_of(page_model, len(items), query, [item(entry) for entry in chosen])


def page_of(page_model: type[P], total: int, query: PageQuery, items: list[Any]) -> P:
    """A page of a list of `total` items whose page the database chose: `next` repeats the request's
    filters with the following page number."""
    following = _next_link(total, query)
    return page_model(total=total, page=query.page, per_page=query.per_page, next=following, items=items)


def _next_link(total: int, query: PageQuery) -> str | None:
    if query.page * query.per_page >= total:
        return None
    args = {**request.args.to_dict(), "page": query.page + 1, "per_page": query.per_page}
    return url_for(request.endpoint or "", **(request.view_args or {}), **args, _external=True)


def paged_json(items: Sequence[T], query: PageQuery, item: Callable[[T], dict[str, Any]]) -> Response:
    """`paged` for a long list, as JSON made here: each item a plain dict in its model's field order, with
    JSON-ready values (`moment` for a Moment, `day` for a date). Spectree validates the whole body against the
    route's page model in one pass (a body as bytes is checked, not trusted), instead of a model built and
    validated per item."""
    start = (query.page - 1) * query.per_page
    chosen = items[start : start + query.per_page]
    body = {
        "total": len(items),
        "page": query.page,
        "per_page": query.per_page,
        "next": _next_link(len(items), query),
        "items": [item(entry) for entry in chosen],
    }
    return current_app.response_class(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")), mimetype="application/json"
    )


def moment(value: datetime) -> str:
    """A Moment's JSON text."""
    return _iso_local(value)


def day(value: date | None) -> str | None:
    """A date's JSON text."""
    return value.isoformat() if value is not None else None


# --- ETags

ETAG = re.compile(r'^(?:W/)?"([^"]*)"$')


def etag(kind: str, ident: object, revision: int) -> str:
    """The strong ETag of a resource's revision, as sent in the header: "answer-5.01.01-3"."""
    return f'"{kind}-{ident}-{revision}"'


def etag_header(tag: str) -> dict[str, str]:
    return {"ETag": tag}


def resource_headers(tag: str | None, status: int, endpoint: str, **values: object) -> dict[str, str]:
    """The headers of a resource's answer: its ETag (when it has one) and, when the request made it (201) or
    holds it for approval (202), where it lives."""
    headers = etag_header(tag) if tag else {}
    if status in (201, 202):
        headers["Location"] = url_for(endpoint, _external=True, **values)
    return headers


def required_revision(kind: str, ident: object, current: int) -> int:
    """The revision the client's If-Match names, to pass to the domain as the base of its change: 428 without
    If-Match, 412 when it names another revision than the current one (a lost update refused here already;
    the domain refuses it again if another change lands in between)."""
    header = request.headers.get("If-Match")
    if header is None:
        raise ApiProblem(428, _("Stuur If-Match met de ETag van wat u wijzigt."))
    if header.strip() == "*":
        return current
    wanted = etag(kind, ident, current)
    sent = [part.strip() for part in header.split(",")]
    if wanted not in sent:
        raise stale(_("De ETag in If-Match is niet die van de huidige versie (%(etag)s).", etag=wanted))
    return current

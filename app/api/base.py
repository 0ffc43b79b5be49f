"""The blueprint every resource of /api/v1/ is routed on, and what all its responses share: an ETag on every
successful GET (a weak one over the body where the resource has no revision of its own) with If-None-Match
answered by 304, and no caching by shared caches."""

from __future__ import annotations

from flask import Blueprint, request

from app.api import errors
from app.api.limits import api_rate_limit, limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")
errors.register(bp)
limiter.limit(api_rate_limit)(bp)  # per token (app/api/limits.py)


@bp.after_request
def conditional(response):
    if request.method == "GET" and response.status_code == 200:
        if "ETag" not in response.headers:
            response.add_etag(weak=True)
        response.make_conditional(request)
    response.headers.setdefault("Cache-Control", "private, no-cache")
    response.headers["Vary"] = "Authorization, Accept-Language"
    return response

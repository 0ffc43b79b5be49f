"""How the API answers what goes wrong: every error as problem details (app/api/problem.py). The blueprint's
handlers catch what its views raise; `for_unrouted` serves the app's error handler for /api/ addresses that
match no route (404, 405)."""

from __future__ import annotations

from flask import Blueprint, current_app, request
from flask_limiter.errors import RateLimitExceeded
from werkzeug.exceptions import HTTPException

from app.api.limits import retry_after
from app.api.problem import ApiProblem, from_http_error, problem_response, rule_broken, stale
from core.errors import NotFound, RuleError, StaleEdit

PREFIX = "/api/"


def is_api_request() -> bool:
    return request.path.startswith(PREFIX)


def for_unrouted(error: HTTPException):
    return problem_response(from_http_error(error))


def register(bp: Blueprint) -> None:
    @bp.errorhandler(ApiProblem)
    def api_problem(error: ApiProblem):
        return problem_response(error)

    @bp.errorhandler(StaleEdit)
    def stale_edit(error: StaleEdit):
        return problem_response(stale())

    @bp.errorhandler(RuleError)
    def broken_rule(error: RuleError):
        return problem_response(rule_broken(error))

    @bp.errorhandler(NotFound)
    def not_found(error: NotFound):
        return problem_response(ApiProblem(404))

    @bp.errorhandler(RateLimitExceeded)
    def too_many(error: RateLimitExceeded):
        return problem_response(ApiProblem(429, headers={"Retry-After": retry_after()}))

    @bp.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return problem_response(from_http_error(error))

    @bp.errorhandler(Exception)
    def server_error(error: Exception):
        current_app.logger.exception("unhandled error on %s", request.path)
        return problem_response(ApiProblem(500))

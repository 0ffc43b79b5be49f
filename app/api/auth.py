"""Who an API request speaks for: the personal access token in `Authorization: Bearer …`, and the guard every
resource uses. Only tokens authenticate the API: a browser's session cookie counts for nothing here, which is
why the API's views may skip the CSRF check (app/api/__init__.py) without opening a hole for cookie sessions."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from flask import g, request
from flask_babel import gettext as _

from app.api.problem import ApiProblem
from app.db import get_session
from app.security import Permission, allowed
from core.actor import Actor
from core.models import Organisation
from core.tokens import Authenticated, authenticate_token

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
UNAUTHORISED = {"WWW-Authenticate": 'Bearer realm="naleving"'}


def bearer_secret() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()


def rate_limit_key() -> str:
    """Rate limits count per token (a hash of the secret, so no query is needed); without one, per address."""
    secret = bearer_secret()
    if secret:
        return "token:" + hashlib.sha256(secret.encode()).hexdigest()[:32]
    return "address:" + (request.remote_addr or "")


def current_token() -> Authenticated:
    """The request's token, authenticated once per request; 401 when it is missing, unknown, expired or
    revoked, or its user is no longer active or a member."""
    if "api_token" not in g:
        secret = bearer_secret()
        if secret is None:
            raise ApiProblem(401, _("Er is geen token meegestuurd."), headers=UNAUTHORISED)
        db = get_session()
        found = authenticate_token(session=db, secret=secret)
        if found is None:
            raise ApiProblem(401, _("Dit token is onbekend, verlopen of ingetrokken."), headers=UNAUTHORISED)
        if found.noted:
            db.commit()  # last_used_at (otherwise no commit: the request keeps its one connection)
        g.api_token = found
        g.organisation = found.organisation
        g.role = found.role
    return g.api_token


def token_actor() -> Actor:
    """The token's user as the domain's acting user (the token named, so the logboek shows how)."""
    token = current_token()
    name = token.user.name or token.user.email
    return Actor(
        user_id=token.user.id, name=f"{name} (API-token {token.token.id})", ip=request.remote_addr or ""
    )


def check_permission(permission: Permission, changes: bool | None) -> Authenticated:
    """403 when the role lacks the permission, or when the request changes data and the token only reads
    (`changes` None: every method but GET changes)."""
    token = current_token()
    if not allowed(token.role, permission):
        raise ApiProblem(403, _("Uw rol in deze organisatie mag dit niet."))
    if changes is None:
        changes = request.method not in SAFE_METHODS
    if changes and not token.may_write:
        raise ApiProblem(403, _("Dit token mag alleen lezen."))
    return token


def api_view(permission: Permission, *, changes: bool | None = None) -> Callable:
    """Guard a resource under /api/v1/organisations/<slug>/: a live token, for that organisation (any other
    slug is a 404, so an organisation's existence is not disclosed), a role with the permission and, for a
    change, a token with the write scope (403). The view receives the organisation instead of the slug.
    `changes=False` marks a POST that changes nothing (checking a report's copy)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def guarded(slug: str, **kwargs):
            token = current_token()
            if slug != token.organisation.slug:
                raise ApiProblem(404)
            check_permission(permission, changes)
            return view(token.organisation, **kwargs)

        guarded.api_permission = permission
        guarded.api_changes = changes
        return guarded

    return decorator


def api_shared_view(permission: Permission) -> Callable:
    """Guard a resource shared by every organisation (the catalogue): a live token with the permission."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def guarded(**kwargs):
            check_permission(permission, None)
            return view(**kwargs)

        guarded.api_permission = permission
        guarded.api_changes = None
        return guarded

    return decorator


def organisation_of_token() -> Organisation:
    return current_token().organisation

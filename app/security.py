"""Access control in one place: roles, their permissions, and the guard every organisation view uses."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps

from flask import Flask, abort, g, request
from flask_login import current_user, login_required
from sqlmodel import select
from werkzeug.middleware.proxy_fix import ProxyFix

from app.db import get_session
from core.models import Membership, Organisation, Role


class Permission(StrEnum):
    VIEW = "view"  # read everything of the organisation
    EDIT = "edit"  # answers, evidence, risks, P&C moments and snapshots
    GENERATE_REPORTS = "generate_reports"  # produce a report into the archive
    MANAGE_SCHEDULES = "manage_schedules"
    MANAGE_USERS = "manage_users"  # users and memberships of the organisation, its settings
    LOAD_TEXTS = "load_texts"  # full official texts under the organisation's own licence (catalogue overlay)
    UPGRADE_CATALOGUE = "upgrade_catalogue"  # load a new catalogue version (for the whole installation)
    READ_AUDIT_LOG = "read_audit_log"  # the organisation's logboek and whether its record is intact
    WRITE_FINDINGS = "write_findings"  # auditor findings (bevindingen); never answers or risks
    APPROVE = "approve"  # the second person on four-eyes decisions (plan.policy: which roles, which kinds)


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(
        {
            Permission.VIEW,
            Permission.GENERATE_REPORTS,
            Permission.MANAGE_SCHEDULES,
            Permission.MANAGE_USERS,
            Permission.LOAD_TEXTS,
            Permission.UPGRADE_CATALOGUE,
            Permission.READ_AUDIT_LOG,
        }
    ),
    Role.CISO: frozenset(
        {
            Permission.VIEW,
            Permission.EDIT,
            Permission.GENERATE_REPORTS,
            Permission.MANAGE_SCHEDULES,
            Permission.LOAD_TEXTS,
            Permission.APPROVE,
        }
    ),
    Role.AUDITOR: frozenset(
        {Permission.VIEW, Permission.GENERATE_REPORTS, Permission.READ_AUDIT_LOG, Permission.WRITE_FINDINGS}
    ),
    Role.MANAGEMENT: frozenset({Permission.VIEW, Permission.APPROVE}),
}


def allowed(role: Role | str | None, permission: Permission) -> bool:
    return role is not None and permission in ROLE_PERMISSIONS[Role(role)]


def memberships_of(user_id: int) -> list[tuple[Organisation, Role]]:
    """The organisations a user belongs to, with the role there, by name."""
    rows = (
        get_session()
        .exec(
            select(Organisation, Membership.role)
            .join(Membership, Membership.organisation_id == Organisation.id)
            .where(Membership.user_id == user_id)
            .order_by(Organisation.name)
        )
        .all()
    )
    return [(organisation, Role(role)) for organisation, role in rows]


def organisation_view(permission: Permission) -> Callable:
    """Guard a view under /o/<slug>/: login, membership of that organisation, and the permission.

    The view receives the organisation instead of the slug. An organisation the user does not belong to is
    answered with 404, so that its existence is not disclosed; a role without the permission gets 403.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def guarded(slug: str, **kwargs):
            row = (
                get_session()
                .exec(
                    select(Organisation, Membership.role)
                    .join(Membership, Membership.organisation_id == Organisation.id)
                    .where(Organisation.slug == slug, Membership.user_id == current_user.id)
                )
                .first()
            )
            if row is None:
                abort(404)
            organisation, role = row
            if not allowed(role, permission):
                abort(403)
            g.organisation = organisation
            g.role = Role(role)
            return view(organisation, **kwargs)

        guarded.required_permission = permission
        return guarded

    return decorator


def current_role_allows(permission: Permission) -> bool:
    """For templates: may the user do this in the organisation of the current page?"""
    return allowed(g.get("role"), permission)


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


HSTS = "max-age=31536000; includeSubDomains"
PUBLIC_CACHE = "public, max-age=300"


def init_app(app: Flask) -> None:
    trusted = app.config["TRUSTED_PROXIES"]
    if trusted:
        # The client's address and scheme from X-Forwarded-For/-Proto, only as set by that many proxies in front.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted, x_proto=trusted, x_host=trusted, x_port=trusted)
    hsts = app.config["SESSION_COOKIE_SECURE"]

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if g.get("public_cache"):
            # The public VvT (app/public): the same for every visitor, sets no cookie, may be kept a while.
            response.headers["Cache-Control"] = PUBLIC_CACHE
        elif request.endpoint != "static":
            # Pages and every download (exports, reports, evidence): kept in no cache, not even the browser's.
            response.headers["Cache-Control"] = "no-store"
        if hsts:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response

    app.jinja_env.globals.update(can=current_role_allows, Permission=Permission)

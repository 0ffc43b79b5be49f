"""The navigation of an organisation's pages, per permission; one list, shown by base.html."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, g, request
from flask_babel import lazy_gettext as _l

from app.security import Permission, allowed


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object
    permission: Permission


NAVIGATION: list[NavItem] = [
    NavItem("main.dashboard", _l("Dashboard"), Permission.VIEW),
    NavItem("answers.statement", _l("Verklaring van toepasselijkheid"), Permission.VIEW),
    NavItem("catalogue.index", _l("Catalogus"), Permission.VIEW),
    NavItem("scope.register", _l("Scope"), Permission.VIEW),
    NavItem("risks.register", _l("Risico's"), Permission.VIEW),
    NavItem("pc.moments", _l("P&C-cyclus"), Permission.VIEW),
    NavItem("plan.actions", _l("Verbeterplan"), Permission.VIEW),
    NavItem("approvals.index", _l("Goedkeuringen"), Permission.VIEW),
    NavItem("findings.index", _l("Bevindingen"), Permission.VIEW),
    NavItem("incidents.register", _l("Incidenten"), Permission.VIEW),
    NavItem("reports.archive", _l("Rapporten"), Permission.VIEW),
    NavItem("sharing.index", _l("Gedeelde diensten"), Permission.VIEW),
    NavItem("schedules.index", _l("Planning"), Permission.MANAGE_SCHEDULES),
    NavItem("admin.members", _l("Gebruikers"), Permission.MANAGE_USERS),
    NavItem("admin.settings", _l("Instellingen"), Permission.MANAGE_USERS),
    NavItem("audit.log", _l("Logboek"), Permission.READ_AUDIT_LOG),
]


def navigation_for_request() -> list[tuple[NavItem, bool]]:
    """The items the current role may see on this organisation page, with whether each is the current one."""
    role = g.get("role")
    if role is None:
        return []
    current = request.endpoint or ""
    area = current.split(".")[0]
    items = [item for item in NAVIGATION if allowed(role, item.permission)]
    exact = any(item.endpoint == current for item in items)
    return [
        (item, item.endpoint == current if exact else item.endpoint.split(".")[0] == area and area != "main")
        for item in items
    ]


def init_app(app: Flask) -> None:
    app.jinja_env.globals["navigation"] = navigation_for_request

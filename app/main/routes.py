"""The start page and the dashboard of an organisation."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Blueprint, current_app, g, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import func
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select

from app.db import get_session
from app.errors import forget_database_state
from app.security import Permission, memberships_of, organisation_view
from core.models import Membership, Organisation

bp = Blueprint("main", __name__)
T = TypeVar("T")

# Each area contributes panels to the dashboard: a function (organisation, role) -> (template, context) or None.
# Panels are shown in order of registration; a function returns None when its panel is not for this role.
DashboardPanel = Callable[[Organisation, str], tuple[str, dict] | None]
DASHBOARD_PANELS: list[DashboardPanel] = []


def dashboard_panel(function: DashboardPanel) -> DashboardPanel:
    """Decorator: register a dashboard panel."""
    DASHBOARD_PANELS.append(function)
    return function


def dashboard_figure(key: str, compute: Callable[[], T]) -> T:
    """A figure more than one panel shows (the risk register, the matrix, the statement, ...), computed once
    per request by whichever panel asks first."""
    figures = g.setdefault("dashboard_figures", {})
    if key not in figures:
        figures[key] = compute()
    return figures[key]


def first_dashboard_panel(function: DashboardPanel) -> DashboardPanel:
    """Decorator: register a panel shown before all others (what management decides on comes first)."""
    DASHBOARD_PANELS.insert(0, function)
    return function


@bp.route("/")
@login_required
def index():
    """One organisation: straight to its dashboard; several: choose."""
    memberships = memberships_of(current_user.id)
    if len(memberships) == 1:
        return redirect(url_for("main.dashboard", slug=memberships[0][0].slug))
    return render_template("main/index.html", memberships=memberships)


@bp.route("/o/<slug>/")
@organisation_view(Permission.VIEW)
def dashboard(organisation: Organisation):
    db = get_session()
    role_counts = dict(
        db.exec(
            select(Membership.role, func.count())
            .where(Membership.organisation_id == organisation.id)
            .group_by(Membership.role)
        ).all()
    )
    provider = db.get(Organisation, organisation.provider_id) if organisation.provider_id else None
    panels = [panel for panel in (function(organisation, g.role) for function in DASHBOARD_PANELS) if panel]
    return render_template(
        "main/dashboard.html",
        organisation=organisation,
        provider=provider,
        role_counts=role_counts,
        panels=panels,
    )


@bp.route("/healthz")
def healthz():
    """For load balancers and monitoring: JSON, 200 when the database answers, 503 when it does not."""
    try:
        get_session().exec(select(1)).one()
    except SQLAlchemyError as error:
        forget_database_state()
        current_app.logger.error("healthz: database unreachable: %s", str(error).splitlines()[0])
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok"}

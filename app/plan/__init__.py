"""The plan area of the web app: the improvement plan (actions), approvals, the SoA adoption, auditor findings,
reminders, the CISO's "te doen" panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.command_index import AreaCommand

if TYPE_CHECKING:
    from flask import Flask

COMMANDS = (
    AreaCommand(
        "actions", "app.plan.commands:actions", "Het verbeterplan: acties met eigenaar en streefdatum."
    ),
    AreaCommand("approvals", "app.plan.commands:approvals", "Besluiten die een tweede persoon goedkeurt."),
    AreaCommand("approvals policy", "app.plan.adoption_commands:policy_command"),
    AreaCommand("approvals adopt", "app.plan.adoption_commands:adopt_command"),
    AreaCommand(
        "findings",
        "app.plan.finding_commands:findings",
        "Bevindingen van auditors: vastleggen, tonen en erop reageren.",
    ),
    AreaCommand("reminders", "app.plan.commands:reminders", "De dagelijkse herinneringsmail."),
)


def init_commands(app: Flask) -> None:
    from app.plan import problems  # noqa: F401 - registers the words of the plan's rule codes


def init_app(app: Flask) -> None:
    """Register the plan's pages and the dashboard panels."""
    from flask_babel import gettext

    from app.plan import panels  # noqa: F401 - registers the dashboard panels
    from app.plan.approval_routes import bp as approvals_bp
    from app.plan.finding_routes import bp as findings_bp
    from app.plan.hooks import follow_ups
    from app.plan.reminders import bp as reminders_bp
    from app.plan.routes import bp
    from plan.labels import ACTION_STATUS, APPROVAL_STATE, DECISION_KIND, LINK_KIND, SEVERITY

    groups = {
        "action_status": ACTION_STATUS,
        "approval_state": APPROVAL_STATE,
        "decision_kind": DECISION_KIND,
        "link_kind": LINK_KIND,
        "severity": SEVERITY,
    }

    def plan_label(group: str, value: str) -> str:
        return groups[group].of(value, gettext)

    app.jinja_env.globals["plan_label"] = plan_label
    app.jinja_env.globals["follow_ups"] = follow_ups  # what an import (would) hold and make, in words
    app.register_blueprint(bp)
    app.register_blueprint(approvals_bp)
    app.register_blueprint(findings_bp)
    app.register_blueprint(reminders_bp)

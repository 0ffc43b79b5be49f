"""The plan area of the web app: the improvement plan (actions), approvals, the SoA adoption, auditor findings,
reminders, the CISO's "te doen" panel."""

from flask import Flask
from flask_babel import gettext


def init_app(app: Flask) -> None:
    """Register the plan's pages and `naleving actions|approvals|findings|reminders`."""
    from app.plan import (
        adoption_commands,  # noqa: F401 - adds `approvals policy|adopt`
        panels,  # noqa: F401 - registers the dashboard panels
    )
    from app.plan.approval_routes import bp as approvals_bp
    from app.plan.commands import actions, approvals, reminders
    from app.plan.finding_commands import findings
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
    for command in (actions, approvals, findings, reminders):
        app.cli.add_command(command)

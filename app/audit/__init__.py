"""The logboek: an organisation's audit trail for its admins and auditors, its sheet, whether the record is
intact; `naleving audit list` and `naleving verify`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.command_index import AreaCommand

if TYPE_CHECKING:
    from flask import Flask

COMMANDS = (
    AreaCommand("audit", "app.audit.commands:audit", "Het logboek (de audittrail) lezen."),
    AreaCommand(
        "verify",
        "app.audit.commands:verify",
        "Controleer of de vastlegging intact is: de hashketens en de rapportbestanden.",
    ),
)


def init_app(app: Flask) -> None:
    from flask_babel import gettext

    from app.audit.routes import bp
    from core.audit_log import action_label

    app.register_blueprint(bp)
    app.jinja_env.filters["audit_action"] = lambda action: action_label(action, gettext)

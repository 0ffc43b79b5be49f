"""The logboek: an organisation's audit trail for its admins and auditors, its sheet, whether the record is
intact; `naleving audit list` and `naleving verify`."""

from flask import Flask


def init_app(app: Flask) -> None:
    from flask_babel import gettext

    from app.audit.commands import audit, verify
    from app.audit.routes import bp
    from core.audit_log import action_label

    app.register_blueprint(bp)
    app.jinja_env.filters["audit_action"] = lambda action: action_label(action, gettext)
    app.cli.add_command(audit)
    app.cli.add_command(verify)

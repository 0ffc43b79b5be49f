"""The Naleving web application: create_app() builds it from named helpers."""

from __future__ import annotations

import gc
import os
from pathlib import Path

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app. The instance folder is ./instance unless NALEVING_INSTANCE_PATH (or INSTANCE_PATH in
    test_config) names another."""
    instance_path = (test_config or {}).get("INSTANCE_PATH") or os.environ.get("NALEVING_INSTANCE_PATH")
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path)
    from app.config import load_config

    load_config(app, test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    register_extensions(app)
    register_blueprints(app)
    configure_garbage_collection(app)
    return app


def configure_garbage_collection(app: Flask) -> None:
    """Keep the long-lived objects (modules, the app; after the first request also the compiled templates and
    SQL caches) out of the collector's full passes, which otherwise walk them every few requests: that made the
    statement page's 95th percentile more than twice its median. Off in the test suite (GC_FREEZE), where
    hundreds of apps come and go."""
    if not app.config["GC_FREEZE"]:
        return
    gc.freeze()
    first = {"request": True}

    @app.after_request
    def freeze_after_first_request(response):
        if first["request"]:
            first["request"] = False
            gc.freeze()
        return response


def register_extensions(app: Flask) -> None:
    from app import db, errors, i18n, login, navigation, passwords, security
    from app.forms import csrf
    from app.reports import scheduler
    from reports import pdf_parts

    db.init_app(app)
    passwords.init_app(app)
    csrf.init_app(app)
    login.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    navigation.init_app(app)
    scheduler.init_app(app)
    pdf_parts.configure(app.config["PDF_PROCESSES"])


def register_blueprints(app: Flask) -> None:
    from app.admin.routes import bp as admin_bp
    from app.answers import bp as answers_bp
    from app.auth.routes import bp as auth_bp
    from app.catalogue.routes import bp as catalogue_bp
    from app.main.routes import bp as main_bp
    from app.reports.routes import bp as reports_bp
    from app.reports.schedule_routes import bp as schedules_bp
    from app.risks.pc_routes import bp as pc_bp
    from app.risks.routes import bp as risks_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(main_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(answers_bp)
    app.register_blueprint(risks_bp)
    app.register_blueprint(pc_bp)
    app.register_blueprint(catalogue_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(schedules_bp)

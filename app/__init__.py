"""The Naleving web application: create_app() builds it from named helpers."""

from __future__ import annotations

import gc
import os
from pathlib import Path

from flask import Flask


def create_app(test_config: dict | None = None, *, serves_api: bool = True) -> Flask:
    """Build the app. The instance folder is ./instance unless NALEVING_INSTANCE_PATH (or INSTANCE_PATH in
    test_config) names another. `serves_api=False` (a `naleving` command that serves no requests) leaves out
    the API's resources, whose OpenAPI models take most of the start-up; their commands stay."""
    instance_path = (test_config or {}).get("INSTANCE_PATH") or os.environ.get("NALEVING_INSTANCE_PATH")
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path)
    from app.config import load_config

    load_config(app, test_config)
    app.extensions["naleving.serves_api"] = serves_api
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    register_extensions(app)
    register_areas(app)
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
    from app import db, errors, i18n, login, navigation, passwords, security, urls
    from app.forms import csrf

    urls.init_app(app)
    db.init_app(app)
    passwords.init_app(app)
    csrf.init_app(app)
    login.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    navigation.init_app(app)


def register_areas(app: Flask) -> None:
    """Each area's init_app registers its blueprints and adds its `naleving` commands to `app.cli`. The dashboard
    shows the areas' panels in this order."""
    from app import (
        admin,
        answers,
        api,
        audit,
        auth,
        catalogue,
        incidents,
        main,
        oscal,
        plan,
        public,
        reports,
        risks,
        scope,
        sharing,
        sso,
        together,
    )

    for area in (
        auth,
        main,
        admin,
        answers,
        reports,
        risks,
        catalogue,
        audit,
        sso,
        scope,
        sharing,
        plan,
        incidents,
        together,
        api,
        oscal,
        public,
    ):
        area.init_app(app)

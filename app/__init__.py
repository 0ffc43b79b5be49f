"""The Naleving web application: create_app() builds it from named helpers.

Importing this package (or an area's package) loads nothing but the standard library: `naleving --help` lists
the areas' commands from their packages (app/cli.py) before anything else is imported."""

from __future__ import annotations

import gc
import os
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict | None = None, *, serves: bool = True) -> Flask:
    """Build the app. The instance folder is ./instance unless NALEVING_INSTANCE_PATH (or INSTANCE_PATH in
    test_config) names another. `serves=False` builds the app of a `naleving` command (app/cli.py): the
    configuration, the database, the languages and what the areas' commands need (their init_commands),
    without the pages, the API and the login of the web app, which take most of the start-up."""
    from flask import Flask

    from app.config import load_config

    instance_path = (test_config or {}).get("INSTANCE_PATH") or os.environ.get("NALEVING_INSTANCE_PATH")
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path)
    load_config(app, test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if serves:
        register_extensions(app)
    else:
        register_command_extensions(app)
    register_areas(app, serves=serves)
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


def register_command_extensions(app: Flask) -> None:
    """What a command uses of the app: the database, the Argon2 parameters and the languages."""
    from app import db, i18n, passwords

    db.init_app(app)
    passwords.init_app(app)
    i18n.init_app(app)


def areas() -> tuple[ModuleType, ...]:
    """The areas, in the order in which the dashboard shows their panels. Each package holds its init_app (the
    pages), its COMMANDS (app/command_index.py) and, when its commands need something of the app (the words of
    its rule codes, the signing certificate), its init_commands."""
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

    return (
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
    )


def register_areas(app: Flask, *, serves: bool = True) -> None:
    """Each area's init_commands, then (for the web app) its init_app, which registers its pages; an area
    without pages (oscal) or whose commands need nothing of the app has no such function."""
    hooks = ("init_commands", "init_app") if serves else ("init_commands",)
    for area in areas():
        for hook in hooks:
            init = getattr(area, hook, None)
            if init is not None:
                init(app)

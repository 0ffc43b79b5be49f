"""Configuration: defaults, then instance/config.py, then NALEVING_* environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

DEFAULTS = {
    "DATABASE_URL": None,  # None: SQLite file under the instance folder
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_HTTPONLY": True,
    "PERMANENT_SESSION_LIFETIME": 8 * 3600,
    "MAX_CONTENT_LENGTH": 26 * 1024 * 1024,
    "EVIDENCE_MAX_BYTES": 20 * 1024 * 1024,
    "IMPORT_MAX_BYTES": 5 * 1024 * 1024,
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_LOCK_MINUTES": 15,
    "BABEL_DEFAULT_LOCALE": "nl",
    "LANGUAGES": ["nl", "en"],
    "ARGON2_TIME_COST": 3,
    "ARGON2_MEMORY_COST": 64 * 1024,
    "SCHEDULER_ENABLED": True,
    "SMTP_HOST": None,
    "SMTP_PORT": 25,
    "SMTP_USERNAME": None,
    "SMTP_PASSWORD": None,  # nosec B105 - no password by default; set in instance/config.py
    "SMTP_STARTTLS": False,
    "MAIL_FROM": "naleving@localhost",
    "WTF_CSRF_TIME_LIMIT": None,
    "PDF_PROCESSES": None,  # processes that lay out a long report side by side; None: one per core, up to 4
    "GC_FREEZE": True,  # long-lived objects out of the garbage collector's full passes (app/__init__.py)
}

# Environment variables that are read as booleans or integers rather than strings.
_BOOLEANS = {
    "SESSION_COOKIE_SECURE",
    "REMEMBER_COOKIE_SECURE",
    "SCHEDULER_ENABLED",
    "GC_FREEZE",
    "SMTP_STARTTLS",
    "WTF_CSRF_ENABLED",
    "TESTING",
}
_INTEGERS = {
    "EVIDENCE_MAX_BYTES",
    "IMPORT_MAX_BYTES",
    "MAX_CONTENT_LENGTH",
    "SMTP_PORT",
    "LOGIN_MAX_FAILURES",
    "LOGIN_LOCK_MINUTES",
    "ARGON2_TIME_COST",
    "ARGON2_MEMORY_COST",
    "PDF_PROCESSES",
}


def load_config(app: Flask, test_config: dict | None) -> None:
    """Fill app.config in order of precedence: defaults < instance/config.py < environment < test_config."""
    app.config.update(DEFAULTS)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.update(_from_environment())
    else:
        app.config.update(test_config)
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = "sqlite:///" + str(Path(app.instance_path) / "naleving.sqlite")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(Path(app.instance_path))


def _from_environment() -> dict:
    values: dict = {}
    for name, raw in os.environ.items():
        if not name.startswith("NALEVING_"):
            continue
        key = name.removeprefix("NALEVING_")
        if key in _BOOLEANS:
            values[key] = raw.strip().lower() in {"1", "true", "yes", "on"}
        elif key in _INTEGERS:
            values[key] = int(raw)
        else:
            values[key] = raw
    return values


def _instance_secret_key(instance: Path) -> str:
    """Read the installation's secret key, creating it (readable by the owner only) on first start."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key

"""Configuration: typed defaults, then instance/config.py, then NALEVING_* environment variables.

The environment is read by Flask's `from_prefixed_env`: a value is JSON where it parses (`1`/`0` and
`true`/`false` for a switch, numbers, lists such as `["nl", "en"]`), text otherwise; a text setting keeps its
value as written. Every layer is checked against SETTINGS before it is used, so a wrong value stops the start
with one SettingError naming the variable, instead of failing later in the middle of a request.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from flask import Config, Flask

PREFIX = "NALEVING"


class SettingError(ValueError):
    """A setting with a value of the wrong type or out of range; the message names it."""


@dataclass(frozen=True)
class Setting:
    """One setting: its default, its type, and its bounds (a `high` comes with a `low`) or allowed values.
    None is allowed only for a setting whose default is None (meaning: not set)."""

    default: object
    kind: type = str
    low: int | None = None
    high: int | None = None
    choices: tuple[str, ...] = ()

    def check(self, value: object) -> object:
        """The value in its type (1/0 for a switch become True/False); ValueError with the reason otherwise."""
        if value is None and self.default is None:
            return None
        if self.kind is bool:
            return _switch(value)
        if self.kind is int:
            return self._number(value)
        if self.kind is list:
            return self._texts(value)
        if not isinstance(value, str):
            raise ValueError(f"tekst verwacht, niet {_shown(value)}")
        self._choose(value)
        return value

    def _number(self, value: object) -> int:
        if type(value) is not int:
            raise ValueError(f"geen geheel getal: {_shown(value)}")
        if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
            bounds = f"tussen {self.low} en {self.high}" if self.high is not None else f"minstens {self.low}"
            raise ValueError(f"{value}: moet {bounds} zijn")
        return value

    def _texts(self, value: object) -> list[str]:
        if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
            raise ValueError(f'een lijst van teksten verwacht, bv. ["nl", "en"], niet {_shown(value)}')
        for item in value:
            self._choose(item)
        return list(value)

    def _choose(self, value: str) -> None:
        if self.choices and value not in self.choices:
            raise ValueError(f"kies uit {', '.join(self.choices)}; niet {_shown(value)}")


def _switch(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if type(value) is int and value in (0, 1):
        return bool(value)
    raise ValueError(f"1 of 0 verwacht, niet {_shown(value)}")


def _shown(value: object) -> str:
    return repr(value) if isinstance(value, str) else str(value)


MB = 1024 * 1024

SETTINGS: dict[str, Setting] = {
    "DATABASE_URL": Setting(None),  # None: SQLite file under the instance folder
    "SECRET_KEY": Setting(None),  # None: generated once into instance/secret_key
    "INSTANCE_PATH": Setting(None),  # read by create_app before the rest (app/__init__.py)
    "TESTING": Setting(False, bool),
    "SESSION_COOKIE_HTTPONLY": Setting(True, bool),
    "SESSION_COOKIE_SAMESITE": Setting("Lax", choices=("Lax", "Strict")),
    "SESSION_COOKIE_SECURE": Setting(True, bool),
    "REMEMBER_COOKIE_SECURE": Setting(True, bool),
    "REMEMBER_COOKIE_HTTPONLY": Setting(True, bool),
    "PERMANENT_SESSION_LIFETIME": Setting(8 * 3600, int, low=60),  # seconds
    "MAX_CONTENT_LENGTH": Setting(26 * MB, int, low=1),
    "EVIDENCE_MAX_BYTES": Setting(20 * MB, int, low=1),
    "IMPORT_MAX_BYTES": Setting(5 * MB, int, low=1),
    "LOGIN_MAX_FAILURES": Setting(5, int, low=1, high=1000),
    "LOGIN_LOCK_MINUTES": Setting(15, int, low=1, high=24 * 60),  # the window in which failures count
    "LOGIN_MAX_DELAY_SECONDS": Setting(300, int, low=1, high=24 * 3600),  # the longest wait between tries
    "SESSION_IDLE_MINUTES": Setting(30, int, low=1, high=24 * 60),  # a session ends after this long unused
    "TRUSTED_PROXIES": Setting(
        0, int, low=0, high=10
    ),  # reverse proxies whose X-Forwarded-* count (ProxyFix)
    "INVITATION_HOURS": Setting(72, int, low=1, high=30 * 24),  # how long an invitation link can be used
    # OpenID Connect sign-in (app/sso/); None: off. docs/security.md
    "OIDC_ISSUER": Setting(None),
    "OIDC_CLIENT_ID": Setting(None),
    "OIDC_CLIENT_SECRET": Setting(None),
    "OIDC_ALLOWED_DOMAINS": Setting([], list),  # e-mail domains that may sign in; empty: any
    "OIDC_GROUPS_CLAIM": Setting("groups"),
    "OIDC_GROUP_ROLES": Setting(
        [], list
    ),  # "slug:group=role" entries; an organisation listed follows its groups
    "OIDC_CREATE_USERS": Setting(False, bool),  # make a user at the first sign-in of an unknown address
    "OIDC_LEEWAY_SECONDS": Setting(60, int, low=0, high=600),  # clock difference allowed with the provider
    "BABEL_DEFAULT_LOCALE": Setting("nl", choices=("nl", "en")),
    "LANGUAGES": Setting(["nl", "en"], list, choices=("nl", "en")),
    "ARGON2_TIME_COST": Setting(3, int, low=1, high=100),
    "ARGON2_MEMORY_COST": Setting(64 * 1024, int, low=1024, high=4 * 1024 * 1024),  # KiB
    "SCHEDULER_ENABLED": Setting(True, bool),
    "SMTP_HOST": Setting(None),
    "SMTP_PORT": Setting(25, int, low=1, high=65535),
    "SMTP_USERNAME": Setting(None),
    "SMTP_PASSWORD": Setting(None),  # nosec B105 - no password by default; set in instance/config.py
    "SMTP_STARTTLS": Setting(False, bool),
    "MAIL_FROM": Setting("naleving@localhost"),
    "WTF_CSRF_ENABLED": Setting(True, bool),
    "WTF_CSRF_TIME_LIMIT": Setting(None, int, low=60),  # None: a CSRF token lasts as long as the session
    "GC_FREEZE": Setting(
        True, bool
    ),  # long-lived objects out of the collector's full passes (app/__init__.py)
    # The certificate and key (PEM) that sign archived PDFs; None: instance/signing/, made by `naleving init`.
    "SIGNING_CERTIFICATE": Setting(None),
    "SIGNING_KEY": Setting(None),
    "SIGNING_KEY_PASSPHRASE": Setting(None),
    "DEMO_PASSWORD": Setting(None),  # the password of the demo users (`naleving demo`); None: generated once
    # Requests per API token (Flask-Limiter's notation); counted in memory (per process) unless a shared store
    # is named, e.g. redis://host:6379 (app/api/limits.py).
    "API_RATE_LIMIT": Setting("300 per minute"),
    "API_RATE_LIMIT_STORAGE_URI": Setting("memory://"),
    "API_RATE_LIMIT_ENABLED": Setting(True, bool),
}


def load_config(app: Flask, test_config: dict | None) -> None:
    """Fill app.config in order of precedence: defaults < instance/config.py < environment < test_config.
    Raises SettingError for the first wrong value, naming the variable (or the file and name) it came from."""
    app.config.update({name: setting.default for name, setting in SETTINGS.items()})
    if test_config is None:
        instance_file = Path(app.instance_path) / "config.py"
        app.config.update(checked(_from_instance_file(app), f"{instance_file}: {{}}"))
        app.config.update(checked(_from_environment(app), PREFIX + "_{}"))
    else:
        app.config.update(checked(test_config, "{}"))
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = "sqlite:///" + str(Path(app.instance_path) / "naleving.sqlite")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(Path(app.instance_path))


def checked(values: Mapping[str, object], label: str) -> dict[str, object]:
    """The values with each known setting in its type; `label` names where a value came from ('{}': the name)."""
    result = dict(values)
    for name, value in values.items():
        setting = SETTINGS.get(name)
        if setting is None:
            continue
        try:
            result[name] = setting.check(value)
        except ValueError as error:
            raise SettingError(f"{label.format(name)}: {error}") from None
    return result


def _from_instance_file(app: Flask) -> Config:
    config = Config(app.instance_path)
    config.from_pyfile("config.py", silent=True)
    return config


def _from_environment(app: Flask) -> Config:
    config = Config(app.root_path)
    config.from_prefixed_env(PREFIX)
    for name, setting in SETTINGS.items():
        if setting.kind is str and name in config:
            config[name] = os.environ[f"{PREFIX}_{name}"]  # a password of digits stays text, quotes and all
    return config


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

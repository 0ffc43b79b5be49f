"""Wire the Argon2 parameters of the config into core.passwords."""

from __future__ import annotations

from flask import Flask

from core import passwords


def init_app(app: Flask) -> None:
    passwords.configure(
        time_cost=app.config["ARGON2_TIME_COST"], memory_cost=app.config["ARGON2_MEMORY_COST"]
    )

"""Rate limits per token (Flask-Limiter): API_RATE_LIMIT per token, counted in API_RATE_LIMIT_STORAGE_URI
(memory by default: per process; a shared store such as redis:// for several workers)."""

from __future__ import annotations

import math
import time

from flask import Flask, current_app
from flask_limiter import Limiter

from app.api.auth import rate_limit_key

limiter = Limiter(rate_limit_key, default_limits=[], headers_enabled=False)


def api_rate_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


def init_app(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["API_RATE_LIMIT_STORAGE_URI"])
    app.config.setdefault("RATELIMIT_ENABLED", app.config["API_RATE_LIMIT_ENABLED"])
    limiter.init_app(app)


def retry_after() -> str:
    """Seconds until the breached limit's window resets (at least 1), for the 429's Retry-After."""
    current = limiter.current_limit
    if current is None:
        return "60"
    return str(max(1, math.ceil(current.reset_at - time.time())))

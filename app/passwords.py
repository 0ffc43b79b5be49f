"""Argon2id password hashing with parameters from the config (tests use cheaper ones)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, current_app

MIN_LENGTH = 12


def init_app(app: Flask) -> None:
    app.extensions["naleving.hasher"] = PasswordHasher(
        time_cost=app.config["ARGON2_TIME_COST"], memory_cost=app.config["ARGON2_MEMORY_COST"]
    )


def _hasher() -> PasswordHasher:
    return current_app.extensions["naleving.hasher"]


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# A hash of a random password, verified against when the e-mail is unknown, so that the time taken
# does not tell whether an account exists.
def dummy_verify(password: str) -> None:
    hasher = _hasher()
    dummy = current_app.extensions.get("naleving.dummy_hash")
    if dummy is None:
        dummy = current_app.extensions["naleving.dummy_hash"] = hasher.hash("not-a-real-password-0")
    verify_password(dummy, password)

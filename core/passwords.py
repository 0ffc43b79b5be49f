"""Argon2id password hashing. The web app sets the parameters from its config (tests use cheaper ones)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12

_state: dict[str, PasswordHasher | str] = {}


def configure(*, time_cost: int, memory_cost: int) -> None:
    """Use these Argon2 parameters from now on (in this process)."""
    current = _state.get("hasher")
    if isinstance(current, PasswordHasher) and (current.time_cost, current.memory_cost) == (
        time_cost,
        memory_cost,
    ):
        return
    _state.clear()
    _state["hasher"] = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost)


def _hasher() -> PasswordHasher:
    hasher = _state.get("hasher")
    if not isinstance(hasher, PasswordHasher):
        hasher = PasswordHasher()
        _state["hasher"] = hasher
    return hasher


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def dummy_verify(password: str) -> None:
    """Verify against a hash of a random password, so that the time a login with an unknown e-mail takes does
    not tell whether the account exists."""
    dummy = _state.get("dummy")
    if not isinstance(dummy, str):
        dummy = _state["dummy"] = _hasher().hash("not-a-real-password-0")
    verify_password(dummy, password)

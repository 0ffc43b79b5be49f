"""What a password must be, in the manner of NIST SP 800-63B (5.1.1.2): long enough, not the user's own
address or name, not a known common password, not one character over and over. No rules of composition.

The common passwords are the 30,000 most frequent of the list zxcvbn ships (Dropbox's strength estimator, from
Xato's corpus of ten million leaked passwords), checked as typed, in lower case and without the digits and
marks at the ends ("Welkom2024!" is "welkom")."""

from __future__ import annotations

import re
from functools import cache

from core.errors import Problem, RuleError
from core.passwords import MIN_LENGTH

MIN_DISTINCT = 5  # "aaaaaaaaaaaa", "abababababab": too few different characters
_ENDS = re.compile(r"^[\d\W_]+|[\d\W_]+$")


@cache
def common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def is_common(password: str) -> bool:
    lowered = password.lower()
    core_word = _ENDS.sub("", lowered)
    known = common_passwords()
    return lowered in known or (len(core_word) >= 4 and core_word in known)


def _personal(password: str, email: str, name: str) -> bool:
    lowered = password.lower()
    local = email.lower().split("@")[0]
    candidates = {email.lower(), local, name.lower().strip(), name.lower().replace(" ", "")}
    stripped = _ENDS.sub("", lowered)
    return any(len(c) >= 4 and (lowered == c or stripped == c) for c in candidates) or (
        bool(email) and email.lower() in lowered
    )


def password_problems(password: str, *, email: str = "", name: str = "") -> list[Problem]:
    """Why this password may not be used (empty: it may)."""
    if len(password) < MIN_LENGTH:
        return [Problem("account.password_too_short", {"min": MIN_LENGTH}, "password")]
    if _personal(password, email, name):
        return [Problem("account.password_personal", {}, "password")]
    if len(set(password)) < MIN_DISTINCT:
        return [Problem("account.password_repetitive", {"min": MIN_DISTINCT}, "password")]
    if is_common(password):
        return [Problem("account.password_common", {}, "password")]
    return []


def check_password(password: str, *, email: str = "", name: str = "") -> None:
    problems = password_problems(password, email=email, name=name)
    if problems:
        raise RuleError(problems)

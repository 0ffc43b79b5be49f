"""Throttling of password, code and current-password tries that cannot be turned against the owner.

Failures are counted per account and client address, and per address (one password tried against many
accounts); past a free number each further try must wait longer (2 s, 4 s, 8 s … up to a ceiling). Nothing is
ever locked: a wait ends by itself, and while it lasts the password is not even looked at. A browser in which the account signed in before carries a device cookie
(OWASP's "device cookies"): its tries are counted for that device alone, so someone else's failures, from
anywhere, never hold the owner back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, func, true
from sqlmodel import Session, col, select

from core import clock
from core.identity_models import LoginFailure, as_utc

# Failures from one address (over every account) before that address's tries are slowed down.
FAILURES_PER_ADDRESS = 50


class Attempt(StrEnum):
    LOGIN = "login"
    MFA = "mfa"
    REAUTH = "reauth"  # the current password on the change form


@dataclass(frozen=True)
class Throttle:
    free: int  # failures in the window before the waits begin
    window: timedelta  # how far back failures count
    ceiling: timedelta  # the longest wait


@dataclass(frozen=True)
class Source:
    """Where a try comes from: the client address, and the device id of a valid device cookie ("" without)."""

    ip: str
    device: str = ""


def wait_for(failures: int, free: int, ceiling: timedelta) -> timedelta:
    """The wait after `failures` failures: none below `free`, then doubling from two seconds to the ceiling."""
    if failures < free:
        return timedelta(0)
    return min(timedelta(seconds=2 ** min(failures - free + 1, 30)), ceiling)


def seconds_to_wait(
    *, session: Session, kind: Attempt, email: str, source: Source, throttle: Throttle
) -> int:
    """How many seconds this try must still wait (0: go ahead)."""
    now = clock.now()
    since = now - throttle.window
    if source.device:
        buckets = [(LoginFailure.device == source.device, throttle.free)]
    else:
        buckets = [
            ((LoginFailure.email == email) & (LoginFailure.ip == source.ip), throttle.free),
            (LoginFailure.ip == source.ip, FAILURES_PER_ADDRESS),
        ]
    longest = 0
    for condition, free in buckets:
        count, last = session.exec(
            select(func.count(), func.max(LoginFailure.at)).where(
                LoginFailure.kind == kind.value,
                col(LoginFailure.at) > since,
                condition,
                (LoginFailure.device == "") if not source.device else true(),
            )
        ).one()
        if not count or last is None:
            continue
        remaining = as_utc(last) + wait_for(count, free, throttle.ceiling) - now
        longest = max(longest, int(remaining.total_seconds() + 0.999))
    return max(longest, 0)


def record_failure(*, session: Session, kind: Attempt, email: str, source: Source) -> None:
    session.add(LoginFailure(kind=kind.value, email=email[:254], ip=source.ip[:64], device=source.device))
    session.flush()


def clear_failures(*, session: Session, kind: Attempt, email: str, source: Source) -> None:
    """After a success: the failures of this account from this address (or device) count no more."""
    where = [col(LoginFailure.kind) == kind.value, col(LoginFailure.email) == email]
    if source.device:
        where.append(col(LoginFailure.device) == source.device)
    else:
        where += [col(LoginFailure.ip) == source.ip, col(LoginFailure.device) == ""]
    session.execute(delete(LoginFailure).where(*where))
    session.flush()


def forget_before(*, session: Session, moment: datetime) -> int:
    """Remove failures older than any window (housekeeping); returns how many."""
    result = session.execute(delete(LoginFailure).where(col(LoginFailure.at) < moment))
    return int(getattr(result, "rowcount", 0) or 0)

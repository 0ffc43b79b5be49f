"""Server-side sessions: a random key per signed-in browser, checked on every request, ended at once by logout,
a password change, an MFA reset, a removal from an organisation or the user's own "end the others"."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from core import clock
from core.actor import Actor
from core.audit import record_event
from core.dbtypes import id_of
from core.identity_models import UserSession, as_utc
from core.models import User

# How often a session's "last seen" is written (so that not every request writes).
TOUCH_INTERVAL = timedelta(seconds=60)


@dataclass(frozen=True)
class Lifetime:
    """A session ends after `idle` without a request and after `absolute` since sign-in, whatever happens."""

    idle: timedelta
    absolute: timedelta


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start_session(
    *,
    session: Session,
    user: User,
    ip: str,
    user_agent: str,
    method: str = "password",
    must_enrol_mfa: bool = False,
) -> tuple[str, UserSession]:
    """A new session for `user`; returns the key for the cookie (never stored) and the row."""
    key = secrets.token_urlsafe(32)
    now = clock.now()  # explicit: a default_factory would keep the clock of import time in tests
    row = UserSession(
        created_at=now,
        last_seen_at=now,
        key_hash=key_hash(key),
        user_id=id_of(user),
        ip=ip[:64],
        user_agent=user_agent[:200],
        method=method,
        must_enrol_mfa=must_enrol_mfa,
    )
    session.add(row)
    session.flush()
    return key, row


def ended_by_time(row: UserSession, lifetime: Lifetime, now: datetime) -> bool:
    return now - as_utc(row.last_seen_at) > lifetime.idle or now - as_utc(row.created_at) > lifetime.absolute


def active_session(*, session: Session, key: str, lifetime: Lifetime) -> tuple[UserSession, User] | None:
    """The open session with this key and its (active) user, or None. One query; a session past its idle
    timeout or lifetime is ended on the way, and "last seen" is moved on at most once a minute."""
    found = session.exec(
        select(UserSession, User)
        .join(User, col(User.id) == col(UserSession.user_id))
        .where(UserSession.key_hash == key_hash(key), col(UserSession.ended_at).is_(None))
    ).first()
    if found is None:
        return None
    row, user = found
    now = clock.now()
    if not user.active or ended_by_time(row, lifetime, now):
        _end(row, "timeout" if user.active else "deactivated", now)
        session.add(row)
        return None
    if now - as_utc(row.last_seen_at) > TOUCH_INTERVAL:
        row.last_seen_at = now
        session.add(row)
    return row, user


def _end(row: UserSession, reason: str, now: datetime) -> None:
    row.ended_at = now
    row.end_reason = reason


def end_session(*, session: Session, row: UserSession, reason: str, actor: Actor | None) -> None:
    """End one session (logout, or the user ending another of their own)."""
    if row.ended_at is None:
        _end(row, reason, clock.now())
        session.add(row)
        record_event(session=session, action="session.ended", actor=actor, detail=f"{reason} #{row.id}")
        session.flush()


def end_sessions_of(
    *, session: Session, user_id: int, reason: str, actor: Actor | None, keep: int | None = None
) -> int:
    """End every open session of a user (except `keep`, the session's id that asked for it); returns how many."""
    rows = session.exec(
        select(UserSession).where(UserSession.user_id == user_id, col(UserSession.ended_at).is_(None))
    ).all()
    now = clock.now()
    ended = 0
    for row in rows:
        if row.id != keep:
            _end(row, reason, now)
            session.add(row)
            ended += 1
    if ended:
        user = session.get(User, user_id)
        record_event(
            session=session,
            action="session.ended_all",
            actor=actor,
            subject=user.email if user else "",
            detail=f"{reason}: {ended}",
        )
    session.flush()
    return ended


def open_sessions(*, session: Session, user_id: int, lifetime: Lifetime) -> list[UserSession]:
    """The user's sessions that still count, the most recently used first."""
    now = clock.now()
    rows = session.exec(
        select(UserSession)
        .where(UserSession.user_id == user_id, col(UserSession.ended_at).is_(None))
        .order_by(col(UserSession.last_seen_at).desc())
    ).all()
    return [row for row in rows if not ended_by_time(row, lifetime, now)]


def session_of_user(*, session: Session, user_id: int, session_id: int) -> UserSession | None:
    row = session.get(UserSession, session_id)
    return row if row is not None and row.user_id == user_id else None


def enrolment_done(*, session: Session, user_id: int) -> None:
    """The user has set up MFA: no session of theirs is held at the enrolment page any longer."""
    for row in session.exec(
        select(UserSession).where(UserSession.user_id == user_id, col(UserSession.must_enrol_mfa))
    ).all():
        row.must_enrol_mfa = False
        session.add(row)
    session.flush()

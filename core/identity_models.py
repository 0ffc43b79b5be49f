"""The tables of identity: server-side sessions, failed attempts (for throttling), second factors, invitations
and each organisation's sign-in policy."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from core import clock


def as_utc(moment: datetime) -> datetime:
    """A stored timestamp as aware UTC (SQLite, and PostgreSQL's plain timestamp columns, hand it back naive)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class UserSession(SQLModel, table=True):
    """One signed-in browser. The cookie holds a random key; only its SHA-256 is stored, so a copy of the
    database opens no session. A session counts while `ended_at` is empty and neither the idle timeout nor the
    absolute lifetime has passed."""

    __tablename__ = "user_session"

    id: int | None = Field(default=None, primary_key=True)
    key_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    created_at: datetime = Field(default_factory=clock.now)
    last_seen_at: datetime = Field(default_factory=clock.now)
    ended_at: datetime | None = None
    end_reason: str = Field(default="", max_length=40)
    ip: str = Field(default="", max_length=64)
    user_agent: str = Field(default="", max_length=200)
    method: str = Field(default="password", max_length=20)  # password, password+totp, password+recovery
    must_enrol_mfa: bool = Field(default=False)  # a role of the user requires MFA and none is set up yet


class LoginFailure(SQLModel, table=True):
    """A failed attempt, counted for throttling: `kind` is login, mfa or reauth (the current-password check);
    `device` is the id of the browser's device cookie when it had a valid one for this account."""

    __tablename__ = "login_failure"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=clock.now, index=True)
    kind: str = Field(default="login", max_length=10)
    email: str = Field(max_length=254, index=True)
    ip: str = Field(default="", max_length=64, index=True)
    device: str = Field(default="", max_length=64)


class MfaCredential(SQLModel, table=True):
    """A user's TOTP secret (RFC 6238). Not `confirmed_at`: enrolment started but no code was entered yet.
    `last_step` is the time step of the last accepted code, so a code is accepted only once."""

    __tablename__ = "mfa_credential"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", unique=True)
    secret: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=clock.now)
    confirmed_at: datetime | None = None
    last_step: int = Field(default=0)


class RecoveryCode(SQLModel, table=True):
    """One of the ten one-time codes for a lost authenticator, stored as its SHA-256 (the codes are random)."""

    __tablename__ = "recovery_code"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    code_hash: str = Field(max_length=64)
    used_at: datetime | None = None


class Invitation(SQLModel, table=True):
    """An invitation to join an organisation with a role. Whoever holds the link of a new address sets their own
    password; an existing user accepts it signed in. The link's token is stored as its SHA-256 only."""

    __table_args__ = (UniqueConstraint("token_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64)
    email: str = Field(max_length=254, index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    role: str = Field(max_length=20)
    invited_by: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=clock.now)
    expires_at: datetime
    accepted_at: datetime | None = None
    withdrawn_at: datetime | None = None


class SignInPolicy(SQLModel, table=True):
    """How the members of an organisation sign in: the roles that need a second factor, and whether a password
    is allowed at all (off: single sign-on only). An organisation without a row requires no second factor and
    allows passwords (organisations made before this table existed: their admin chooses)."""

    __tablename__ = "sign_in_policy"

    organisation_id: int = Field(foreign_key="organisation.id", primary_key=True)
    mfa_roles: str = Field(default="", max_length=100)  # comma-separated role values
    password_login: bool = Field(default=True)


class SsoNonce(SQLModel, table=True):
    """The nonce of every accepted ID token (as SHA-256): the same token presented again is refused."""

    __tablename__ = "sso_nonce"

    nonce_hash: str = Field(max_length=64, primary_key=True)
    used_at: datetime = Field(default_factory=clock.now)

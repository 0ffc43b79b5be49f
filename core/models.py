"""Organisations, users, their memberships and the audit trail: the tables every area refers to."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from core import clock
from core.chain import Chained, history
from core.dbtypes import enum_check, table_of
from core.labels import N_, Labels


class Role(StrEnum):
    ADMIN = "admin"
    CISO = "ciso"
    AUDITOR = "auditor"
    MANAGEMENT = "management"


ROLE_LABELS = Labels(
    {
        Role.ADMIN: N_("Beheerder"),
        Role.CISO: N_("CISO"),
        Role.AUDITOR: N_("Auditor"),
        Role.MANAGEMENT: N_("Management"),
    }
)


class Organisation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=64, unique=True, index=True)
    name: str = Field(max_length=200)
    provider_id: int | None = Field(default=None, foreign_key="organisation.id")
    review_interval_months: int = Field(default=12)
    plan_horizon_years: int = Field(default=3)  # a planned date of an answer lies at most this far ahead
    created_at: datetime = Field(default_factory=clock.now)
    # where scheduled reports may be mailed, one domain a line; empty: the domains of the members (core.mail_domains)
    mail_domains: str = Field(default="", max_length=2000)
    # the adopted VvT and the scope are public at /publiek/<slug>/ (core.publication); off until opted in
    published: bool = Field(default=False)


def new_login_token() -> str:
    return secrets.token_urlsafe(24)


class User(SQLModel, table=True):
    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    name: str = Field(default="", max_length=200)
    password_hash: str = Field(max_length=255)
    active: bool = Field(default=True)
    locale: str | None = Field(default=None, max_length=5)
    # Flask-Login identifies sessions by this token: rotating it logs out every session of the user.
    login_token: str = Field(default_factory=new_login_token, max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=clock.now)
    last_login_at: datetime | None = None

    # Flask-Login protocol
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return self.login_token


class Membership(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("user_id", "organisation_id"),
        enum_check("role", Role, name="ck_membership_role"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    role: str = Field(max_length=20)


class AuditEvent(Chained, table=True):
    """Who did what and when, in which organisation, and what changed (before -> after)."""

    # The logboek reads one organisation's events newest first: without this index every view scanned the
    # events of all organisations (500 organisations x 1,000 events: half a second a page).
    __table_args__ = (Index("ix_auditevent_organisation_at", "organisation_id", "at", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=clock.now, index=True)
    action: str = Field(max_length=60, index=True)
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")
    actor_name: str = Field(default="", max_length=200)  # the name as it was when the event happened
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    subject: str = Field(default="", max_length=254, index=True)
    detail: str = Field(default="", max_length=2000)
    changes: str = Field(default="")  # JSON: {field: [before, after]} of what the event changed
    ip: str = Field(default="", max_length=64)


history(table_of(AuditEvent))  # organisation_id None: the platform's chain (logins, see docs/audit.md)

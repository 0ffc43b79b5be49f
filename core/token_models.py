"""Personal access tokens for the JSON API: made by a user for one organisation, with a scope and an expiry."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from core import clock
from core.dbtypes import enum_check
from core.labels import N_, Labels


class TokenScope(StrEnum):
    READ = "read"  # GET, and checking a report's copy
    WRITE = "write"  # also what the user's role may change (never for auditors and management)


SCOPE_LABELS = Labels({TokenScope.READ: N_("lezen"), TokenScope.WRITE: N_("lezen en schrijven")})


class ApiToken(SQLModel, table=True):
    """A token of a user for one organisation. Only the SHA-256 of the secret is kept (the secret is shown
    once, when the token is made); `prefix` is its first characters, so that a user can tell tokens apart."""

    __tablename__ = "api_token"
    __table_args__ = (enum_check("scope", TokenScope, name="ck_api_token_scope"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    name: str = Field(default="", max_length=100)
    scope: str = Field(max_length=10)
    prefix: str = Field(max_length=16)
    secret_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=clock.now)
    expires_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None
    revoked_by: str = Field(default="", max_length=200)

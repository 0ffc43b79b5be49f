"""Personal access tokens: making one (the secret shown once, its SHA-256 kept), finding the token of a
request, listing and revoking. Every change records its audit event.

The secret is 32 random bytes (256 bits): guessing it is hopeless, so a fast hash is enough and a slow password
hash (Argon2) would only cost every API request its time. SHA-256 also lets the token be found by an index
lookup on the hash, in the one query that authenticates a request."""

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
from core.errors import NotFound, RuleError
from core.models import Membership, Organisation, Role, User
from core.token_models import ApiToken, TokenScope

SECRET_PREFIX = "nlv_"  # noqa: S105 - the marker every token starts with, not a secret
MAX_DAYS = 365
DEFAULT_DAYS = 90
PREFIX_LENGTH = 12  # "nlv_" and the first 8 characters of the random part
# Roles whose tokens may write: the others (auditor, management) only read, whatever scope is asked for.
WRITING_ROLES = frozenset({Role.ADMIN, Role.CISO})
# How stale `last_used_at` may get before a request writes it again (not a write on every request).
LAST_USED_PRECISION = timedelta(minutes=5)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


@dataclass(frozen=True)
class NewToken:
    """A token just made, with its secret: the only moment the secret is known."""

    token: ApiToken
    secret: str


def create_token(
    *,
    session: Session,
    user: User,
    organisation: Organisation,
    scope: TokenScope | str,
    days: int = DEFAULT_DAYS,
    name: str = "",
    actor: Actor,
) -> NewToken:
    """Make a token of `user` for `organisation`; RuleError when the user is no member there, the role may not
    write with a write scope, or the expiry is not 1 to 365 days."""
    if scope not in {s.value for s in TokenScope}:
        raise RuleError.one(
            "token.scope_unknown", f"onbekende reikwijdte '{scope}'", field="scope", scope=scope
        )
    if not 1 <= days <= MAX_DAYS:
        message = f"een token verloopt na 1 tot {MAX_DAYS} dagen, niet {days}"
        raise RuleError.one("token.days_out_of_range", message, field="days", days=days, max=MAX_DAYS)
    role = role_of(session=session, user_id=id_of(user), organisation_id=id_of(organisation))
    if role is None:
        message = f"{user.email} is geen lid van {organisation.name}"
        raise RuleError.one("token.not_a_member", message, email=user.email, organisation=organisation.name)
    if scope == TokenScope.WRITE and role not in WRITING_ROLES:
        message = f"met de rol {role.value} kan een token alleen lezen"
        raise RuleError.one("token.write_not_allowed", message, field="scope", role=role.value)
    secret = new_secret()
    now = clock.now()
    token = ApiToken(
        user_id=id_of(user),
        organisation_id=id_of(organisation),
        name=name.strip()[:100],
        scope=str(scope),
        prefix=secret[:PREFIX_LENGTH],
        secret_hash=hash_secret(secret),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(token)
    session.flush()
    record_event(
        session=session,
        action="token.created",
        actor=actor,
        organisation_id=id_of(organisation),
        subject=user.email,
        detail=f"token {token.id} ({token.prefix}…), {scope}, verloopt {token.expires_at.date().isoformat()}",
    )
    return NewToken(token, secret)


def role_of(*, session: Session, user_id: int, organisation_id: int) -> Role | None:
    role = session.exec(
        select(Membership.role).where(
            col(Membership.user_id) == user_id, col(Membership.organisation_id) == organisation_id
        )
    ).first()
    return Role(role) if role is not None else None


@dataclass(frozen=True)
class Authenticated:
    """Who a request's token speaks for: the token, its user, the organisation and the user's role there now."""

    token: ApiToken
    user: User
    organisation: Organisation
    role: Role
    noted: bool = False  # its last use was noted in the session (the caller commits it)

    @property
    def may_write(self) -> bool:
        return self.token.scope == TokenScope.WRITE and self.role in WRITING_ROLES


def authenticate_token(*, session: Session, secret: str) -> Authenticated | None:
    """The live token with this secret (not revoked, not expired, its user active and still a member), in one
    query; None otherwise. Notes when it was last used, at most every few minutes."""
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 100:
        return None
    row = session.exec(
        select(ApiToken, User, Organisation, Membership.role)
        .join(User, col(User.id) == col(ApiToken.user_id))
        .join(Organisation, col(Organisation.id) == col(ApiToken.organisation_id))
        .join(
            Membership,
            (col(Membership.user_id) == col(ApiToken.user_id))
            & (col(Membership.organisation_id) == col(ApiToken.organisation_id)),
        )
        .where(col(ApiToken.secret_hash) == hash_secret(secret), col(User.active).is_(True))
    ).first()
    if row is None:
        return None
    token, user, organisation, role = row
    now = clock.now()
    if token.revoked_at is not None or _aware(token.expires_at) <= now:
        return None
    noted = token.last_used_at is None or now - _aware(token.last_used_at) > LAST_USED_PRECISION
    if noted:
        token.last_used_at = now
        session.add(token)
        session.flush()
    return Authenticated(token, user, organisation, Role(role), noted)


def _aware(moment: datetime) -> datetime:
    """SQLite hands timestamps back without their zone; they are stored in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=clock.now().tzinfo)


@dataclass(frozen=True)
class TokenLine:
    token: ApiToken
    email: str
    organisation_slug: str

    @property
    def state(self) -> str:
        if self.token.revoked_at is not None:
            return "revoked"
        return "expired" if _aware(self.token.expires_at) <= clock.now() else "active"


def tokens_of(*, session: Session, user_id: int | None = None) -> list[TokenLine]:
    """The tokens of a user (of everyone when None), newest first, with the user's e-mail and the slug."""
    query = (
        select(ApiToken, User.email, Organisation.slug)
        .join(User, col(User.id) == col(ApiToken.user_id))
        .join(Organisation, col(Organisation.id) == col(ApiToken.organisation_id))
        .order_by(col(ApiToken.created_at).desc(), col(ApiToken.id).desc())
    )
    if user_id is not None:
        query = query.where(col(ApiToken.user_id) == user_id)
    return [TokenLine(token, email, slug) for token, email, slug in session.exec(query).all()]


def revoke_token(*, session: Session, token_id: int, actor: Actor, user_id: int | None = None) -> ApiToken:
    """Revoke a token (of `user_id` only, when given: a user revokes their own); NotFound when there is none.
    Revoking a revoked token changes nothing."""
    token = session.get(ApiToken, token_id)
    if token is None or (user_id is not None and token.user_id != user_id):
        raise NotFound(token_id)
    if token.revoked_at is not None:
        return token
    token.revoked_at = clock.now()
    token.revoked_by = actor.name[:200]
    session.add(token)
    owner = session.get(User, token.user_id)
    record_event(
        session=session,
        action="token.revoked",
        actor=actor,
        organisation_id=token.organisation_id,
        subject=owner.email if owner else "",
        detail=f"token {token.id} ({token.prefix}…)",
    )
    session.flush()
    return token

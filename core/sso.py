"""Single sign-on: who an identity confirmed by the organisation's OpenID provider is here. The e-mail claim links
to an existing user; a new user is made only where the installation says so; where an organisation maps the
provider's groups to roles, its memberships follow the groups at every sign-in."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlmodel import Session, col, select

from core import clock
from core.accounts import EMAIL_PATTERN, remove_membership, set_membership, user_by_email
from core.actor import Actor
from core.audit import record_event
from core.errors import RuleError
from core.identity_models import SsoNonce
from core.models import Membership, Organisation, Role, User


@dataclass(frozen=True)
class GroupRule:
    """Members of `group` at the provider get `role` in the organisation `slug`."""

    slug: str
    group: str
    role: Role


@dataclass(frozen=True)
class SsoSettings:
    allowed_domains: tuple[str, ...] = ()
    create_users: bool = False
    rules: tuple[GroupRule, ...] = ()


def parse_group_rules(entries: list[str]) -> tuple[GroupRule, ...]:
    """'voorbeeld:GG-Naleving-CISO=ciso' -> GroupRule; ValueError naming the entry otherwise."""
    rules = []
    for entry in entries:
        slug, _, rest = entry.partition(":")
        group, _, role = rest.rpartition("=")
        if not slug or not group or role not in {r.value for r in Role}:
            raise ValueError(f"'{entry}': verwacht slug:groep=rol (rol: admin, ciso, auditor, management)")
        rules.append(GroupRule(slug.strip(), group.strip(), Role(role)))
    return tuple(rules)


def spend_nonce(*, session: Session, nonce: str) -> bool:
    """Record a nonce of an accepted ID token; False when it was seen before (a replayed token)."""
    digest = hashlib.sha256(nonce.encode()).hexdigest()
    if session.get(SsoNonce, digest) is not None:
        return False
    session.add(SsoNonce(nonce_hash=digest, used_at=clock.now()))
    session.flush()
    return True


def user_for_identity(
    *,
    session: Session,
    email: str,
    email_verified: bool,
    name: str,
    groups: list[str],
    settings: SsoSettings,
    ip: str = "",
) -> User:
    """The user this confirmed identity is, with the memberships its groups give; RuleError when it may not sign
    in (an address not confirmed by the provider, a domain not allowed, no such user)."""
    email = email.strip().lower()
    if not email or not EMAIL_PATTERN.match(email) or not email_verified:
        raise RuleError.one("sso.email_unverified", email=email)
    domain = email.rsplit("@", 1)[1]
    if settings.allowed_domains and domain not in settings.allowed_domains:
        raise RuleError.one("sso.domain_not_allowed", email=email, domain=domain)
    user = user_by_email(session=session, email=email)
    if user is None and not settings.create_users:
        raise RuleError.one("sso.unknown_user", email=email)
    if user is None:
        user = User(email=email, name=name.strip()[:200], password_hash="")  # no password: sign-on only
        session.add(user)
        session.flush()
        record_event(
            session=session,
            action="user.created",
            actor=Actor.of(user, ip=ip),
            subject=email,
            detail="via sso",
        )
    if not user.active:
        raise RuleError.one("sso.unknown_user", email=email)
    _follow_groups(session=session, user=user, groups=set(groups), rules=settings.rules)
    return user


def _follow_groups(*, session: Session, user: User, groups: set[str], rules: tuple[GroupRule, ...]) -> None:
    """Organisations named in the rules follow the groups: the matching role, or no access (admins stay)."""
    actor = Actor.system("sso")
    order = list(Role)  # admin first: the most rights of the matching groups
    for slug in dict.fromkeys(rule.slug for rule in rules):
        organisation = session.exec(select(Organisation).where(Organisation.slug == slug)).first()
        if organisation is None:
            continue
        roles = [rule.role for rule in rules if rule.slug == slug and rule.group in groups]
        member = session.exec(
            select(Membership).where(
                col(Membership.user_id) == user.id, col(Membership.organisation_id) == organisation.id
            )
        ).first()
        if roles:
            set_membership(
                session=session,
                user=user,
                organisation=organisation,
                role=min(roles, key=order.index),
                actor=actor,
            )
        elif member is not None and member.role != Role.ADMIN.value:
            remove_membership(session=session, user=user, organisation=organisation, actor=actor)


def record_refused_sign_in(*, session: Session, code: str, ip: str) -> None:
    """A refused single sign-on (wrong audience, unknown user, ...): a platform event with the refusal's code."""
    record_event(session=session, action="sso.refused", actor=Actor(None, "", ip), detail=code)

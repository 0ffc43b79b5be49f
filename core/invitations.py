"""Invitations to an organisation. An administrator invites an e-mail address with a role; whoever receives the
link sets their own password (a new address) or accepts signed in (an existing user of another organisation).
The administrator's side is the same in both cases, so it does not tell whether an address has an account."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlmodel import Session, col, select

from core import clock
from core.accounts import EMAIL_PATTERN, set_membership, user_by_email
from core.actor import Actor
from core.audit import record_event
from core.dbtypes import id_of
from core.errors import RuleError
from core.identity_models import Invitation, as_utc
from core.models import Membership, Organisation, Role, User
from core.password_policy import check_password
from core.passwords import hash_password

VALID_HOURS = 72


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(
    *,
    session: Session,
    email: str,
    organisation: Organisation,
    role: Role | str,
    actor: Actor,
    valid_hours: int = VALID_HOURS,
) -> str:
    """Invite an address; returns the token of the link (stored only as its hash). An earlier open invitation
    of the same address to the same organisation is withdrawn."""
    email = email.strip().lower()
    if not EMAIL_PATTERN.match(email):
        raise RuleError.one("account.invalid_email", field="email", email=email)
    role = Role(role)
    existing = user_by_email(session=session, email=email)
    if existing is not None and _is_member(session=session, user=existing, organisation=organisation):
        raise RuleError.one("invitation.already_member", field="email", email=email)
    for earlier in _open(session=session, organisation_id=id_of(organisation), email=email):
        earlier.withdrawn_at = clock.now()
        session.add(earlier)
    token = secrets.token_urlsafe(32)
    session.add(
        Invitation(
            token_hash=_hash(token),
            email=email,
            organisation_id=id_of(organisation),
            role=role.value,
            invited_by=actor.name,
            expires_at=clock.now() + timedelta(hours=valid_hours),
        )
    )
    record_event(
        session=session,
        action="invitation.created",
        actor=actor,
        organisation_id=organisation.id,
        subject=email,
        detail=f"rol {role.value}",
    )
    session.flush()
    return token


def _is_member(*, session: Session, user: User, organisation: Organisation) -> bool:
    return (
        session.exec(
            select(Membership.id).where(
                Membership.user_id == user.id, Membership.organisation_id == organisation.id
            )
        ).first()
        is not None
    )


def _open(*, session: Session, organisation_id: int, email: str | None = None) -> list[Invitation]:
    query = select(Invitation).where(
        Invitation.organisation_id == organisation_id,
        col(Invitation.accepted_at).is_(None),
        col(Invitation.withdrawn_at).is_(None),
        col(Invitation.expires_at) > clock.now(),
    )
    if email is not None:
        query = query.where(Invitation.email == email)
    return list(session.exec(query.order_by(col(Invitation.created_at).desc())).all())


def open_invitations(*, session: Session, organisation_id: int) -> list[Invitation]:
    return _open(session=session, organisation_id=organisation_id)


def invitation_by_token(*, session: Session, token: str) -> Invitation | None:
    """The invitation of a link while it can still be used (not accepted, withdrawn or expired)."""
    invitation = session.exec(select(Invitation).where(Invitation.token_hash == _hash(token))).first()
    if invitation is None or invitation.accepted_at or invitation.withdrawn_at:
        return None
    if as_utc(invitation.expires_at) <= clock.now():
        return None
    return invitation


def _accept(*, session: Session, invitation: Invitation, user: User, actor: Actor) -> None:
    organisation = session.get(Organisation, invitation.organisation_id)
    if organisation is None:
        raise RuleError.one("invitation.invalid")
    set_membership(
        session=session, user=user, organisation=organisation, role=Role(invitation.role), actor=actor
    )
    invitation.accepted_at = clock.now()
    session.add(invitation)
    record_event(
        session=session,
        action="invitation.accepted",
        actor=actor,
        organisation_id=invitation.organisation_id,
        subject=invitation.email,
    )
    session.flush()


def accept_as_new_user(
    *, session: Session, invitation: Invitation, name: str, password: str, ip: str = ""
) -> User:
    """The invited address has no account: make it with the password its owner chose, and the membership."""
    if user_by_email(session=session, email=invitation.email) is not None:
        raise RuleError.one("invitation.sign_in_first", email=invitation.email)
    check_password(password, email=invitation.email, name=name)
    user = User(email=invitation.email, name=name.strip()[:200], password_hash=hash_password(password))
    session.add(user)
    session.flush()
    actor = Actor.of(user, ip=ip)
    record_event(
        session=session,
        action="user.created",
        actor=actor,
        organisation_id=invitation.organisation_id,
        subject=user.email,
        detail="via uitnodiging",
    )
    _accept(session=session, invitation=invitation, user=user, actor=actor)
    return user


def accept_as_user(*, session: Session, invitation: Invitation, user: User, actor: Actor) -> None:
    """An existing user, signed in, accepts an invitation to their own address."""
    if user.email != invitation.email:
        raise RuleError.one("invitation.other_address", email=invitation.email)
    _accept(session=session, invitation=invitation, user=user, actor=actor)


def withdraw(*, session: Session, invitation: Invitation, actor: Actor) -> None:
    invitation.withdrawn_at = clock.now()
    session.add(invitation)
    record_event(
        session=session,
        action="invitation.withdrawn",
        actor=actor,
        organisation_id=invitation.organisation_id,
        subject=invitation.email,
    )
    session.flush()

"""Signing in: the password check (throttled, see core.throttle), whether a second factor is needed, and the
start of the server-side session once every step is done."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from core import clock
from core.actor import Actor
from core.audit import changed_fields, record_event
from core.dbtypes import id_of
from core.identity_models import SignInPolicy, UserSession
from core.models import Membership, Organisation, Role, User
from core.passwords import dummy_verify, verify_password
from core.sessions import start_session
from core.throttle import Attempt, Source, Throttle, clear_failures, record_failure, seconds_to_wait


@dataclass(frozen=True)
class Check:
    """The outcome of one try: the user, or a refusal ('invalid', or 'wait' with the seconds still to wait)."""

    user: User | None
    refusal: str = ""
    wait_seconds: int = 0


def check_secret(
    *,
    session: Session,
    kind: Attempt,
    email: str,
    source: Source,
    throttle: Throttle,
    correct: bool | None,
    user: User | None,
) -> Check:
    """The shared tail of every throttled try: refuse while the wait lasts, count and log a failure, clear the
    failures after a success. `correct` None means: not checked yet because the wait was not over."""
    if correct is None:
        wait = seconds_to_wait(session=session, kind=kind, email=email, source=source, throttle=throttle)
        record_event(
            session=session,
            action=f"{kind.value}.refused_wait",
            actor=Actor(None, "", source.ip),
            subject=email,
            detail=f"{wait} s",
        )
        return Check(None, "wait", wait)
    if not correct or user is None:
        record_failure(session=session, kind=kind, email=email, source=source)
        record_event(
            session=session,
            action=f"{kind.value}.failed",
            actor=Actor.of(user, ip=source.ip)
            if user and kind != Attempt.LOGIN
            else Actor(None, "", source.ip),
            subject=email,
        )
        return Check(None, "invalid")
    clear_failures(session=session, kind=kind, email=email, source=source)
    return Check(user)


def authenticate(*, session: Session, email: str, password: str, source: Source, throttle: Throttle) -> Check:
    """Check an e-mail address and password. The password is not even looked at while a wait lasts, and an
    unknown address costs the same time as a known one."""
    email = email.strip().lower()
    correct: bool | None = None
    user = None
    if not seconds_to_wait(
        session=session, kind=Attempt.LOGIN, email=email, source=source, throttle=throttle
    ):
        user = session.exec(select(User).where(User.email == email)).first()
        if user is None:
            dummy_verify(password)
        correct = user is not None and verify_password(user.password_hash, password) and user.active
        if correct and user is not None and not password_allowed(session=session, user_id=id_of(user)):
            record_event(
                session=session, action="login.sso_only", actor=Actor.of(user, ip=source.ip), subject=email
            )
            return Check(None, "sso_only")
    return check_secret(
        session=session,
        kind=Attempt.LOGIN,
        email=email,
        source=source,
        throttle=throttle,
        correct=correct,
        user=user,
    )


def mfa_required(*, session: Session, user_id: int) -> bool:
    """Does a role of this user, in one of their organisations, require a second factor?"""
    rows = session.exec(
        select(Membership.role, SignInPolicy.mfa_roles)
        .join(SignInPolicy, col(SignInPolicy.organisation_id) == col(Membership.organisation_id))
        .where(Membership.user_id == user_id)
    ).all()
    return any(role in roles.split(",") for role, roles in rows if roles)


def complete_sign_in(
    *, session: Session, user: User, source: Source, user_agent: str, method: str, must_enrol_mfa: bool
) -> tuple[str, UserSession]:
    """Every step passed: start the session (returns its key for the cookie) and log the sign-in."""
    user.last_login_at = clock.now()
    session.add(user)
    key, row = start_session(
        session=session,
        user=user,
        ip=source.ip,
        user_agent=user_agent,
        method=method,
        must_enrol_mfa=must_enrol_mfa,
    )
    record_event(
        session=session,
        action="login.succeeded",
        actor=Actor.of(user, ip=source.ip),
        subject=user.email,
        detail=method,
    )
    return key, row


def mfa_roles_of(*, session: Session, organisation_id: int) -> list[Role]:
    """The roles of this organisation that must sign in with a second factor."""
    policy = session.get(SignInPolicy, organisation_id)
    if policy is None or not policy.mfa_roles:
        return []
    return [Role(value) for value in policy.mfa_roles.split(",")]


def set_mfa_roles(*, session: Session, organisation: Organisation, roles: list[Role], actor: Actor) -> None:
    """Say which roles of the organisation need a second factor (from their next sign-in)."""
    before = mfa_roles_of(session=session, organisation_id=id_of(organisation))
    after = [role for role in Role if role in roles]
    if before == after:
        return
    policy = session.get(SignInPolicy, id_of(organisation)) or SignInPolicy(
        organisation_id=id_of(organisation)
    )
    policy.mfa_roles = ",".join(role.value for role in after)
    session.add(policy)
    record_event(
        session=session,
        action="organisation.mfa_roles_changed",
        actor=actor,
        organisation_id=organisation.id,
        subject=organisation.slug,
        changes=changed_fields(
            {"mfa_roles": ",".join(r.value for r in before)}, {"mfa_roles": policy.mfa_roles}
        ),
    )
    session.flush()


def password_allowed(*, session: Session, user_id: int) -> bool:
    """False when an organisation of the user signs in through single sign-on only."""
    return not session.exec(
        select(SignInPolicy.organisation_id)
        .join(Membership, col(Membership.organisation_id) == col(SignInPolicy.organisation_id))
        .where(Membership.user_id == user_id, col(SignInPolicy.password_login).is_(False))
    ).first()


def password_login_of(*, session: Session, organisation_id: int) -> bool:
    policy = session.get(SignInPolicy, organisation_id)
    return policy is None or policy.password_login


def set_password_login(*, session: Session, organisation: Organisation, allowed: bool, actor: Actor) -> None:
    """Allow passwords for the organisation's members, or only single sign-on (from their next sign-in)."""
    policy = session.get(SignInPolicy, id_of(organisation)) or SignInPolicy(
        organisation_id=id_of(organisation)
    )
    if policy.password_login == allowed:
        return
    before = policy.password_login
    policy.password_login = allowed
    session.add(policy)
    record_event(
        session=session,
        action="organisation.password_login_changed",
        actor=actor,
        organisation_id=organisation.id,
        subject=organisation.slug,
        changes=changed_fields({"password_login": before}, {"password_login": allowed}),
    )
    session.flush()

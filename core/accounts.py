"""Organisations, users and memberships: the functions the CLI and the admin pages share."""

from __future__ import annotations

import re

from sqlalchemy import func
from sqlmodel import Session, col, select

from core.actor import Actor
from core.audit import changed_fields, record_event
from core.dbtypes import id_of
from core.errors import RuleError
from core.models import Membership, Organisation, Role, User, new_login_token
from core.password_policy import check_password
from core.passwords import hash_password

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# The roles that must use a second factor in a new organisation (BIO2 5.17, 8.5: accounts with rights).
DEFAULT_MFA_ROLES = (Role.ADMIN, Role.CISO)


def organisation_by_slug(*, session: Session, slug: str) -> Organisation | None:
    return session.exec(select(Organisation).where(Organisation.slug == slug)).first()


def create_organisation(
    *,
    session: Session,
    name: str,
    slug: str,
    provider: Organisation | None = None,
    actor: Actor | None = None,
    mfa_roles: tuple[Role, ...] = DEFAULT_MFA_ROLES,
) -> Organisation:
    """A new organisation; its members in `mfa_roles` must sign in with a second factor (the demo and the
    tests pass none)."""
    from core.identity_models import SignInPolicy  # the sign-in tables: loaded by what uses them

    slug = slug.strip().lower()
    if not SLUG_PATTERN.match(slug):
        raise RuleError.one(
            "account.invalid_slug",
            f"ongeldige slug '{slug}': 3-64 tekens, kleine letters, cijfers en streepjes",
            field="slug",
            slug=slug,
        )
    if organisation_by_slug(session=session, slug=slug) is not None:
        raise RuleError.one("account.slug_taken", f"organisatie '{slug}' bestaat al", field="slug", slug=slug)
    if not name.strip():
        raise RuleError.one("account.name_missing", "naam van de organisatie ontbreekt", field="name")
    organisation = Organisation(name=name.strip(), slug=slug, provider_id=provider.id if provider else None)
    session.add(organisation)
    session.flush()
    session.add(
        SignInPolicy(organisation_id=id_of(organisation), mfa_roles=",".join(r.value for r in mfa_roles))
    )
    record_event(
        session=session,
        action="organisation.created",
        actor=actor,
        organisation_id=organisation.id,
        subject=organisation.slug,
    )
    return organisation


REVIEW_INTERVAL_MONTHS = (1, 36)  # the settings' bounds for "herbeoordeling na"
PLAN_HORIZON_YEARS = (1, 10)  # the settings' bounds for how far ahead a planned date may lie (controls.rules)
MAX_NAME = 200


def would_cycle(*, session: Session, organisation: Organisation, provider: Organisation) -> bool:
    """Whether `provider`, or a provider of its providers, is `organisation` (answers would then be taken over
    in a circle)."""
    step: Organisation | None = provider
    seen: set[int | None] = set()
    while step is not None and step.id not in seen:
        if step.id == organisation.id:
            return True
        seen.add(step.id)
        step = session.get(Organisation, step.provider_id) if step.provider_id else None
    return False


def update_organisation(
    *,
    session: Session,
    organisation: Organisation,
    name: str,
    provider: Organisation | None,
    review_interval_months: int,
    plan_horizon_years: int | None = None,
    actor: Actor | None = None,
) -> Organisation:
    """Change the settings of an organisation: its name, its provider (shared service), after how many months
    an answer is due for review and how many years ahead a planned date may lie (None: as it is)."""
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise RuleError.one(
            "account.name_length",
            f"naam van de organisatie: 1 tot {MAX_NAME} tekens",
            field="name",
            max=MAX_NAME,
        )
    if provider is not None and would_cycle(session=session, organisation=organisation, provider=provider):
        raise RuleError.one(
            "account.provider_cycle",
            f"{provider.slug} kan niet de leverancier van {organisation.slug} zijn: dat wordt een kring",
            field="provider",
            provider=provider.slug,
            organisation=organisation.slug,
        )
    low, high = REVIEW_INTERVAL_MONTHS
    if not low <= review_interval_months <= high:
        raise RuleError.one(
            "account.review_interval",
            f"herbeoordeling na {low} tot en met {high} maanden",
            field="review_interval_months",
            low=low,
            high=high,
        )
    horizon = organisation.plan_horizon_years if plan_horizon_years is None else plan_horizon_years
    low, high = PLAN_HORIZON_YEARS
    if not low <= horizon <= high:
        raise RuleError.one(
            "account.plan_horizon",
            f"planhorizon {low} tot en met {high} jaar",
            field="plan_horizon_years",
            low=low,
            high=high,
        )
    before = {
        "name": organisation.name,
        "provider": _slug_of(session=session, organisation_id=organisation.provider_id),
        "review_interval_months": organisation.review_interval_months,
        "plan_horizon_years": organisation.plan_horizon_years,
    }
    after = {
        "name": name,
        "provider": provider.slug if provider else None,
        "review_interval_months": review_interval_months,
        "plan_horizon_years": horizon,
    }
    changes = changed_fields(before, after)
    if not changes:
        return organisation
    organisation.name = name
    organisation.provider_id = provider.id if provider else None
    organisation.review_interval_months = review_interval_months
    organisation.plan_horizon_years = horizon
    session.add(organisation)
    record_event(
        session=session,
        action="organisation.changed",
        actor=actor,
        organisation_id=organisation.id,
        subject=organisation.slug,
        changes=changes,
    )
    session.flush()
    return organisation


def _slug_of(*, session: Session, organisation_id: int | None) -> str | None:
    organisation = session.get(Organisation, organisation_id) if organisation_id else None
    return organisation.slug if organisation else None


def user_by_email(*, session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == email.strip().lower())).first()


def create_user(
    *,
    session: Session,
    email: str,
    password: str,
    organisation: Organisation,
    role: Role | str,
    name: str = "",
    actor: Actor | None = None,
) -> User:
    """Create a user with a membership; an existing user only gets the (new) membership."""
    email = email.strip().lower()
    if not EMAIL_PATTERN.match(email):
        raise RuleError.one(
            "account.invalid_email", f"ongeldig e-mailadres '{email}'", field="email", email=email
        )
    try:
        role = Role(role)
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise RuleError.one(
            "account.unknown_role",
            f"onbekende rol '{role}': kies uit {allowed}",
            field="role",
            role=role,
            allowed=allowed,
        ) from None
    user = user_by_email(session=session, email=email)
    if user is None:
        check_password(password, email=email, name=name)
        user = User(email=email, name=name.strip(), password_hash=hash_password(password))
        session.add(user)
        session.flush()
        record_event(
            session=session,
            action="user.created",
            actor=actor,
            organisation_id=organisation.id,
            subject=email,
        )
    set_membership(session=session, user=user, organisation=organisation, role=role, actor=actor)
    return user


def _membership_of(*, session: Session, user: User, organisation: Organisation) -> Membership | None:
    return session.exec(
        select(Membership).where(
            col(Membership.user_id) == user.id, col(Membership.organisation_id) == organisation.id
        )
    ).first()


def set_membership(
    *, session: Session, user: User, organisation: Organisation, role: Role, actor: Actor | None = None
) -> Membership:
    membership = _membership_of(session=session, user=user, organisation=organisation)
    if membership is None:
        membership = Membership(user_id=id_of(user), organisation_id=id_of(organisation), role=role.value)
        session.add(membership)
        record_event(
            session=session,
            action="membership.added",
            actor=actor,
            organisation_id=organisation.id,
            subject=user.email,
            changes=changed_fields({}, {"role": role.value}),
        )
    elif membership.role != role.value:
        record_event(
            session=session,
            action="membership.changed",
            actor=actor,
            organisation_id=organisation.id,
            subject=user.email,
            changes=changed_fields({"role": membership.role}, {"role": role.value}),
        )
        membership.role = role.value
        session.add(membership)
    session.flush()
    return membership


def remove_membership(
    *, session: Session, user: User, organisation: Organisation, actor: Actor | None = None
) -> None:
    from core.sessions import end_sessions_of

    membership = _membership_of(session=session, user=user, organisation=organisation)
    if membership is None:
        raise RuleError.one(
            "account.not_a_member",
            f"{user.email} is geen lid van {organisation.name}",
            email=user.email,
            organisation=organisation.name,
        )
    if (
        membership.role == Role.ADMIN
        and _admin_count(session=session, organisation_id=id_of(organisation)) == 1
    ):
        raise RuleError.one(
            "account.last_admin", "de laatste beheerder van een organisatie kan niet worden verwijderd"
        )
    session.delete(membership)
    record_event(
        session=session,
        action="membership.removed",
        actor=actor,
        organisation_id=organisation.id,
        subject=user.email,
        changes=changed_fields({"role": membership.role}, {"role": None}),
    )
    # The user's open sessions carry what they could see there (pages, forms): they end with the access.
    end_sessions_of(session=session, user_id=id_of(user), reason="membership_removed", actor=actor)


def _admin_count(*, session: Session, organisation_id: int) -> int:
    return session.exec(
        select(func.count())
        .select_from(Membership)
        .where(Membership.organisation_id == organisation_id, Membership.role == Role.ADMIN.value)
    ).one()


def set_password(
    *,
    session: Session,
    user: User,
    password: str,
    actor: Actor | None = None,
    keep_session: int | None = None,
) -> None:
    """Set a new password and end every session of the user (but `keep_session`, the one that changed it)."""
    from core.sessions import end_sessions_of

    check_password(password, email=user.email, name=user.name)
    user.password_hash = hash_password(password)
    user.login_token = new_login_token()
    session.add(user)
    record_event(session=session, action="user.password_changed", actor=actor, subject=user.email)
    end_sessions_of(
        session=session, user_id=id_of(user), reason="password_changed", actor=actor, keep=keep_session
    )


def set_active(*, session: Session, user: User, active: bool, actor: Actor | None = None) -> None:
    """Deactivate a user (no more logins; every session ends at once) or activate them again. Nobody deactivates
    themselves, and no organisation loses its last active administrator."""
    from core.sessions import end_sessions_of

    if user.active == active:
        return
    if not active:
        if actor is not None and actor.user_id == user.id:
            raise RuleError.one("account.deactivate_self", "u kunt uzelf niet deactiveren")
        sole = _organisations_only_administered_by(session=session, user=user)
        if sole:
            raise RuleError.one(
                "account.last_active_admin",
                f"{user.email} is de laatste actieve beheerder van {sole[0].name}",
                email=user.email,
                organisation=sole[0].name,
            )
    user.active = active
    user.login_token = new_login_token()
    session.add(user)
    record_event(
        session=session,
        action="user.activated" if active else "user.deactivated",
        actor=actor,
        subject=user.email,
    )
    end_sessions_of(session=session, user_id=id_of(user), reason="deactivated", actor=actor)


def _organisations_only_administered_by(*, session: Session, user: User) -> list[Organisation]:
    """The organisations of which `user` is the one active administrator."""
    administered = session.exec(
        select(Organisation)
        .join(Membership, col(Membership.organisation_id) == col(Organisation.id))
        .where(Membership.user_id == user.id, Membership.role == Role.ADMIN.value)
        .order_by(Organisation.name)
    ).all()
    return [
        organisation
        for organisation in administered
        if not session.exec(
            select(func.count())
            .select_from(Membership)
            .join(User, col(User.id) == col(Membership.user_id))
            .where(
                Membership.organisation_id == organisation.id,
                Membership.role == Role.ADMIN.value,
                User.active,
                User.id != user.id,
            )
        ).one()
    ]

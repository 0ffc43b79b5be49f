"""Small factories for test data: organisations, users with a role, and a world of two organisations."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from core.accounts import create_organisation, create_user
from core.models import Organisation, Role, User

PASSWORD = "correct horse battery staple"


def make_organisation(session: Session, slug: str, name: str | None = None, provider=None) -> Organisation:
    """MFA is optional in test organisations (tests that need it switch it on with core.signin.set_mfa_roles)."""
    return create_organisation(
        session=session, name=name or f"Gemeente {slug.title()}", slug=slug, provider=provider, mfa_roles=()
    )


def make_user(session: Session, organisation: Organisation, role: Role, email: str | None = None) -> User:
    email = email or f"{role.value}@{organisation.slug}.nl"
    return create_user(session=session, email=email, password=PASSWORD, organisation=organisation, role=role)


@dataclass
class World:
    """Two organisations, each with one user per role: 'own' is the one under test, 'other' must stay unseen."""

    own: Organisation
    other: Organisation
    users: dict[tuple[str, Role], User] = field(default_factory=dict)

    def user(self, role: Role, org: str = "own") -> User:
        return self.users[(org, role)]


def make_world(session: Session) -> World:
    own = make_organisation(session, "voorbeeld", "Gemeente Voorbeeld")
    other = make_organisation(session, "andere", "Gemeente Andere")
    world = World(own=own, other=other)
    for key, organisation in (("own", own), ("other", other)):
        for role in Role:
            world.users[(key, role)] = make_user(session, organisation, role)
    session.commit()
    return world

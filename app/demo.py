"""`naleving demo`: Gemeente Voorbeeld, its IT provider Gemeente Buurdorp, and one user per role (the CISO of
Voorbeeld is CISO of Buurdorp too, a regional CISO). Idempotent."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import current_app
from sqlmodel import Session, select

from core.accounts import (
    create_organisation,
    create_user,
    organisation_by_slug,
    set_membership,
    set_password,
    user_by_email,
)
from core.actor import Actor
from core.models import Membership, Organisation, Role

DEMO_ORGANISATIONS = (
    ("buurdorp", "Gemeente Buurdorp", None),
    ("voorbeeld", "Gemeente Voorbeeld", "buurdorp"),
)
REGIONAL_CISO = "ciso@voorbeeld.nl"  # also CISO of Buurdorp
DEMO_USERS = (
    ("admin@voorbeeld.nl", "Anna Beheer", Role.ADMIN, "voorbeeld"),
    ("ciso@voorbeeld.nl", "Carla Securitas", Role.CISO, "voorbeeld"),
    ("auditor@voorbeeld.nl", "Otto Controle", Role.AUDITOR, "voorbeeld"),
    ("management@voorbeeld.nl", "Marijke de Wethouder", Role.MANAGEMENT, "voorbeeld"),
    ("admin@buurdorp.nl", "Bert Beheer", Role.ADMIN, "buurdorp"),
    ("ciso@buurdorp.nl", "Bas Veilig", Role.CISO, "buurdorp"),
)


def demo_password(given: str | None) -> str:
    """The given password, else the one generated earlier for this installation, else a new one (kept)."""
    if given:
        return given
    path = Path(current_app.instance_path) / "demo_password"
    if path.exists():
        return path.read_text().strip()
    password = secrets.token_urlsafe(12)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(password)
    return password


def _regional_ciso(session: Session, buurdorp: Organisation) -> None:
    """The CISO of Voorbeeld is CISO of Buurdorp too (a regional CISO): the regional view and copying show."""
    ciso = user_by_email(session=session, email=REGIONAL_CISO)
    if ciso is not None and not any(
        m.organisation_id == buurdorp.id
        for m in session.exec(select(Membership).where(Membership.user_id == ciso.id)).all()
    ):
        set_membership(
            session=session, user=ciso, organisation=buurdorp, role=Role.CISO, actor=Actor.system("demo")
        )


def seed_demo(session: Session, *, password: str | None) -> list[str]:
    """Create or refresh the demo; returns the lines to print (including how to log in)."""
    password = demo_password(password)
    organisations: dict[str, Organisation] = {}
    for slug, name, provider in DEMO_ORGANISATIONS:
        organisation = organisation_by_slug(session=session, slug=slug)
        if organisation is None:
            organisation = create_organisation(
                session=session,
                name=name,
                slug=slug,
                provider=organisations.get(provider) if provider else None,
                mfa_roles=(),  # the demo's logins stay one step; the printed lines say how to switch it on
            )
        organisations[slug] = organisation
    for email, name, role, slug in DEMO_USERS:
        user = user_by_email(session=session, email=email)
        if user is None:
            create_user(
                session=session,
                email=email,
                password=password,
                organisation=organisations[slug],
                role=role,
                name=name,
            )
        elif not user.password_hash or not _password_is(user.password_hash, password):
            set_password(session=session, user=user, password=password)
    _regional_ciso(session, organisations["buurdorp"])
    seed_area_data(session, organisations)
    lines = ["demo klaar: Gemeente Voorbeeld (voorbeeld) en Gemeente Buurdorp (buurdorp)", "inloggen met:"]
    lines += [f"  {email:<26} {role.value:<11} wachtwoord: {password}" for email, _n, role, _s in DEMO_USERS]
    lines += [
        "tweestapsverificatie staat in de demo uit; aanzetten voor beheerder en CISO:",
        "  naleving org mfa --slug voorbeeld --roles admin,ciso   (of: Instellingen > Aanmelden)",
    ]
    return lines


def _password_is(password_hash: str, password: str) -> bool:
    from core.passwords import verify_password

    return verify_password(password_hash, password)


def seed_area_data(session: Session, organisations: dict[str, Organisation]) -> None:
    """Demo content of the other areas (answers, risks, reports); each seeder is idempotent."""
    from app.answers.demo import seed_answers
    from app.incidents.demo import seed_incidents
    from app.plan.demo import seed_plan
    from app.reports.demo import seed_reports
    from app.risks.demo import seed_demo_risks
    from app.scope.demo import seed_scope

    seed_answers(session, organisations)
    seed_demo_risks(session, organisations)
    seed_scope(session, organisations)
    seed_plan(session, organisations)
    seed_incidents(session, organisations)  # after the risks: lessons link to R-014
    seed_reports(session, organisations)  # last: the reports show the other areas' demo content

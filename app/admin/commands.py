"""`naleving user ...` and `naleving org ...`: users, their memberships and organisations from the command line,
through the same functions as the administration pages (core.accounts)."""

from __future__ import annotations

import secrets
import sys

import click
from flask import current_app

from app.commands import CLIError, app_session, organisation_or_fail, user_or_fail
from core.accounts import (
    create_organisation,
    create_user,
    remove_membership,
    set_active,
    set_password,
    update_organisation,
    user_by_email,
)
from core.actor import COMMAND_LINE
from core.invitations import invite, open_invitations, withdraw
from core.mail_domains import allowed_mail_domains, set_mail_domains
from core.mfa import reset_mfa
from core.models import Organisation, Role
from core.publication import set_published
from core.signin import set_mfa_roles, set_password_login


@click.group(help="Gebruikers beheren.")
def user() -> None:
    pass


@user.command(
    "create", help="Maak een gebruiker (of geef een bestaande toegang) met een rol in een organisatie."
)
@click.option("--email", required=True, help="E-mailadres, ook de inlognaam.")
@click.option(
    "--role", required=True, type=click.Choice([r.value for r in Role]), help="Rol in de organisatie."
)
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option("--name", default="", help="Naam van de gebruiker.")
@click.option(
    "--password-stdin", is_flag=True, help="Lees het wachtwoord van standaardinvoer (anders gegenereerd)."
)
def user_create(email: str, role: str, slug: str, name: str, password_stdin: bool) -> None:
    password = sys.stdin.readline().rstrip("\n") if password_stdin else secrets.token_urlsafe(12)
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        existed = user_by_email(session=session, email=email) is not None
        create_user(
            session=session,
            email=email,
            password=password,
            organisation=organisation,
            role=role,
            name=name,
            actor=COMMAND_LINE,
        )
    if existed:
        click.echo(f"{email} heeft nu de rol {role} in {slug} (bestaand wachtwoord blijft)")
    elif password_stdin:
        click.echo(f"gebruiker {email} aangemaakt met rol {role} in {slug}")
    else:
        click.echo(f"gebruiker {email} aangemaakt met rol {role} in {slug}; wachtwoord: {password}")


@user.command("password", help="Geef een gebruiker een nieuw wachtwoord; al zijn sessies worden beëindigd.")
@click.option("--email", required=True, help="E-mailadres van de gebruiker.")
@click.option(
    "--password-stdin", is_flag=True, help="Lees het wachtwoord van standaardinvoer (anders gegenereerd)."
)
def user_password(email: str, password_stdin: bool) -> None:
    password = sys.stdin.readline().rstrip("\n") if password_stdin else secrets.token_urlsafe(12)
    with app_session() as session:
        account = user_or_fail(session, email)
        set_password(session=session, user=account, password=password, actor=COMMAND_LINE)
    shown = "" if password_stdin else f"; wachtwoord: {password}"
    click.echo(f"nieuw wachtwoord voor {email}; zijn sessies zijn beëindigd{shown}")


@user.command(
    "remove", help="Neem een gebruiker de toegang tot een organisatie af (niet de laatste beheerder)."
)
@click.option("--email", required=True, help="E-mailadres van de gebruiker.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
def user_remove(email: str, slug: str) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        account = user_or_fail(session, email)
        remove_membership(session=session, user=account, organisation=organisation, actor=COMMAND_LINE)
    click.echo(f"{email} heeft geen toegang meer tot {slug}")


@user.command("deactivate", help="Zet een gebruiker uit: niet meer inloggen, zijn sessies eindigen meteen.")
@click.option("--email", required=True, help="E-mailadres van de gebruiker.")
def user_deactivate(email: str) -> None:
    switch_user(email, active=False)
    click.echo(f"{email} is gedeactiveerd; zijn sessies zijn beëindigd")


@user.command("activate", help="Zet een gedeactiveerde gebruiker weer aan.")
@click.option("--email", required=True, help="E-mailadres van de gebruiker.")
def user_activate(email: str) -> None:
    switch_user(email, active=True)
    click.echo(f"{email} is weer actief")


def switch_user(email: str, *, active: bool) -> None:
    with app_session() as session:
        account = user_or_fail(session, email)
        set_active(session=session, user=account, active=active, actor=COMMAND_LINE)


@user.command(
    "mfa-reset",
    help="Zet de tweestapsverificatie van een gebruiker terug (telefoon kwijt); al zijn sessies worden beëindigd.",
)
@click.option("--email", required=True, help="E-mailadres van de gebruiker.")
def user_mfa_reset(email: str) -> None:
    with app_session() as session:
        account = user_or_fail(session, email)
        reset_mfa(session=session, user=account, actor=COMMAND_LINE)
    click.echo(f"tweestapsverificatie van {email} teruggezet; zijn sessies zijn beëindigd")


@user.command("invite", help="Nodig een e-mailadres uit voor een organisatie; drukt de link af (eenmalig).")
@click.option("--email", required=True, help="E-mailadres van de genodigde.")
@click.option(
    "--role", required=True, type=click.Choice([r.value for r in Role]), help="Rol in de organisatie."
)
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True, help="Adres van Naleving.")
def user_invite(email: str, role: str, slug: str, base_url: str) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        token = invite(
            session=session,
            email=email,
            organisation=organisation,
            role=role,
            actor=COMMAND_LINE,
            valid_hours=current_app.config["INVITATION_HOURS"],
        )
    click.echo(f"uitnodiging voor {email} ({role} in {slug}); de link werkt één keer:")
    click.echo(f"{base_url.rstrip('/')}/uitnodiging/{token}")


@user.command("uninvite", help="Trek de open uitnodiging(en) van een e-mailadres voor een organisatie in.")
@click.option("--email", required=True, help="E-mailadres van de genodigde.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
def user_uninvite(email: str, slug: str) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        wanted = email.strip().lower()
        found = [
            i for i in open_invitations(session=session, organisation_id=organisation.id) if i.email == wanted
        ]
        if not found:
            raise CLIError(f"geen open uitnodiging voor {email} bij {slug}")
        for invitation in found:
            withdraw(session=session, invitation=invitation, actor=COMMAND_LINE)
    click.echo(f"uitnodiging voor {email} bij {slug} ingetrokken")


@click.group(help="Organisaties beheren.")
def org() -> None:
    pass


@org.command("create", help="Maak een organisatie.")
@click.option("--slug", required=True, help="Korte naam voor adressen, bv. 'voorbeeld'.")
@click.option("--name", required=True, help="Volledige naam.")
@click.option("--provider", default=None, help="Slug van de IT-leverancier (shared service).")
def org_create(slug: str, name: str, provider: str | None) -> None:
    with app_session() as session:
        provider_org = organisation_or_fail(session, provider) if provider else None
        create_organisation(session=session, name=name, slug=slug, provider=provider_org, actor=COMMAND_LINE)
    click.echo(f"organisatie {slug} aangemaakt")


@org.command("set", help="Wijzig een organisatie; wat u niet opgeeft blijft zoals het was.")
@click.option("--slug", required=True, help="Slug van de organisatie.")
@click.option("--name", default=None, help="Nieuwe naam.")
@click.option("--provider", default=None, help="Slug van de leverancier (shared service).")
@click.option("--no-provider", is_flag=True, help="Geen leverancier meer.")
@click.option("--review-months", type=int, default=None, help="Herbeoordeling na zoveel maanden (1-36).")
@click.option(
    "--plan-horizon",
    type=int,
    default=None,
    help="Een geplande datum ligt hooguit zoveel jaar vooruit (1-10, standaard 3).",
)
@click.option(
    "--mail-domains",
    default=None,
    help="Domeinen waarheen geplande rapporten gemaild mogen worden, met komma's ('' : die van de gebruikers).",
)
@click.option(
    "--publish",
    type=click.Choice(["on", "off"]),
    default=None,
    help="Maak de vastgestelde VvT en de reikwijdte openbaar op /publiek/<slug>/ (on) of niet meer (off).",
)
def org_set(
    slug: str,
    name: str | None,
    provider: str | None,
    no_provider: bool,
    review_months: int | None,
    plan_horizon: int | None,
    mail_domains: str | None,
    publish: str | None,
) -> None:
    if provider and no_provider:
        raise CLIError("--provider en --no-provider gaan niet samen")
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        if no_provider:
            provider_org = None
        elif provider:
            provider_org = organisation_or_fail(session, provider)
        else:
            provider_org = (
                session.get(Organisation, organisation.provider_id) if organisation.provider_id else None
            )
        update_organisation(
            session=session,
            organisation=organisation,
            name=organisation.name if name is None else name,
            provider=provider_org,
            review_interval_months=(
                organisation.review_interval_months if review_months is None else review_months
            ),
            plan_horizon_years=plan_horizon,
            actor=COMMAND_LINE,
        )
        if mail_domains is not None:
            set_mail_domains(
                session=session, organisation=organisation, text=mail_domains, actor=COMMAND_LINE
            )
        if publish is not None:
            set_published(
                session=session, organisation=organisation, published=publish == "on", actor=COMMAND_LINE
            )
        line = (
            f"{organisation.slug}: {organisation.name}; leverancier {provider_org.slug if provider_org else 'geen'}; "
            f"herbeoordeling na {organisation.review_interval_months} maanden; "
            f"planhorizon {organisation.plan_horizon_years} jaar"
        )
        if mail_domains is not None:
            domains = ", ".join(allowed_mail_domains(session=session, organisation=organisation)) or "geen"
            line += f"; maildomeinen {domains}"
        if publish is not None:
            line += (
                f"; openbaar op /publiek/{organisation.slug}/"
                if organisation.published
                else "; niet openbaar"
            )
    click.echo(f"organisatie gewijzigd: {line}")


@org.command("mfa", help="Welke rollen van een organisatie tweestapsverificatie moeten gebruiken.")
@click.option("--slug", required=True, help="Slug van de organisatie.")
@click.option("--roles", required=True, help="Rollen met komma's, bv. 'admin,ciso'; 'geen' voor geen.")
def org_mfa(slug: str, roles: str) -> None:
    chosen = [] if roles.strip() in ("", "geen", "none") else [r.strip() for r in roles.split(",")]
    unknown = [r for r in chosen if r not in {role.value for role in Role}]
    if unknown:
        raise CLIError(f"onbekende rol '{unknown[0]}': kies uit {', '.join(r.value for r in Role)}")
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        set_mfa_roles(
            session=session, organisation=organisation, roles=[Role(r) for r in chosen], actor=COMMAND_LINE
        )
    click.echo(f"{slug}: tweestapsverificatie verplicht voor {', '.join(chosen) or 'geen rol'}")


@org.command("password-login", help="Sta inloggen met wachtwoord toe (on) of alleen single sign-on (off).")
@click.option("--slug", required=True, help="Slug van de organisatie.")
@click.argument("switch", type=click.Choice(["on", "off"]))
def org_password_login(slug: str, switch: str) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        set_password_login(
            session=session, organisation=organisation, allowed=switch == "on", actor=COMMAND_LINE
        )
    click.echo(
        f"{slug}: inloggen met wachtwoord {'toegestaan' if switch == 'on' else 'uit (alleen single sign-on)'}"
    )

"""The `naleving` command. Each command is thin: it opens the app, calls one domain function, commits."""

from __future__ import annotations

import secrets
import sys
from contextlib import contextmanager
from pathlib import Path

import click
from flask import current_app
from sqlalchemy.exc import DatabaseError
from sqlmodel import Session

from app import create_app
from app.config import SettingError
from app.db import engine
from core.accounts import (
    AccountError,
    create_organisation,
    create_user,
    organisation_by_slug,
    remove_membership,
    set_active,
    set_password,
    update_organisation,
    user_by_email,
)
from core.actor import COMMAND_LINE
from core.models import Organisation, Role, User


class CLIError(click.ClickException):
    """A user error: one line on stderr, exit status 1."""

    exit_code = 1


@contextmanager
def app_session():
    """An app context and a database session; commits when the block succeeds, rolls back otherwise."""
    app = create_app()
    with app.app_context():
        try:
            with Session(engine(), expire_on_commit=False) as session:
                try:
                    yield session
                    session.commit()
                except BaseException:
                    session.rollback()
                    raise
        finally:
            engine().dispose()


def summarise_problems(problems: list[str]) -> str:
    more = len(problems) - 1
    return problems[0] + (f" (en nog {more}; zie 'naleving catalogue check')" if more else "")


def read_import_file(path: Path) -> bytes:
    """The bytes of a file to import, refused when missing or larger than the import limit of the web forms
    (IMPORT_MAX_BYTES of the app's config: call it inside app_session)."""
    limit = current_app.config["IMPORT_MAX_BYTES"]
    if not path.is_file():
        raise CLIError(f"bestand niet gevonden: {path}")
    if path.stat().st_size > limit:
        raise CLIError(f"bestand groter dan {limit // (1024 * 1024)} MB: {path}")
    return path.read_bytes()


def organisation_or_fail(session: Session, slug: str) -> Organisation:
    organisation = organisation_by_slug(session, slug)
    if organisation is None:
        raise CLIError(f"onbekende organisatie '{slug}'")
    return organisation


def user_or_fail(session: Session, email: str) -> User:
    account = user_by_email(session, email)
    if account is None:
        raise CLIError(f"onbekende gebruiker '{email}'")
    return account


@click.group(help="Naleving: BIO2- en NIS2-naleving, risico's en rapportages.")
def cli() -> None:
    pass


@cli.command(help="Maak of upgrade de database en laad de meegeleverde catalogus.")
def init() -> None:
    from app.migrate import upgrade
    from controls.catalogue import CatalogueError, load_catalogue_file

    with app_session() as session:
        upgrade(session.get_bind())
        try:
            result = load_catalogue_file(session=session)
        except CatalogueError as error:
            raise CLIError(summarise_problems(error.problems)) from None
    load = result.load
    state = (
        "ongewijzigd"
        if result.unchanged
        else f"{load.added} nieuw, {load.changed} gewijzigd, {load.withdrawn} vervallen"
    )
    click.echo(f"database bijgewerkt; catalogus {load.version}: {state}")


@cli.command(help="Maak de demo-organisaties en een gebruiker per rol (herhaalbaar).")
def demo() -> None:
    from app.demo import seed_demo

    with app_session() as session:
        report = seed_demo(session, password=current_app.config["DEMO_PASSWORD"] or None)
    for line in report:
        click.echo(line)


@cli.group(help="Gebruikers beheren.")
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
        existed = user_by_email(session, email) is not None
        try:
            create_user(
                session,
                email=email,
                password=password,
                organisation=organisation,
                role=role,
                name=name,
                actor=COMMAND_LINE,
            )
        except AccountError as error:
            raise CLIError(str(error)) from None
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
        try:
            set_password(session, user=account, password=password, actor=COMMAND_LINE)
        except AccountError as error:
            raise CLIError(str(error)) from None
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
        try:
            remove_membership(session, user=account, organisation=organisation, actor=COMMAND_LINE)
        except AccountError as error:
            raise CLIError(str(error)) from None
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
        try:
            set_active(session, user=account, active=active, actor=COMMAND_LINE)
        except AccountError as error:
            raise CLIError(str(error)) from None


@cli.group(help="Organisaties beheren.")
def org() -> None:
    pass


@org.command("create", help="Maak een organisatie.")
@click.option("--slug", required=True, help="Korte naam voor adressen, bv. 'voorbeeld'.")
@click.option("--name", required=True, help="Volledige naam.")
@click.option("--provider", default=None, help="Slug van de IT-leverancier (shared service).")
def org_create(slug: str, name: str, provider: str | None) -> None:
    with app_session() as session:
        provider_org = organisation_or_fail(session, provider) if provider else None
        try:
            create_organisation(session, name=name, slug=slug, provider=provider_org, actor=COMMAND_LINE)
        except AccountError as error:
            raise CLIError(str(error)) from None
    click.echo(f"organisatie {slug} aangemaakt")


@org.command("set", help="Wijzig een organisatie; wat u niet opgeeft blijft zoals het was.")
@click.option("--slug", required=True, help="Slug van de organisatie.")
@click.option("--name", default=None, help="Nieuwe naam.")
@click.option("--provider", default=None, help="Slug van de leverancier (shared service).")
@click.option("--no-provider", is_flag=True, help="Geen leverancier meer.")
@click.option("--review-months", type=int, default=None, help="Herbeoordeling na zoveel maanden (1-36).")
def org_set(
    slug: str, name: str | None, provider: str | None, no_provider: bool, review_months: int | None
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
        try:
            update_organisation(
                session,
                organisation,
                name=organisation.name if name is None else name,
                provider=provider_org,
                review_interval_months=(
                    organisation.review_interval_months if review_months is None else review_months
                ),
                actor=COMMAND_LINE,
            )
        except AccountError as error:
            raise CLIError(str(error)) from None
        line = (
            f"{organisation.slug}: {organisation.name}; leverancier {provider_org.slug if provider_org else 'geen'}; "
            f"herbeoordeling na {organisation.review_interval_months} maanden"
        )
    click.echo(f"organisatie gewijzigd: {line}")


@cli.command(help="Schrijf een back-up van alle gegevens en bestanden naar een zip-bestand.")
@click.option(
    "--out", "out", required=True, type=click.Path(path_type=Path, dir_okay=False), help="Doelbestand (.zip)."
)
def backup(out: Path) -> None:
    from app.backup import write_backup

    app = create_app()
    with app.app_context():
        try:
            manifest = write_backup(engine(), Path(app.instance_path), out)
        finally:
            engine().dispose()
    rows = sum(manifest["tables"].values())
    click.echo(
        f"back-up geschreven naar {out}: {rows} rijen in {len(manifest['tables'])} tabellen, "
        f"{len(manifest['files'])} bestanden"
    )


@cli.command(help="Zet een back-up terug; vervangt alle gegevens (alles of niets).")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
def restore(file: Path) -> None:
    from app.backup import BackupError, restore_backup

    app = create_app()
    with app.app_context():
        try:
            manifest = restore_backup(engine(), Path(app.instance_path), file)
        except BackupError as error:
            raise CLIError(str(error)) from None
        finally:
            engine().dispose()
    click.echo(f"back-up van {manifest['created_at']} teruggezet: {sum(manifest['tables'].values())} rijen")


@cli.command(help="Start de webserver (ontwikkelserver; gebruik gunicorn in productie).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    app = create_app()
    app.run(host=host, port=port, debug=False, use_reloader=False)


def register_commands() -> None:
    """Commands of the other areas, each in its own module."""
    from app.answers.commands import answers
    from app.answers.evidence_commands import evidence
    from app.catalogue.commands import catalogue
    from app.reports.commands import report, scheduler
    from app.reports.schedule_commands import schedule
    from app.risks.commands import risks

    cli.add_command(catalogue)
    cli.add_command(answers)
    cli.add_command(evidence)
    cli.add_command(risks)
    cli.add_command(report)
    cli.add_command(scheduler)
    cli.add_command(schedule)


def main(argv: list[str] | None = None) -> int:
    """Entry point: usage errors and user errors give one line on stderr and exit 1, never a traceback."""
    register_commands()
    try:
        # A command that has already written its problems ends with click.exceptions.Exit(1): returned here.
        status = cli.main(args=argv, prog_name="naleving", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as error:
        click.echo(error.ctx.get_help() if error.ctx else str(error))
        return 0
    except click.ClickException as error:
        click.echo("naleving: " + " ".join(error.format_message().split()), err=True)
        return 1
    except SettingError as error:
        click.echo(f"naleving: {error}", err=True)
        return 1
    except click.exceptions.Abort:
        click.echo("naleving: afgebroken", err=True)
        return 1
    except DatabaseError as error:
        reason = str(getattr(error, "orig", error)).splitlines()[0]
        click.echo(f"naleving: databasefout: {reason} (is 'naleving init' uitgevoerd?)", err=True)
        return 1
    except OSError as error:
        click.echo(
            f"naleving: {error.strerror or error}: {getattr(error, 'filename', '') or ''}".rstrip(": "),
            err=True,
        )
        return 1
    return status if isinstance(status, int) else 0


if __name__ == "__main__":
    sys.exit(main())

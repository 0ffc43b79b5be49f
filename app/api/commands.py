"""`naleving token ...`: personal access tokens for the API from the command line, through the same functions
as the account page (core.tokens)."""

from __future__ import annotations

import click

from app.commands import CLIError, app_session, organisation_or_fail, user_or_fail
from core.actor import COMMAND_LINE
from core.clock import local_minute, to_local
from core.errors import NotFound
from core.token_models import TokenScope
from core.tokens import DEFAULT_DAYS, MAX_DAYS, create_token, revoke_token, tokens_of


@click.group(help="Persoonlijke toegangstokens voor de API.")
def token() -> None:
    pass


@token.command("create", help="Maak een token; het token zelf staat alleen op de laatste regel.")
@click.option("--email", required=True, help="E-mailadres van de gebruiker voor wie het token is.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option(
    "--scope", required=True, type=click.Choice([s.value for s in TokenScope]), help="read of write."
)
@click.option(
    "--days",
    default=DEFAULT_DAYS,
    show_default=True,
    type=click.IntRange(1, MAX_DAYS),
    help=f"Geldig voor zoveel dagen (hoogstens {MAX_DAYS}).",
)
@click.option("--name", default="", help="Waarvoor het token is, bv. 'zaaksysteem'.")
def token_create(email: str, slug: str, scope: str, days: int, name: str) -> None:
    with app_session() as session:
        user = user_or_fail(session, email)
        organisation = organisation_or_fail(session, slug)
        made = create_token(
            session=session,
            user=user,
            organisation=organisation,
            scope=scope,
            days=days,
            name=name,
            actor=COMMAND_LINE,
        )
        expires = local_minute(made.token.expires_at)
        click.echo(f"token {made.token.id} voor {email} in {slug}, {scope}, geldig tot {expires}")
        click.echo("Bewaar het token nu: het wordt niet nog eens getoond.")
    click.echo(made.secret)


@token.command("list", help="Alle tokens (of die van één gebruiker), nieuwste eerst; nooit het token zelf.")
@click.option("--email", default=None, help="Alleen de tokens van deze gebruiker.")
def token_list(email: str | None) -> None:
    with app_session() as session:
        user_id = user_or_fail(session, email).id if email else None
        for line in tokens_of(session=session, user_id=user_id):
            made = line.token
            expires = to_local(made.expires_at).strftime("%Y-%m-%d")
            label = f" {made.name}" if made.name else ""
            click.echo(
                f"{made.id}\t{made.prefix}…\t{line.email}\t{line.organisation_slug}\t{made.scope}\t"
                f"{line.state}\ttot {expires}{label}"
            )


@token.command("revoke", help="Trek een token in (het nummer uit 'naleving token list').")
@click.argument("token_id", type=int)
def token_revoke(token_id: int) -> None:
    with app_session() as session:
        try:
            revoked = revoke_token(session=session, token_id=token_id, actor=COMMAND_LINE)
        except NotFound:
            raise CLIError(f"onbekend token {token_id}") from None
        click.echo(f"token {revoked.id} ({revoked.prefix}…) ingetrokken")

"""`naleving shared ...`: the requirements a provider offers as a shared service, from the command line."""

from __future__ import annotations

import click
from sqlmodel import select

from app.commands import CLIError, app_session, organisation_or_fail
from controls.models import Requirement
from controls.offers import latest_offers
from controls.sharing import offered_codes, set_offer
from core.actor import COMMAND_LINE
from core.errors import RuleError, StaleEdit


@click.group(
    help="Gedeelde diensten: de eisen die een leverancier uitvoert voor de organisaties die het bedient."
)
def shared() -> None:
    pass


@shared.command(
    "list", help="Toon de eisen die een organisatie als gedeelde dienst deelt, met de gedeelde tekst."
)
@click.option("--org", "slug", required=True, help="Slug van de leverancier.")
def list_command(slug: str) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        offers = offered_codes(session=session, provider_id=organisation.id)
    for requirement, offer in offers:
        click.echo(f"{requirement.code}\t{offer.recorded_at:%Y-%m-%d}\t{offer.shared_text}")


def _change(slug: str, code: str, *, offered: bool, text: str) -> str:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        requirement = session.exec(select(Requirement).where(Requirement.code == code)).first()
        if requirement is None:
            raise CLIError(f"onbekende eis '{code}'")
        current = latest_offers(
            session=session, provider_id=organisation.id, requirement_ids=[requirement.id], offered_only=False
        ).get(requirement.id)
        try:
            revision = set_offer(
                session=session,
                provider_id=organisation.id,
                requirement_id=requirement.id,
                offered=offered,
                shared_text=text,
                base_revision=current.number if current else 0,
                actor=COMMAND_LINE,
            )
        except StaleEdit:
            raise CLIError(f"{code} is intussen gewijzigd; probeer het opnieuw") from None
        except RuleError as error:
            raise CLIError.of(error) from None
        return f"{code}: revisie {revision.number}, {'gedeeld' if revision.offered else 'niet meer gedeeld'}"


@shared.command(
    "offer", help="Deel een eis als gedeelde dienst met de tekst voor de afnemers (of wijzig die tekst)."
)
@click.option("--org", "slug", required=True, help="Slug van de leverancier.")
@click.option("--text", required=True, help="De tekst die de afnemers zien (hoogstens 4000 tekens).")
@click.argument("code")
def offer_command(slug: str, text: str, code: str) -> None:
    click.echo(_change(slug, code, offered=True, text=text))


@shared.command(
    "withdraw", help="Deel een eis niet meer; wie hem overnam, ziet dan niets meer van de leverancier."
)
@click.option("--org", "slug", required=True, help="Slug van de leverancier.")
@click.argument("code")
def withdraw_command(slug: str, code: str) -> None:
    click.echo(_change(slug, code, offered=False, text=""))

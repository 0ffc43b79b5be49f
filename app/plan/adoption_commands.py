"""`naleving approvals policy` and `naleving approvals adopt` (app/plan's COMMANDS add them to the group): which
decisions need a second person, and proposing the SoA for adoption, from the command line through plan.policy and
plan.approvals (as the pages)."""

from __future__ import annotations

from datetime import date

import click

from app.commands import DAY, CLIError, app_session, organisation_or_fail
from app.plan.finding_commands import member_actor
from app.security import Permission
from core import clock
from core.actor import COMMAND_LINE
from core.errors import RuleError
from plan.approvals import propose_adoption
from plan.labels import DECISION_KIND
from plan.models import DecisionKind
from plan.policy import policy, set_policy

KINDS = [kind.value for kind in DecisionKind]


@click.command(
    "policy",
    help="Toon welke besluiten een tweede persoon nodig hebben, of wijzig dat met --require/--no-require SOORT "
    f"(soorten: {', '.join(KINDS)}).",
)
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option("--require", "required", multiple=True, type=click.Choice(KINDS), help="Vereis goedkeuring.")
@click.option(
    "--no-require", "not_required", multiple=True, type=click.Choice(KINDS), help="Geen goedkeuring."
)
def policy_command(slug: str, required: tuple[str, ...], not_required: tuple[str, ...]) -> None:
    if set(required) & set(not_required):
        raise CLIError("een soort kan niet tegelijk --require en --no-require zijn")
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        chosen = {DecisionKind(kind): True for kind in required} | {
            DecisionKind(kind): False for kind in not_required
        }
        if chosen:
            set_policy(session=session, organisation_id=organisation.id, required=chosen, actor=COMMAND_LINE)
        for kind, needed in policy(session=session, organisation_id=organisation.id).items():
            click.echo(
                f"{kind.value}\t{'goedkeuring' if needed else 'geen goedkeuring'}\t{DECISION_KIND.of(kind)}"
            )


@click.command("adopt", help="Leg de VvT zoals die nu is ter vaststelling voor (als de CISO --by).")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option("--by", "email", required=True, help="E-mailadres van wie voorstelt.")
@click.option("--body", required=True, help="Wie vaststelt, bijvoorbeeld 'college van B&W'.")
@click.option("--date", "adopted_on", type=DAY, help="Datum van vaststelling JJJJ-MM-DD (standaard vandaag).")
def adopt_command(slug: str, email: str, body: str, adopted_on: date | None) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        actor = member_actor(session, organisation, email, Permission.EDIT)
        try:
            proposal = propose_adoption(
                session=session,
                organisation_id=organisation.id,
                body=body,
                adopted_on=adopted_on or clock.today(),
                actor=actor,
            )
        except RuleError as error:
            raise CLIError.of(error) from None
        click.echo(f"voorstel {proposal.id}: {proposal.summary}")

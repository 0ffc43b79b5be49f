"""`naleving actions|approvals|reminders ...`: the improvement plan, the four-eyes decisions and the daily
reminder mail from the command line, through the same domain functions as the pages."""

from __future__ import annotations

from pathlib import Path

import click
from sqlmodel import Session, select

from app.commands import CLIError, app_session, organisation_or_fail
from app.imports.commands import register_import
from app.plan import problems  # noqa: F401 - registers the area's problem words
from core import clock
from core.actor import COMMAND_LINE, Actor
from core.errors import RuleError
from core.models import Membership, Organisation, Role, User
from plan.actions import list_actions
from plan.approvals import approve, get_approval, pending, reject
from plan.gaps import close_gaps
from plan.labels import ACTION_STATUS, DECISION_KIND
from plan.xlsx import ACTIONS_SHEET, export_actions, import_actions


@click.group(help="Het verbeterplan: acties met eigenaar en streefdatum.")
def actions() -> None:
    pass


@actions.command(
    "list", help="Toon de acties (een per regel): referentie, streefdatum, status, eigenaar, titel."
)
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option("--overdue", is_flag=True, help="Alleen de acties waarvan de streefdatum verstreken is.")
def list_command(slug: str, overdue: bool) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        found = list_actions(
            session=session, organisation_id=organisation.id, overdue_on=clock.today() if overdue else None
        )
        for action in found:
            due = action.due_on.isoformat() if action.due_on else "-"
            status = ACTION_STATUS.of(action.status)
            click.echo(f"{action.reference}\t{due}\t{status}\t{action.owner_name}\t{action.title}")


@actions.command("export", help="Schrijf het verbeterplan naar een Excel-bestand.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option("--out", required=True, type=click.Path(path_type=Path, dir_okay=False), help="Doelbestand.")
def export_command(slug: str, out: Path) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        content = export_actions(session=session, organisation_id=organisation.id)
    out.write_bytes(content)
    click.echo(f"verbeterplan van {slug} geschreven naar {out}")


@actions.command("import", help="Lees acties uit een Excel-bestand; bij één fout wordt niets opgeslagen.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option("--dry-run", is_flag=True, help="Alleen controleren; niets opslaan.")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def import_command(slug: str, dry_run: bool, file: Path) -> None:
    register_import(
        file, slug, ACTIONS_SHEET, import_actions, dry_run=dry_run, command="naleving actions import"
    )


@actions.command("backfill", help="Maak acties voor geplande antwoorden en risico's die er nog geen hebben.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
def backfill_command(slug: str) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        made, left = close_gaps(session=session, organisation_id=organisation.id, actor=COMMAND_LINE)
    click.echo(f"{made} acties aangemaakt; {left} zonder datum blijven over (zie 'Nog zonder actie')")


@click.group(help="Besluiten die een tweede persoon goedkeurt.")
def approvals() -> None:
    pass


@approvals.command("list", help="Toon wat op goedkeuring wacht: nummer, soort, onderwerp, voorsteller.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
def approvals_list(slug: str) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        for item in pending(session=session, organisation_id=organisation.id):
            click.echo(f"{item.id}\t{DECISION_KIND.of(item.kind)}\t{item.subject}\t{item.proposed_by}")


def _approver(session: Session, organisation: Organisation, email: str) -> tuple[Actor, Role]:
    row = session.exec(
        select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(User.email == email.strip().lower(), Membership.organisation_id == organisation.id)
    ).first()
    if row is None:
        raise CLIError(f"{email} is geen gebruiker van {organisation.slug}")
    user, role = row
    return Actor.of(user), Role(role)


def _decide(slug: str, approval_id: int, email: str, reason: str, approved: bool) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        item = get_approval(session=session, organisation_id=organisation.id, approval_id=approval_id)
        if item is None:
            raise CLIError(f"geen goedkeuring {approval_id} bij {slug}")
        actor, role = _approver(session, organisation, email)
        decision = approve if approved else reject
        try:
            decision(session=session, approval=item, actor=actor, role=role, reason=reason)
        except RuleError as error:
            raise CLIError.of(error) from None
    click.echo(f"goedkeuring {approval_id} {'goedgekeurd' if approved else 'afgewezen'}")


@approvals.command("approve", help="Keur een voorstel goed (als de gebruiker --by, nooit de voorsteller).")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option("--by", "email", required=True, help="E-mailadres van de goedkeurder.")
@click.option("--reason", default="", help="Toelichting.")
@click.argument("approval_id", type=int)
def approve_command(slug: str, email: str, reason: str, approval_id: int) -> None:
    _decide(slug, approval_id, email, reason, approved=True)


@approvals.command("reject", help="Wijs een voorstel af, met een reden.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option("--by", "email", required=True, help="E-mailadres van wie afwijst.")
@click.option("--reason", required=True, help="De reden van de afwijzing.")
@click.argument("approval_id", type=int)
def reject_command(slug: str, email: str, reason: str, approval_id: int) -> None:
    _decide(slug, approval_id, email, reason, approved=False)


@click.group(help="De dagelijkse herinneringsmail.")
def reminders() -> None:
    pass


@reminders.command(
    "send", help="Verstuur de herinneringen van vandaag nu (de planner doet dit elke ochtend)."
)
def send_command() -> None:
    from app.plan.reminders import send_daily_reminders

    sent, failed = send_daily_reminders()
    click.echo(f"{sent} herinneringen verstuurd, {failed} mislukt")
    if failed:
        raise CLIError(f"{failed} herinneringen niet verstuurd")


@reminders.command("set", help="Zet de herinneringsmail van een gebruiker aan (on) of uit (off).")
@click.option("--email", required=True, help="E-mailadres van de gebruiker.")
@click.argument("state", type=click.Choice(["on", "off"]))
def set_command(email: str, state: str) -> None:
    from plan.reminders import set_reminders

    with app_session() as session:
        user = session.exec(select(User).where(User.email == email.strip().lower())).first()
        if user is None:
            raise CLIError(f"onbekende gebruiker '{email}'")
        set_reminders(session=session, user=user, enabled=state == "on", actor=COMMAND_LINE)
    click.echo(f"herinneringsmail voor {user.email}: {'aan' if state == 'on' else 'uit'}")

"""`naleving incidents ...`: the incident register from the command line, through the same domain functions
as the pages. Moments are typed and printed in local (Amsterdam) time."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from app.commands import CLIError, app_session, organisation_or_fail
from app.incidents import problems  # noqa: F401 - registers the area's problem words
from core import clock
from core.actor import COMMAND_LINE
from incidents.clocks import as_utc
from incidents.labels import MESSAGE_KIND, STATUS
from incidents.models import Incident, IncidentStatus
from incidents.register import create_incident, incident_by_number, list_incidents, state_of
from incidents.rules import IncidentData
from reports.incidents import DRAFT_DOCUMENT, DraftKind, incident_draft_pdf
from reports.language import languages_of

MOMENT_HELP = "Lokale tijd, bijvoorbeeld '2026-10-24 14:30' (of ISO 8601 met tijdzone)."


def parse_moment(text: str) -> datetime:
    """A moment typed on the command line: local time unless it carries an offset."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CLIError(f"ongeldig moment '{text}': gebruik JJJJ-MM-DD UU:MM") from None
    return as_utc(moment.replace(tzinfo=clock.LOCAL_ZONE) if moment.tzinfo is None else moment)


def incident_of(session, organisation_id: int, reference: str) -> Incident:
    number = reference.strip().upper().removeprefix("I-")
    found = (
        incident_by_number(session=session, organisation_id=organisation_id, number=int(number))
        if number.isdigit()
        else None
    )
    if found is None:
        raise CLIError(f"incident '{reference}' bestaat niet in deze organisatie")
    return found


@click.group(help="Het incidentregister (meldplicht Cbw).")
def incidents() -> None:
    pass


@incidents.command("add", help="Leg een incident vast.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option("--title", required=True, help="Titel van het incident.")
@click.option("--aware-at", "aware_at", required=True, help="Moment van kennisname. " + MOMENT_HELP)
@click.option(
    "--significant", is_flag=True, help="Het incident is significant (Cbw art. 25 lid 2): de termijnen lopen."
)
@click.option("--description", default="", help="Wat er is gebeurd.")
def add_command(slug: str, title: str, aware_at: str, significant: bool, description: str) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        data = IncidentData(
            title=title, aware_at=parse_moment(aware_at), significant=significant, description=description
        )
        incident = create_incident(
            session=session, organisation_id=organisation.id, data=data, actor=COMMAND_LINE
        )
        reference = incident.reference
    click.echo(f"{reference} vastgelegd")


@incidents.command("list", help="Het incidentregister, nieuwste eerst.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
def list_command(slug: str) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        states = list_incidents(session=session, organisation_id=organisation.id)
    for state in states:
        incident = state.incident
        kind = "significant" if incident.significant else "niet significant"
        status = STATUS[IncidentStatus(incident.status)]
        click.echo(
            f"{incident.reference}\t{clock.local_minute(incident.aware_at)}\t{kind}\t{status}\t{incident.title}"
        )


@incidents.command("show", help="Een incident met elke termijn (lokale tijd) en de verzonden berichten.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.argument("reference")
def show_command(slug: str, reference: str) -> None:
    now = clock.now()
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        state = state_of(session=session, incident=incident_of(session, organisation.id, reference))
    incident = state.incident
    click.echo(f"{incident.reference} {incident.title}")
    click.echo(f"kennisname: {clock.local_minute(incident.aware_at)}")
    click.echo(f"significant: {'ja' if incident.significant else 'nee'}")
    click.echo(f"stand: {STATUS[IncidentStatus(incident.status)]}")
    for deadline in state.deadlines:
        click.echo(
            f"{clock.local_minute(deadline.due_at)} {MESSAGE_KIND[deadline.kind]} ({deadline.state(now).value})"
        )
    for message in state.messages:
        click.echo(f"verzonden {clock.local_minute(message.sent_at)}: {message.kind} aan {message.recipient}")


@incidents.command("report", help="Het concept van een bericht als PDF.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.argument("reference")
@click.option("--kind", required=True, type=click.Choice([k.value for k in DraftKind]), help="Welk bericht.")
@click.option(
    "--out", required=True, type=click.Path(path_type=Path, dir_okay=False), help="Doelbestand (PDF)."
)
@click.option(
    "--language",
    type=click.Choice(list(languages_of(DRAFT_DOCUMENT))),
    default="nl",
    show_default=True,
    help="Taal van het concept: nl (Nederlands) of en (Engels); wat in het register staat blijft zoals geschreven.",
)
def report_command(slug: str, reference: str, kind: str, out: Path, language: str) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        incident = incident_of(session, organisation.id, reference)
        content = incident_draft_pdf(
            session=session,
            organisation_id=organisation.id,
            incident_id=incident.id,
            kind=kind,
            generated_by=COMMAND_LINE.name,
            language=language,
        )
    out.write_bytes(content)
    click.echo(f"concept {kind} van {incident.reference} geschreven naar {out}")

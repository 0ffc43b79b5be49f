"""`naleving audit list` (an organisation's logboek on the command line) and `naleving verify` (is the record
intact: the hash chains and the archived report files)."""

from __future__ import annotations

from datetime import date

import click
from sqlmodel import col, select

from app.commands import CLIError, app_session, organisation_or_fail
from core.audit_log import KINDS, AuditFilter, action_label, describe_changes, events_of
from core.clock import to_local

EARLIEST = date(2000, 1, 1)


@click.group(help="Het logboek (de audittrail) lezen.")
def audit() -> None:
    pass


@audit.command("list", help="Toon de gebeurtenissen van een organisatie, nieuwste eerst.")
@click.option("--org", "slug", help="Slug van de organisatie.")
@click.option("--platform", is_flag=True, help="De gebeurtenissen zonder organisatie (aanmeldingen e.d.).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Vanaf deze dag (JJJJ-MM-DD).")
@click.option("--kind", type=click.Choice(list(KINDS)), help="Alleen deze soort gebeurtenis.")
@click.option(
    "--limit", type=click.IntRange(1, 100_000), default=1000, show_default=True, help="Hoogstens zoveel."
)
def list_events(slug: str | None, platform: bool, since, kind: str | None, limit: int) -> None:
    if platform == (slug is not None):
        raise CLIError("geef --org SLUG of --platform")
    if since is not None and not EARLIEST <= since.date() <= date(2999, 12, 31):
        raise CLIError(f"--since: een datum vanaf {EARLIEST:%Y-%m-%d}")
    with app_session() as session:
        organisation_id = organisation_or_fail(session, slug).id if slug is not None else None
        criteria = AuditFilter(since=since.date() if since else None, kind=kind)
        events = events_of(session=session, organisation_id=organisation_id, filters=criteria, limit=limit)
    for event in events:
        parts = [f"{to_local(event.at):%Y-%m-%d %H:%M:%S}", action_label(event.action), f"[{event.action}]"]
        parts += [event.actor_name or "-", event.subject, event.detail, describe_changes(event)]
        click.echo("  ".join(part for part in parts if part))


@click.command(help="Controleer of de vastlegging intact is: de hashketens en de rapportbestanden.")
@click.option(
    "--org", "slug", help="Alleen deze organisatie (anders alle, en de gebeurtenissen zonder organisatie)."
)
def verify(slug: str | None) -> None:
    from app.reports.common import archive_root
    from core.dbtypes import id_of
    from core.models import Organisation
    from reports.integrity import first_break, verify_organisation

    root = archive_root()
    findings: list[tuple[str, str]] = []
    with app_session() as session:
        if slug is not None:
            organisations = [organisation_or_fail(session, slug)]
        else:
            organisations = list(session.exec(select(Organisation).order_by(col(Organisation.id))).all())
            platform = first_break(session=session, organisation_id=None)
            findings += [("zonder organisatie", platform.what)] if platform else []
        for organisation in organisations:
            found = verify_organisation(session=session, organisation_id=id_of(organisation), root=root)
            findings += [(organisation.slug, finding.what) for finding in found]
    if findings:
        for name, what in findings:
            click.echo(f"niet intact: {name}: {what}", err=True)
        raise click.exceptions.Exit(1)
    click.echo(f"intact: {len(organisations)} organisatie(s), ketens en rapportbestanden kloppen")

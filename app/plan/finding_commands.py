"""`naleving findings list|add|respond`: auditor findings (bevindingen) from the command line, through
plan.findings as the pages. An auditor's API token only reads, so this is how a finding is recorded outside
the browser; `--by` names the user, whose role must allow what the command does (as on the pages)."""

from __future__ import annotations

from datetime import date

import click
from sqlmodel import Session, select

from app.commands import DAY, CLIError, app_session, organisation_or_fail
from app.plan import problems  # noqa: F401 - registers the area's problem words
from app.security import ROLE_PERMISSIONS, Permission
from controls.models import Requirement
from core.actor import Actor
from core.errors import RuleError
from core.models import Membership, Organisation, Role, User
from plan.findings import FindingData, list_findings, record_finding, respond
from plan.labels import SEVERITY
from plan.models import Finding, Severity


@click.group(help="Bevindingen van auditors: vastleggen, tonen en erop reageren.")
def findings() -> None:
    pass


def member_actor(session: Session, organisation: Organisation, email: str, permission: Permission) -> Actor:
    row = session.exec(
        select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(
            User.email == email.strip().lower(),
            Membership.organisation_id == organisation.id,
            User.active == True,  # noqa: E712 - SQL
        )
    ).first()
    if row is None:
        raise CLIError(f"{email} is geen actieve gebruiker van {organisation.slug}")
    user, role = row
    if permission not in ROLE_PERMISSIONS[Role(role)]:
        raise CLIError(f"{email} mag dit niet met de rol {role}")
    return Actor.of(user)


def _requirement_id(session: Session, code: str | None) -> int | None:
    if not code:
        return None
    found = session.exec(select(Requirement.id).where(Requirement.code == code.strip())).first()
    if found is None:
        raise CLIError(f"onbekende eis '{code}'")
    return found


@findings.command("list", help="Toon de bevindingen, nieuwste eerst: referentie, ernst, peildatum, titel.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
def list_command(slug: str) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        for finding in list_findings(session=session, organisation_id=organisation.id):
            answered = "beantwoord" if finding.response else "open"
            click.echo(
                f"{finding.reference}\t{SEVERITY.of(finding.severity)}\t{finding.reference_date}\t"
                f"{answered}\t{finding.title}"
            )


@findings.command("add", help="Leg een bevinding vast (als de auditor --by); drukt de referentie af.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option("--by", "email", required=True, help="E-mailadres van de auditor.")
@click.option("--title", required=True, help="Korte titel van de bevinding.")
@click.option(
    "--severity",
    required=True,
    type=click.Choice([s.value for s in Severity]),
    help="Ernst van de bevinding.",
)
@click.option("--reference-date", "reference_date", required=True, type=DAY, help="Peildatum JJJJ-MM-DD.")
@click.option("--requirement", "code", help="Code van de eis; zonder: het ISMS als geheel.")
@click.option("--description", default="", help="Wat is gevonden.")
@click.option("--evidence", "evidence_examined", default="", help="Welke bewijsstukken zijn bekeken.")
def add_command(
    slug: str,
    email: str,
    title: str,
    severity: str,
    reference_date: date,
    code: str | None,
    description: str,
    evidence_examined: str,
) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        actor = member_actor(session, organisation, email, Permission.WRITE_FINDINGS)
        data = FindingData(
            title=title,
            severity=severity,
            reference_date=reference_date,
            description=description,
            evidence_examined=evidence_examined,
            requirement_id=_requirement_id(session, code),
        )
        try:
            finding = record_finding(session=session, organisation_id=organisation.id, data=data, actor=actor)
        except RuleError as error:
            raise CLIError.of(error) from None
        click.echo(finding.reference)


@findings.command("respond", help="Reageer op een bevinding (als de CISO --by).")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option("--by", "email", required=True, help="E-mailadres van wie reageert.")
@click.option("--response", required=True, help="De reactie.")
@click.argument("reference")
def respond_command(slug: str, email: str, response: str, reference: str) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        actor = member_actor(session, organisation, email, Permission.EDIT)
        finding = session.exec(
            select(Finding).where(
                Finding.organisation_id == organisation.id, Finding.reference == reference.strip().upper()
            )
        ).first()
        if finding is None:
            raise CLIError(f"geen bevinding {reference} bij {slug}")
        try:
            respond(session=session, finding=finding, response=response, actor=actor)
        except RuleError as error:
            raise CLIError.of(error) from None
        click.echo(f"reactie op {finding.reference} vastgelegd")

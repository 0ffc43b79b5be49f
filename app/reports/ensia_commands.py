"""`naleving ensia show|set`: what the organisation states for an ENSIA year (whether bijlage 1 DigiD and bijlage
2 Suwinet of the collegeverklaring apply, the assurance reports' references, the IT auditor), through the same
domain function as the page."""

from __future__ import annotations

from dataclasses import replace

import click

from app.commands import CLIError, app_session, organisation_or_fail
from core.actor import Actor
from core.errors import RuleError
from reports.ensia_year import EnsiaYearData, data_of, ensia_year, record_ensia_year, year_problem


@click.group(help="ENSIA per jaar: welke bijlagen van de collegeverklaring gelden, met de kenmerken.")
def ensia() -> None:
    pass


def _year(year: int) -> int:
    if year_problem(year) is not None:
        raise CLIError(f"het jaar {year} ligt niet tussen 2000 en 2100")
    return year


@ensia.command("show", help="Toon wat voor het ENSIA-jaar is vastgelegd.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option("--year", required=True, type=int, help="Het jaar (peildatum 31 december).")
def show(slug: str, year: int) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        record = ensia_year(session=session, organisation_id=organisation.id, year=_year(year))
    data = data_of(record)
    for number, subject, applies, reference in (
        (1, "DigiD", data.digid_applies, data.digid_reference),
        (2, "Suwinet", data.suwinet_applies, data.suwinet_reference),
    ):
        state = (
            f"van toepassing, kenmerk {reference or '(nog niet ingevuld)'}"
            if applies
            else "niet van toepassing"
        )
        click.echo(f"bijlage {number} {subject}: {state}")
    click.echo(f"IT-auditor: {data.auditor or '(niet ingevuld)'}")
    if record is not None:
        click.echo(f"vastgelegd door {record.changed_by}")


@ensia.command(
    "set", help="Leg voor een ENSIA-jaar vast welke bijlagen gelden; wat u weglaat blijft zoals het was."
)
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option("--year", required=True, type=int, help="Het jaar (peildatum 31 december).")
@click.option("--digid/--no-digid", "digid", default=None, help="Bijlage 1 (DigiD) is (niet) van toepassing.")
@click.option("--digid-reference", default=None, help="Kenmerk van het assurancerapport DigiD.")
@click.option(
    "--suwinet/--no-suwinet", "suwinet", default=None, help="Bijlage 2 (Suwinet) is (niet) van toepassing."
)
@click.option("--suwinet-reference", default=None, help="Kenmerk van het assurancerapport Suwinet.")
@click.option("--auditor", default=None, help="De IT-auditor (organisatie) van de assurancerapporten.")
def set_(
    slug: str,
    year: int,
    digid: bool | None,
    digid_reference: str | None,
    suwinet: bool | None,
    suwinet_reference: str | None,
    auditor: str | None,
) -> None:
    given = {
        "digid_applies": digid,
        "digid_reference": digid_reference,
        "suwinet_applies": suwinet,
        "suwinet_reference": suwinet_reference,
        "auditor": auditor,
    }
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        current = data_of(ensia_year(session=session, organisation_id=organisation.id, year=_year(year)))
        data: EnsiaYearData = replace(current, **{k: v for k, v in given.items() if v is not None})
        try:
            record_ensia_year(
                session=session,
                organisation_id=organisation.id,
                year=year,
                data=data,
                actor=Actor.system("opdrachtregel"),
            )
        except RuleError as error:
            raise CLIError.of(error) from None
    click.echo(f"ENSIA {year} van {slug} vastgelegd")

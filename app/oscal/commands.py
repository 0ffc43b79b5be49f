"""`naleving oscal export|import`."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import click

from app.catalogue.problems import item_line
from app.commands import CLIError, app_session, organisation_or_fail, read_import_file
from controls.yamlproblems import CatalogueError
from reports.oscal_export import KINDS, oscal_document
from reports.oscal_import import import_oscal_catalog

FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)


@click.group(help="OSCAL 1.1 (JSON): de catalogus, de antwoorden en de beoordelingen uitwisselen.")
def oscal() -> None:
    pass


@oscal.command("export", help="Schrijf de catalogus, de antwoorden (ssp) of de beoordelingen als OSCAL-JSON.")
@click.option("--org", "slug", default=None, help="Slug van de organisatie (niet nodig voor catalog).")
@click.option("--kind", required=True, type=click.Choice(KINDS), help="Welk OSCAL-document.")
@click.option("--out", required=True, type=click.Path(path_type=Path, dir_okay=False), help="Doelbestand.")
@click.option(
    "--as-of", "as_of", default=None, help="Peildatum JJJJ-MM-DD (standaard: nu; niet voor catalog)."
)
def export(slug: str | None, kind: str, out: Path, as_of: str | None) -> None:
    if kind != "catalog" and not slug:
        raise CLIError(f"--org is nodig voor --kind {kind}")
    day = _day(as_of)
    if not out.parent.is_dir():
        raise CLIError(f"map bestaat niet: {out.parent}")
    with app_session() as session:
        organisation_id = organisation_or_fail(session, slug).id if slug else None
        content = oscal_document(session=session, kind=kind, organisation_id=organisation_id, as_of=day)
    temp = out.with_name(f".{out.name}.part")
    try:
        temp.write_bytes(content)
        os.replace(temp, out)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise CLIError(f"kan {out} niet schrijven: {error.strerror}") from None
    click.echo(f"{out}: OSCAL {kind}, {len(content):,} bytes")


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise CLIError(f"ongeldige datum '{text}' (gebruik JJJJ-MM-DD)") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise CLIError(f"datum '{text}' buiten {FIRST_DAY.year}-{LAST_DAY.year}")
    return day


@oscal.command(
    "import", help="Laad een OSCAL-catalogus (JSON) als de catalogus, zonder antwoorden te verliezen."
)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def import_(file: Path) -> None:
    with app_session() as session:
        data = read_import_file(file)
        try:
            result = import_oscal_catalog(session=session, data=data, name=str(file))
        except CatalogueError as error:
            lines = [f"{file}: {item_line(problem)}" for problem in error.problems]
            for line in lines[1:]:
                click.echo(line, err=True)
            more = f" (en nog {len(lines) - 1})" if len(lines) > 1 else ""
            raise CLIError(lines[0] + more) from None
    load = result.load
    if result.unchanged:
        click.echo(f"catalogus {load.version} was al geladen; niets gewijzigd")
    else:
        click.echo(
            f"catalogus {load.version} geladen uit OSCAL: {load.added} nieuw, {load.changed} gewijzigd, "
            f"{load.withdrawn} vervallen, {load.carried_over} antwoorden overgenomen"
        )

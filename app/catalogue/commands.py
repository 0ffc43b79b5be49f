"""`naleving catalogue ...`: check and load catalogue files."""

from __future__ import annotations

from pathlib import Path

import click

from app.catalogue.problems import file_line, file_lines
from app.commands import CLIError, app_session, organisation_or_fail, summarise_problems
from controls.catalogue import SHIPPED_CATALOGUE, CatalogueError, check_catalogue_file, load_catalogue_file
from core.actor import COMMAND_LINE


@click.group(help="De catalogus van eisen (BIO2, NIS2) controleren en laden.")
def catalogue() -> None:
    pass


@catalogue.command("check", help="Controleer een catalogusbestand; elk probleem als bestand:regel: melding.")
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False))
def check(file: Path | None) -> None:
    path = file or SHIPPED_CATALOGUE
    if not path.is_file():
        raise CLIError(f"bestand niet gevonden: {path}")
    try:
        parsed, problems = check_catalogue_file(path)
    except CatalogueError as error:
        problems, parsed = error.problems, None
    if problems:
        for problem in problems:
            click.echo(file_line(str(path), problem), err=True)
        raise click.exceptions.Exit(1)
    kinds: dict[str, int] = {}
    for requirement in parsed.requirements:
        kinds[requirement.kind.value] = kinds.get(requirement.kind.value, 0) + 1
    counts = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
    click.echo(f"{path}: in orde (versie {parsed.version}: {counts}, {len(parsed.mappings)} mappings)")


@catalogue.command("load", help="Laad of upgrade de catalogus zonder antwoorden te verliezen.")
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False))
def load(file: Path | None) -> None:
    path = file or SHIPPED_CATALOGUE
    if not path.is_file():
        raise CLIError(f"bestand niet gevonden: {path}")
    with app_session() as session:
        try:
            result = load_catalogue_file(session=session, path=path, actor=COMMAND_LINE)
        except CatalogueError as error:
            lines = file_lines(error)
            for line in lines:
                click.echo(line, err=True)
            raise CLIError(summarise_problems(lines)) from None
    load = result.load
    if result.unchanged:
        click.echo(f"catalogus {load.version} was al geladen; niets gewijzigd")
    else:
        click.echo(
            f"catalogus {load.version} geladen: {load.added} nieuw, {load.changed} gewijzigd, "
            f"{load.withdrawn} vervallen, {load.carried_over} antwoorden overgenomen"
        )


@catalogue.command("overlay", help="Laad volledige teksten (met eigen licentie) voor één organisatie.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie die de licentie heeft.")
@click.option("--remove", is_flag=True, help="Verwijder alle volledige teksten van de organisatie.")
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False))
def overlay(slug: str, remove: bool, file: Path | None) -> None:
    from controls.overlay import load_overlay_file, remove_overlay

    if remove == (file is not None):
        raise CLIError("geef een overlaybestand of --remove (niet allebei)")
    if file is not None and not file.is_file():
        raise CLIError(f"bestand niet gevonden: {file}")
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        if remove:
            removed = remove_overlay(session=session, organisation_id=organisation.id, actor=COMMAND_LINE)
            click.echo(f"{removed} volledige teksten van {slug} verwijderd")
            return
        try:
            result = load_overlay_file(
                session=session, organisation_id=organisation.id, path=file, actor=COMMAND_LINE
            )
        except CatalogueError as error:
            for line in file_lines(error):
                click.echo(line, err=True)
            raise CLIError(f"{len(error.problems)} probleem/problemen in {file}; niets geladen") from None
    click.echo(f"volledige teksten voor {slug} geladen: {result.added} nieuw, {result.replaced} vervangen")

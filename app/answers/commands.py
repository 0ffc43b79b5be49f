"""`naleving answers export|import`: the answers of an organisation as an Excel sheet, and back."""

from __future__ import annotations

from pathlib import Path

import click

from app.answers import problems  # noqa: F401 - registers the area's problem words
from app.answers.risk_links import risk_references
from app.commands import app_session, organisation_or_fail, read_import_file
from app.imports.commands import run_import
from app.plan.hooks import follow_ups
from controls.answers_xlsx import ANSWERS_SHEET, export_answers, import_answers
from core.actor import Actor


@click.group(help="Antwoorden (pas toe of leg uit) uitwisselen als Excel-bestand.")
def answers() -> None:
    pass


@answers.command("export", help="Schrijf de antwoorden van een organisatie naar een Excel-bestand.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Doelbestand (.xlsx).",
)
def export(slug: str, out: Path) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        data = export_answers(session=session, organisation_id=organisation.id)
    out.write_bytes(data)
    click.echo(f"antwoorden van {slug} geschreven naar {out}")


@answers.command("import", help="Lees antwoorden uit een Excel-bestand; bij één fout wordt niets opgeslagen.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option("--dry-run", is_flag=True, help="Alleen controleren, niets opslaan.")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def import_(slug: str, dry_run: bool, file: Path) -> None:
    with app_session() as session:
        data = read_import_file(file)
        organisation = organisation_or_fail(session, slug)
        accepted, known = risk_references(session, organisation.id)
        result = run_import(
            file,
            ANSWERS_SHEET,
            lambda: import_answers(
                session=session,
                organisation_id=organisation.id,
                data=data,
                actor=Actor.system("Excel-import (opdrachtregel)"),
                accepted_risks=accepted,
                known_risks=known,
                dry_run=dry_run,
                note=f"Excel-import {file.name}",
            ),
        )
        if dry_run:
            session.rollback()
    changed = len(result.changes)
    if dry_run:
        click.echo(
            f"{file}: in orde; {changed} antwoorden zouden wijzigen, {result.unchanged} ongewijzigd "
            "(niets opgeslagen)"
        )
        for line in follow_ups(result.held, result.made, dry_run=True):
            click.echo(line)
    else:
        click.echo(f"{file}: {changed} antwoorden ingelezen, {result.unchanged} ongewijzigd")
        for line in follow_ups(result.held, result.made):
            click.echo(line)

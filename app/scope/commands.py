"""`naleving systems ...`: the scope register (processes and information systems) and the suppliers from the
command line: list, export to and import from Excel (all or nothing, with --dry-run)."""

from __future__ import annotations

from pathlib import Path

import click

from app.commands import app_session, organisation_or_fail
from app.imports.commands import register_import
from app.scope import problems  # noqa: F401 - registers the area's problem words
from risk.scope_links import scope_gaps
from scope.labels import LEVEL, OUTCOME
from scope.register import list_items
from scope.suppliers import list_suppliers
from scope.xlsx import SCOPE_SHEET, export_items, import_items


@click.group(help="Het scoperegister: processen, informatiesystemen en leveranciers.")
def systems() -> None:
    pass


@systems.command("list", help="Toon de processen en informatiesystemen, met hun classificatie.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option("--suppliers", is_flag=True, help="Toon de leveranciers in plaats van processen en systemen.")
def list_command(slug: str, suppliers: bool) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        if suppliers:
            for supplier in list_suppliers(session=session, organisation_id=organisation.id):
                click.echo(f"{supplier.name}\t{supplier.jurisdiction}\t{supplier.contract_end or '-'}")
            return
        gaps = {item.id for item in scope_gaps(session=session, organisation_id=organisation.id)}
        for item in list_items(session=session, organisation_id=organisation.id):
            levels = "/".join(
                LEVEL.of(getattr(item, a), default="-")
                for a in ("availability", "integrity", "confidentiality")
            )
            outcome = OUTCOME.of(item.outcome, default="geen quickscan")
            scope = "in scope" if item.in_scope else "buiten scope"
            gap = "\trisicoanalyse ontbreekt" if item.id in gaps else ""
            click.echo(f"{item.reference}\t{item.name}\t{scope}\tBIV {levels}\t{outcome}{gap}")


@systems.command("export", help="Schrijf de processen en informatiesystemen naar een Excel-bestand.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option("--out", required=True, type=click.Path(path_type=Path, dir_okay=False), help="Doelbestand.")
def export_command(slug: str, out: Path) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        content = export_items(session=session, organisation_id=organisation.id)
    out.write_bytes(content)
    click.echo(f"scoperegister van {slug} geschreven naar {out}")


@systems.command(
    "import", help="Lees processen en systemen uit een Excel-bestand; bij één fout wordt niets opgeslagen."
)
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option("--dry-run", is_flag=True, help="Alleen controleren; niets opslaan.")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def import_command(slug: str, dry_run: bool, file: Path) -> None:
    register_import(file, slug, SCOPE_SHEET, import_items, dry_run=dry_run, command="naleving systems import")

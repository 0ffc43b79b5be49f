"""`naleving risks ...`: the register in Excel, the risk matrix, P&C moments and their snapshots, from the
command line."""

from __future__ import annotations

import json
from pathlib import Path

import click
from sqlmodel import Session

from app.commands import DAY, ID, CLIError, app_session, organisation_or_fail, read_import_file
from app.imports.commands import register_import
from app.plan.hooks import follow_ups
from app.problems import messages
from app.risks import problems  # noqa: F401 - registers the area's problem words
from core.actor import COMMAND_LINE, Actor
from core.errors import RuleError
from core.ranges import MAX_SEED
from risk.matrix import DEFAULT_MATRIX, LEVEL_ORDER, Matrix, matrix_for, save_matrix
from risk.models import MomentKind, PCMoment
from risk.pc import create_moment, get_moment, take_snapshot, update_moment
from risk.xlsx import RISKS_SHEET, export_risks, import_risks


@click.group(help="Het risicoregister en de P&C-cyclus.")
def risks() -> None:
    pass


@risks.command("export", help="Schrijf het risicoregister naar een Excel-bestand.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option(
    "--out", "out", required=True, type=click.Path(path_type=Path, dir_okay=False), help="Doelbestand."
)
def export_command(slug: str, out: Path) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        content = export_risks(session=session, organisation_id=organisation.id)
    out.write_bytes(content)
    click.echo(f"risicoregister van {slug} geschreven naar {out}")


@risks.command("import", help="Lees risico's uit een Excel-bestand; bij één fout wordt niets opgeslagen.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option("--dry-run", is_flag=True, help="Alleen controleren; niets opslaan.")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def import_command(slug: str, dry_run: bool, file: Path) -> None:
    result = register_import(
        file, slug, RISKS_SHEET, import_risks, dry_run=dry_run, command="naleving risks import"
    )
    for line in follow_ups(result.held, result.made, dry_run=dry_run):
        click.echo(line)


@risks.command("moment", help="Maak een P&C-moment (kadernota, begroting, tussenrapportage, jaarrekening).")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option(
    "--kind", required=True, type=click.Choice([k.value for k in MomentKind]), help="Soort document."
)
@click.option("--year", required=True, type=int, help="Begrotingsjaar.")
@click.option("--date", "moment_on", required=True, type=DAY, help="Peildatum JJJJ-MM-DD.")
@click.option("--capacity", required=True, type=int, help="Beschikbare weerstandscapaciteit in euro's.")
def moment_command(slug: str, kind: str, year: int, moment_on, capacity: int) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        try:
            moment = create_moment(
                session=session,
                organisation_id=organisation.id,
                kind=kind,
                year=year,
                moment_on=moment_on,
                available_capacity=capacity,
                actor=COMMAND_LINE,
            )
        except RuleError as error:
            raise CLIError("; ".join(messages(error))) from None
        moment_id = moment.id
    click.echo(f"P&C-moment {moment_id} aangemaakt: {kind} {year}")


def moment_or_fail(session: Session, slug: str, moment_id: int) -> PCMoment:
    organisation = organisation_or_fail(session, slug)
    moment = get_moment(session=session, organisation_id=organisation.id, moment_id=moment_id)
    if moment is None:
        raise CLIError(f"geen P&C-moment {moment_id} bij {slug}")
    return moment


@risks.command(
    "moment-set",
    help="Corrigeer een P&C-moment zonder momentopname; wat u niet opgeeft blijft zoals het was.",
)
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option("--moment", "moment_id", required=True, type=ID, help="Nummer van het P&C-moment.")
@click.option("--kind", type=click.Choice([k.value for k in MomentKind]), help="Soort document.")
@click.option("--year", type=int, help="Begrotingsjaar.")
@click.option("--date", "moment_on", type=DAY, help="Peildatum JJJJ-MM-DD.")
@click.option("--capacity", type=int, help="Beschikbare weerstandscapaciteit in euro's.")
@click.option("--note", help="Toelichting (hoogstens 500 tekens).")
def moment_set_command(
    slug: str,
    moment_id: int,
    kind: str | None,
    year: int | None,
    moment_on,
    capacity: int | None,
    note: str | None,
) -> None:
    with app_session() as session:
        moment = moment_or_fail(session, slug, moment_id)
        try:
            update_moment(
                session=session,
                moment=moment,
                kind=kind or moment.kind,
                year=moment.year if year is None else year,
                moment_on=moment.moment_on if moment_on is None else moment_on,
                available_capacity=moment.available_capacity if capacity is None else capacity,
                note=moment.note if note is None else note,
                actor=COMMAND_LINE,
            )
        except RuleError as error:
            raise CLIError("; ".join(messages(error)) + "; niets gewijzigd") from None
        line = f"{moment.kind} {moment.year}, peildatum {moment.moment_on:%Y-%m-%d}, capaciteit {moment.available_capacity}"
    click.echo(f"P&C-moment {moment_id} gewijzigd: {line}")


@risks.command("snapshot", help="Leg het register en het weerstandsvermogen vast voor een P&C-moment.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option("--moment", "moment_id", required=True, type=ID, help="Nummer van het P&C-moment.")
@click.option(
    "--seed",
    type=click.IntRange(0, MAX_SEED),
    default=None,
    help="Startwaarde van de simulatie (standaard: willekeurig).",
)
def snapshot_command(slug: str, moment_id: int, seed: int | None) -> None:
    with app_session() as session:
        moment = moment_or_fail(session, slug, moment_id)
        try:
            snapshot = take_snapshot(
                session=session, moment=moment, seed=seed, actor=Actor.system("naleving risks snapshot")
            )
        except RuleError as error:
            raise CLIError("; ".join(messages(error))) from None
        line = (
            f"momentopname gemaakt: benodigd voor informatiebeveiligingsrisico's EUR "
            f"{snapshot.required_capacity:,.0f} bij {snapshot.certainty:.0%} zekerheid, "
            f"methode {snapshot.method} (seed {snapshot.seed}, sha256 {snapshot.sha256[:12]}...); "
            "ratio en waardering met 'naleving risks pc-figures' (de cijfers uit de begroting)"
        )
    click.echo(line)


@risks.command(
    "matrix",
    help="Toon de risicomatrix als JSON, of stel haar in uit een JSON-bestand (--set) of op de standaard "
    "(--reset).",
)
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option(
    "--set",
    "source",
    type=click.Path(path_type=Path, dir_okay=False),
    help="JSON zoals deze opdracht het toont: vijf labels per as, 5 x 5 niveaus, risicobereidheid, zekerheid.",
)
@click.option("--reset", is_flag=True, help="Terug naar de Nederlandse standaardmatrix.")
def matrix_command(slug: str, source: Path | None, reset: bool) -> None:
    if source is not None and reset:
        raise CLIError("--set en --reset gaan niet samen")
    with app_session() as session:
        chosen = DEFAULT_MATRIX if reset else _matrix_file(source) if source is not None else None
        organisation = organisation_or_fail(session, slug)
        if chosen is None:
            click.echo(
                json.dumps(matrix_for(session=session, organisation_id=organisation.id).to_dict(), indent=2)
            )
            return
        try:
            save_matrix(session=session, organisation_id=organisation.id, matrix=chosen, actor=COMMAND_LINE)
        except RuleError as error:
            raise CLIError(f"{source}: {'; '.join(messages(error))}; niets gewijzigd") from None
    click.echo(
        f"risicomatrix van {slug} {'teruggezet op de standaard' if reset else 'ingesteld uit ' + str(source)}"
    )


def _matrix_file(path: Path) -> Matrix:
    data = read_import_file(path)
    try:
        matrix = Matrix.from_dict(json.loads(data))
        if not all(isinstance(label, str) for label in matrix.likelihood_labels + matrix.impact_labels):
            raise TypeError("labels are text")
        return matrix
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise CLIError(f"{path}: geen geldige JSON; niets gewijzigd") from None
    except KeyError as error:
        raise CLIError(f"{path}: {error.args[0]} ontbreekt; niets gewijzigd") from None
    except (TypeError, ValueError, AttributeError):
        raise CLIError(
            f"{path}: geen geldige matrix (niveaus: {', '.join(level.value for level in LEVEL_ORDER)}); "
            "niets gewijzigd"
        ) from None

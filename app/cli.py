"""The `naleving` command: the group, the commands of the installation as a whole (init, demo, backup, restore,
serve), and main(). Each area adds its own commands to the app's `app.cli` in its `init_app`; main() makes the
app first and the group lists them from there, so no area imports this module."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from sqlalchemy.exc import DatabaseError

from app import create_app
from app.commands import CLIError, app_session, check_arguments, summarise_problems
from app.config import SettingError
from app.db import engine
from app.problems import messages
from core.errors import RuleError
from core.ranges import PORTS


class NalevingGroup(click.Group):
    """The commands defined here and those the areas added to the current app's `app.cli`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *current_app.cli.list_commands(ctx)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, cmd_name) or current_app.cli.get_command(ctx, cmd_name)


@click.group(cls=NalevingGroup, help="Naleving: BIO2- en NIS2-naleving, risico's en rapportages.")
def cli() -> None:
    pass


@cli.command(help="Maak of upgrade de database en laad de meegeleverde catalogus.")
def init() -> None:
    from sqlmodel import SQLModel

    from app.catalogue.problems import file_lines
    from app.migrate import upgrade
    from controls.catalogue import CatalogueError, load_catalogue_file
    from core.actor import COMMAND_LINE
    from core.dbtypes import restore_guards

    with app_session() as session:
        upgrade(session.get_bind())
        repaired = restore_guards(session.connection(), SQLModel.metadata.sorted_tables)
        try:
            result = load_catalogue_file(session=session, actor=COMMAND_LINE)
        except CatalogueError as error:
            raise CLIError(summarise_problems(file_lines(error))) from None
    load = result.load
    state = (
        "ongewijzigd"
        if result.unchanged
        else f"{load.added} nieuw, {load.changed} gewijzigd, {load.withdrawn} vervallen"
    )
    if repaired:
        click.echo(f"alleen-toevoegen hersteld voor: {', '.join(repaired)}")
    click.echo(f"database bijgewerkt; catalogus {load.version}: {state}")
    from app.reports.signing import ensure_certificate

    click.echo(ensure_certificate(current_app))


@cli.command(help="Maak de demo-organisaties en een gebruiker per rol (herhaalbaar).")
def demo() -> None:
    from app.demo import seed_demo

    with app_session() as session:
        report = seed_demo(session, password=current_app.config["DEMO_PASSWORD"] or None)
    for line in report:
        click.echo(line)


@cli.command(help="Schrijf een back-up van alle gegevens en bestanden naar een zip-bestand.")
@click.option(
    "--out", "out", required=True, type=click.Path(path_type=Path, dir_okay=False), help="Doelbestand (.zip)."
)
def backup(out: Path) -> None:
    from app.backup import write_backup

    manifest = write_backup(engine(), Path(current_app.instance_path), out)
    rows = sum(manifest["tables"].values())
    click.echo(
        f"back-up geschreven naar {out}: {rows} rijen in {len(manifest['tables'])} tabellen, "
        f"{len(manifest['files'])} bestanden"
    )


@cli.command(help="Zet een back-up terug; vervangt alle gegevens (alles of niets).")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
def restore(file: Path) -> None:
    from app.backup import restore_backup

    manifest = restore_backup(engine(), Path(current_app.instance_path), file)
    click.echo(f"back-up van {manifest['created_at']} teruggezet: {sum(manifest['tables'].values())} rijen")


@cli.command(help="Start de webserver (ontwikkelserver; gebruik gunicorn in productie).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(*PORTS))
def serve(host: str, port: int) -> None:
    current_app.run(host=host, port=port, debug=False, use_reloader=False)


def main(argv: list[str] | None = None) -> int:
    """Entry point: makes the app (whose areas add their commands), then runs the command inside its app context.
    Usage errors and user errors give one line on stderr and exit 1, never a traceback."""
    args = sys.argv[1:] if argv is None else argv
    try:
        app = create_app(serves_api=bool(args) and args[0] == "serve")
        with app.app_context():
            try:
                return run(argv)
            finally:
                engine().dispose()
    except click.ClickException as error:
        click.echo("naleving: " + " ".join(error.format_message().split()), err=True)
        return 1
    except SettingError as error:
        click.echo(f"naleving: {error}", err=True)
        return 1
    except click.exceptions.Abort:
        click.echo("naleving: afgebroken", err=True)
        return 1
    except DatabaseError as error:
        reason = str(getattr(error, "orig", error)).splitlines()[0]
        click.echo(f"naleving: databasefout: {reason} (is 'naleving init' uitgevoerd?)", err=True)
        return 1
    except OSError as error:
        click.echo(
            f"naleving: {error.strerror or error}: {getattr(error, 'filename', '') or ''}".rstrip(": "),
            err=True,
        )
        return 1


def run(argv: list[str] | None) -> int:
    """The command, in the app context: the help lists the app's commands, and a broken rule a command leaves
    to us is worded in the app's language, one line per problem."""
    check_arguments(sys.argv[1:] if argv is None else argv)
    try:
        # A command that has already written its problems ends with click.exceptions.Exit(1): returned here.
        status = cli.main(args=argv, prog_name="naleving", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as error:
        click.echo(error.ctx.get_help() if error.ctx else str(error))
        return 0
    except RuleError as error:
        for line in messages(error):
            click.echo(f"naleving: {line}", err=True)
        return 1
    return status if isinstance(status, int) else 0


if __name__ == "__main__":
    sys.exit(main())

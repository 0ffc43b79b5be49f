"""The `naleving` command: the group, the commands of the installation as a whole (init, demo, backup, restore,
serve), and main(). The areas declare their commands in their packages (COMMANDS, app/command_index.py); the
group lists them from there and imports a command only when it is named, so no area imports this module and
`naleving --help` imports no area's commands.

A command runs in the app of the run (app.commands.command_app), built without the pages when the command's
callback is called: the help of any command, and a usage error, build no app at all."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from app.commands import CLIError, app_session, check_arguments, command_app, command_run, summarise_problems
from core.errors import RuleError
from core.ranges import PORTS

if TYPE_CHECKING:
    from app.command_index import AreaCommand


def area_commands() -> dict[tuple[str, ...], AreaCommand]:
    """What the areas declare, by path ("risks",) or ("answers", "copy")."""
    from app import areas

    return {command.path: command for area in areas() for command in getattr(area, "COMMANDS", ())}


class NalevingGroup(click.Group):
    """The commands defined here and those the areas declare, loaded when named; the help lists the areas'
    commands with the summary they declare, without loading them."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        declared = [path[0] for path in area_commands() if len(path) == 1]
        return sorted({*super().list_commands(ctx), *declared})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        own = super().get_command(ctx, cmd_name)
        if own is not None:
            return own
        declared = area_commands()
        if (cmd_name,) not in declared:
            return None
        command = declared[(cmd_name,)].load()
        for path, addition in declared.items():
            if len(path) == 2 and path[0] == cmd_name and isinstance(command, click.Group):
                command.add_command(addition.load(), path[1])
        runs_in_app(command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """As click's own, with the summaries the areas declare for their commands."""
        summaries = {path[0]: area.summary for path, area in area_commands().items() if len(path) == 1}
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            own = self.commands.get(name)
            described = own if own is not None else click.Command(name, help=summaries[name])
            rows.append((name, described.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def in_app(callback: Callable[..., Any]) -> Callable[..., Any]:
    """The command's callback, run in the app of the run (built now, the first time)."""

    @functools.wraps(callback)
    def run_in_app(*args: Any, **kwargs: Any) -> Any:
        command_app()
        return callback(*args, **kwargs)

    run_in_app.in_app = True  # type: ignore[attr-defined]
    return run_in_app


def runs_in_app(command: click.Command) -> None:
    """Every command under `command` runs in the app of the run; a group's own callback needs none."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            runs_in_app(sub)
    elif command.callback is not None and not getattr(command.callback, "in_app", False):
        command.callback = in_app(command.callback)


@click.group(cls=NalevingGroup, help="Naleving: BIO2- en NIS2-naleving, risico's en rapportages.")
def cli() -> None:
    pass


@cli.command(help="Maak of upgrade de database en laad de meegeleverde catalogus.")
@in_app
def init() -> None:
    from flask import current_app
    from sqlmodel import SQLModel

    from app.catalogue.problems import file_lines
    from app.db import import_models
    from app.migrate import upgrade
    from controls.catalogue import CatalogueError, load_catalogue_file
    from core.actor import COMMAND_LINE
    from core.dbtypes import restore_guards

    import_models()
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
@in_app
def demo() -> None:
    from flask import current_app

    from app.demo import seed_demo

    with app_session() as session:
        report = seed_demo(session, password=current_app.config["DEMO_PASSWORD"] or None)
    for line in report:
        click.echo(line)


@cli.command(help="Schrijf een back-up van alle gegevens en bestanden naar een zip-bestand.")
@click.option(
    "--out", "out", required=True, type=click.Path(path_type=Path, dir_okay=False), help="Doelbestand (.zip)."
)
@in_app
def backup(out: Path) -> None:
    from flask import current_app

    from app.backup import write_backup
    from app.db import engine

    manifest = write_backup(engine(), Path(current_app.instance_path), out)
    rows = sum(manifest["tables"].values())
    click.echo(
        f"back-up geschreven naar {out}: {rows} rijen in {len(manifest['tables'])} tabellen, "
        f"{len(manifest['files'])} bestanden"
    )


@cli.command(help="Zet een back-up terug; vervangt alle gegevens (alles of niets).")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@in_app
def restore(file: Path) -> None:
    from flask import current_app

    from app.backup import restore_backup
    from app.db import engine

    manifest = restore_backup(engine(), Path(current_app.instance_path), file)
    click.echo(f"back-up van {manifest['created_at']} teruggezet: {sum(manifest['tables'].values())} rijen")


@cli.command(help="Start de webserver (ontwikkelserver; gebruik gunicorn in productie).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(*PORTS))
def serve(host: str, port: int) -> None:
    from app import create_app

    app = create_app()
    try:
        app.run(host=host, port=port, debug=False, use_reloader=False)
    finally:
        app.extensions["naleving.engine"].dispose()


def main(argv: list[str] | None = None) -> int:
    """Entry point: runs the command; its app is built when the command runs (not for a help or a usage
    error). Usage errors and user errors give one line on stderr and exit 1, never a traceback."""
    with command_run():
        try:
            return run(argv)
        except click.ClickException as error:
            click.echo("naleving: " + " ".join(error.format_message().split()), err=True)
            return 1
        except click.exceptions.Abort:
            click.echo("naleving: afgebroken", err=True)
            return 1
        except Exception as error:
            line = one_line(error)
            if line is None:
                raise
            click.echo(f"naleving: {line}", err=True)
            return 1


def one_line(error: Exception) -> str | None:
    """The line for a wrong setting, a database that refuses, or a file that cannot be read or written; None
    for anything else (a bug: its traceback is shown). The database layer is asked only when it was loaded."""
    from app.config import SettingError

    if isinstance(error, SettingError):
        return str(error)
    exc = sys.modules.get("sqlalchemy.exc")
    if exc is not None and isinstance(error, exc.DatabaseError):
        reason = str(getattr(error, "orig", error)).splitlines()[0]
        return f"databasefout: {reason} (is 'naleving init' uitgevoerd?)"
    if isinstance(error, OSError):
        return f"{error.strerror or error}: {getattr(error, 'filename', '') or ''}".rstrip(": ")
    return None


def run(argv: list[str] | None) -> int:
    """The command: the help lists the areas' commands, and a broken rule a command leaves to us is worded in
    the app's language, one line per problem."""
    check_arguments(sys.argv[1:] if argv is None else argv)
    try:
        # A command that has already written its problems ends with click.exceptions.Exit(1): returned here.
        status = cli.main(args=argv, prog_name="naleving", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as error:
        click.echo(error.ctx.get_help() if error.ctx else str(error))
        return 0
    except RuleError as error:
        from app.problems import messages

        command_app()
        for line in messages(error):
            click.echo(f"naleving: {line}", err=True)
        return 1
    return status if isinstance(status, int) else 0


if __name__ == "__main__":
    sys.exit(main())

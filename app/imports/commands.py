"""One import flow for every sheet, on the command line: each problem worded on a line of its own on stderr,
then exit 1; nothing is saved."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click
from flask import current_app
from flask_babel import force_locale

from app.commands import CLIError, app_session, organisation_or_fail, read_import_file
from app.imports.words import problem_lines, stale_message
from core.actor import Actor
from core.errors import RuleError, StaleEdit
from core.tabular import ImportResult, SheetSpec

T = TypeVar("T")


def run_import(file: Path, spec: SheetSpec, run: Callable[[], T]) -> T:
    """The result of `run()`; its problems (RuleError) or conflict (StaleEdit) as a user error."""
    try:
        return run()
    except RuleError as error:
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            lines = problem_lines(error, spec)
    except StaleEdit as error:
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            raise CLIError(f"{file}: {stale_message(error)}") from None
    if len(lines) == 1:
        raise CLIError(f"{file}: {lines[0]}; niets ingelezen")
    for line in lines:
        click.echo(f"{file}: {line}", err=True)
    raise CLIError(f"{len(lines)} problemen in {file}; niets ingelezen")


def register_import(
    file: Path,
    slug: str,
    spec: SheetSpec,
    importer: Callable[..., ImportResult],
    *,
    dry_run: bool,
    command: str,
) -> ImportResult:
    """`naleving <register> import`: read the sheet into the organisation's register (all or nothing) through the
    register's domain import, and say what it did, or on a dry run what it would do (the result, for more)."""
    with app_session() as session:
        data = read_import_file(file)
        organisation = organisation_or_fail(session, slug)
        result = run_import(
            file,
            spec,
            lambda: importer(
                session=session,
                organisation_id=organisation.id,
                source=data,
                dry_run=dry_run,
                actor=Actor.system(command),
            ),
        )
        if dry_run:
            session.rollback()
    prefix = "controle (niets opgeslagen): " if dry_run else ""
    click.echo(
        f"{prefix}{len(result.created)} nieuw, {len(result.updated)} gewijzigd, {len(result.unchanged)} ongewijzigd"
    )
    return result

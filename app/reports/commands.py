"""`naleving report ...` makes a report (kept in the archive, and written to a file); `naleving scheduler`
runs the scheduler in the foreground."""

from __future__ import annotations

import getpass
import os
import signal
import time
from datetime import date
from pathlib import Path

import click
from flask import current_app

from app.commands import DAY, ID, CLIError, app_session, organisation_or_fail
from app.reports.common import archive_root, report_parameters
from core.actor import Actor
from core.errors import RuleError
from reports import pdf_parts
from reports.archive import read_report
from reports.builders import formats_of, generate_report
from reports.ensia import reference_day
from reports.models import ReportFormat, ReportKind

STOP_POLL_SECONDS = 0.2


def _operator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "onbekend"


@click.command(
    "report",
    help="Maak een rapport (soa, risks, pc, management, ensia), bewaar het in het archief en schrijf het naar FILE.",
)
@click.argument("kind", type=click.Choice([k.value for k in ReportKind]))
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Bestand om het rapport in te schrijven.",
)
@click.option(
    "--format",
    "format_",
    type=click.Choice([f.value for f in ReportFormat]),
    default=None,
    help="pdf of xlsx (standaard: pdf, of xlsx voor een rapport dat alleen xlsx kent, zoals ensia).",
)
@click.option("--as-of", "as_of", type=DAY, default=None, help="Peildatum JJJJ-MM-DD (standaard: nu).")
@click.option(
    "--moment", "moment_id", type=ID, default=None, help="P&C-moment (alleen pc; standaard het laatste)."
)
@click.option(
    "--year",
    type=click.IntRange(2000, 2100),
    default=None,
    help="Jaar van de ENSIA-zelfevaluatie (alleen ensia; peildatum 31 december).",
)
def report(
    kind: str,
    slug: str,
    out: Path,
    format_: str | None,
    as_of: date | None,
    moment_id: int | None,
    year: int | None,
) -> None:
    day = as_of
    format_ = format_ or formats_of(kind)[0].value
    if year is not None:
        if kind != ReportKind.ENSIA:
            raise CLIError("--year hoort alleen bij het rapport ensia")
        if day is not None:
            raise CLIError("geef --year of --as-of, niet beide")
        day = reference_day(year)
    if moment_id is not None and kind != ReportKind.PC:
        raise CLIError("--moment hoort alleen bij het rapport pc")
    if day is not None and kind == ReportKind.PC:
        raise CLIError(
            "--as-of hoort niet bij het rapport pc: de cijfers komen uit de momentopname (--moment)"
        )
    if not out.parent.is_dir():
        raise CLIError(f"map bestaat niet: {out.parent}")
    with app_session() as session:
        if current_app.config["PDF_PROCESSES"] is None:
            # One report and the process ends: starting PDF processes costs more than they save here.
            pdf_parts.configure(1)
        organisation = organisation_or_fail(session, slug)
        actor = Actor.system(f"opdrachtregel ({_operator()})")
        params = report_parameters(organisation, generated_by=actor.name, as_of=day, moment_id=moment_id)
        try:
            record = generate_report(
                session=session,
                root=archive_root(),
                organisation_id=organisation.id,
                kind=kind,
                format=format_,
                params=params,
                actor=actor,
            )
        except RuleError as error:
            raise CLIError.of(error) from None
        content = read_report(root=archive_root(), record=record)
    _write(out, content)
    click.echo(f"{out}: {record.size} bytes, SHA-256 {record.sha256}; in het archief als rapport {record.id}")


def _write(path: Path, content: bytes) -> None:
    """Write next to the target and rename, so FILE is never half written."""
    temp = path.with_name(f".{path.name}.part")
    with open(temp, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)


@click.command(
    "scheduler", help="Draai de planner op de voorgrond (productie: één proces naast de webservers)."
)
def scheduler() -> None:
    from app.reports.scheduler import start_scheduler, stop_scheduler

    # The handler only notes the signal: it runs between two statements of the main thread, and taking a lock
    # there (as Event.set does) could deadlock with the main thread holding it.
    received: list[int] = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda number, _frame: received.append(number))
    app = current_app._get_current_object()
    start_scheduler(app)
    click.echo("planner draait (stoppen: Ctrl-C)")
    try:
        while not received:
            time.sleep(STOP_POLL_SECONDS)
    finally:
        stop_scheduler(app)
    click.echo("planner gestopt")

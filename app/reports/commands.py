"""`naleving report KIND ...` makes a report (kept in the archive, and written to a file); `naleving report
verify FILE` says whether a file is a byte-identical copy of an archived report; `naleving scheduler` runs the
scheduler in the foreground."""

from __future__ import annotations

import getpass
import os
import signal
import time
from datetime import date
from pathlib import Path

import click

from app.commands import DAY, ID, CLIError, app_session, organisation_or_fail
from reports.kinds import ReportFormat, ReportKind

# The rest is imported where it is used: `naleving report --help` loads no more than this (tests/test_startup.py).

STOP_POLL_SECONDS = 0.2


def _operator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "onbekend"


class ReportGroup(click.Group):
    """`naleving report KIND ...` (the command `make`, its name left out) and `naleving report verify FILE`."""

    def resolve_command(self, ctx: click.Context, args: list[str]):
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["make", *args]
        return super().resolve_command(ctx, args)


@click.group(
    "report",
    cls=ReportGroup,
    help="Rapporten: 'naleving report KIND --org SLUG --out FILE' maakt er een (KIND: soa, risks, pc, "
    "management, ensia, college, in-control); 'naleving report verify FILE' controleert of een bestand een gearchiveerd rapport is.",
)
def report() -> None:
    pass


@report.command(
    "make",
    help="Maak een rapport (soa, risks, pc, management, ensia, college, in-control), bewaar het in het archief "
    "en schrijf het naar FILE.",
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
    type=int,
    default=None,
    help="Jaar (alleen ensia, college en in-control; peildatum 31 december van dat jaar; standaard dit jaar).",
)
@click.option(
    "--language",
    type=click.Choice(["nl", "en"]),
    default="nl",
    show_default=True,
    help="Taal van het rapport: nl (Nederlands) of en (Engels); elk soort rapport kent beide.",
)
def make_report(
    kind: str,
    slug: str,
    out: Path,
    format_: str | None,
    as_of: date | None,
    moment_id: int | None,
    year: int | None,
    language: str,
) -> None:
    from app.reports.common import archive_root, report_parameters
    from core.actor import Actor
    from core.errors import RuleError
    from reports.archive import read_report
    from reports.builders import formats_of, generate_report
    from reports.parameters import YEAR_KINDS, made_by

    day = as_of
    format_ = format_ or formats_of(kind)[0].value
    if year is not None:
        if ReportKind(kind) not in YEAR_KINDS:
            raise CLIError("--year hoort alleen bij de rapporten ensia, college en in-control")
        if day is not None:
            raise CLIError("geef --year of --as-of, niet beide")
    if moment_id is not None and kind != ReportKind.PC:
        raise CLIError("--moment hoort alleen bij het rapport pc")
    if day is not None and kind == ReportKind.PC:
        raise CLIError(
            "--as-of hoort niet bij het rapport pc: de cijfers komen uit de momentopname (--moment)"
        )
    if not out.parent.is_dir():
        raise CLIError(f"map bestaat niet: {out.parent}")
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        actor = Actor.system(f"opdrachtregel ({_operator()})")
        params = report_parameters(
            organisation,
            generated_by=made_by("command_line", language, operator=_operator()),
            as_of=day,
            moment_id=moment_id,
            year=year,
            language=language,
        )
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


@report.command(
    "verify",
    help="Is FILE byte voor byte een gearchiveerd rapport? Exit 0 met nummer, organisatie, soort, naam en "
    "datum van het rapport; exit 1 als geen gearchiveerd rapport deze SHA-256 heeft.",
)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
def verify(file: Path) -> None:
    from sqlmodel import select

    from app.reports.common import archive_root
    from core.clock import local_minute
    from core.models import Organisation
    from reports.archive import digest_of_copy, reports_with_sha256, verify_report

    with file.open("rb") as handle:
        measured = digest_of_copy(handle, limit=file.stat().st_size)
    digest = measured[0] if measured else ""
    with app_session() as session:
        records = reports_with_sha256(session=session, sha256=digest)
        organisations = {o.id: o for o in session.exec(select(Organisation)).all()} if records else {}
        intact = {record.id: verify_report(root=archive_root(), record=record) for record in records}
    if not records:
        raise CLIError(f"geen gearchiveerd rapport heeft deze SHA-256: {digest}")
    for record in records:
        organisation = organisations[record.organisation_id]
        made = local_minute(record.generated_at)
        state = "" if intact[record.id] else " (let op: het bestand in het archief zelf is niet meer intact)"
        click.echo(
            f"identiek aan rapport {record.id} van {organisation.slug}: {record.kind} {record.format}, "
            f"{record.filename}, gemaakt {made}{state}"
        )
    click.echo(f"SHA-256 {digest}")
    click.echo(_signature_line(file))


def _signature_line(file: Path) -> str:
    """What the copy's PAdES signature says (a PDF), for the line after the hash."""
    if file.suffix.lower() != ".pdf":
        return "handtekening: geen (alleen PDF-rapporten worden ondertekend)"
    from reports import signing

    status = signing.signature_status(file.read_bytes())
    if not status.signed:
        return "handtekening: geen"
    if not status.intact:
        return "handtekening: ONGELDIG (het bestand is na ondertekening gewijzigd)"
    whose = "het certificaat van deze installatie" if status.by_this_installation else "een ander certificaat"
    return f"handtekening: geldig, door {status.signer} ({whose})"


def _write(path: Path, content: bytes) -> None:
    """Write next to the target and rename, so FILE is never half written."""
    temp = path.with_name(f".{path.name}.part")
    try:
        with open(temp, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


@click.command(
    "scheduler", help="Draai de planner op de voorgrond (productie: één proces naast de webservers)."
)
def scheduler() -> None:
    from flask import current_app

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

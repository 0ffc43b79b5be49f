"""`naleving schedule list|add|set|on|off|runs`: an organisation's report schedules from the command line, through
the same domain functions and checks as the planning page (reports/schedules.py, reports/schedule_timing.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

import click
from sqlmodel import Session

from app.commands import ID, CLIError, app_session, organisation_or_fail
from core.actor import COMMAND_LINE
from core.clock import LOCAL_ZONE, local_minute, to_local
from core.errors import RuleError
from reports.builders import formats_of
from reports.models import ReportFormat, ReportKind, ReportLanguage, Schedule, SchedulePreset
from reports.schedule_timing import fire_times, pc_moment_dates, trigger_of
from reports.schedules import (
    DEFAULT_DAYS_BEFORE,
    ScheduleInput,
    create_schedule,
    last_runs,
    schedule_of,
    schedules_of,
    set_enabled,
    update_schedule,
)

MAX_WINDOW = timedelta(days=366)
DATETIME_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M")


@click.group(help="Rapporten op een planning: tonen, toevoegen, wijzigen, aan- en uitzetten, runs tonen.")
def schedule() -> None:
    pass


def timing_options(function):
    """The options `add` and `set` share; on `set`, an option left out keeps the schedule's value."""
    options = [
        click.option("--org", "slug", required=True, help="Slug van de organisatie."),
        click.option("--kind", type=click.Choice([k.value for k in ReportKind]), help="Soort rapport."),
        click.option(
            "--format", "format_", type=click.Choice([f.value for f in ReportFormat]), help="pdf of xlsx."
        ),
        click.option(
            "--preset",
            type=click.Choice([p.value for p in SchedulePreset]),
            help="monthly (de 1e, 06:00), quarterly (1 jan/apr/jul/okt), before_pc (vóór elk P&C-moment) of "
            "cron (eigen cron-expressie, --cron).",
        ),
        click.option("--cron", help="Vijf velden, Europe/Amsterdam; maakt de planning een cron-planning."),
        click.option(
            "--language",
            type=click.Choice([language.value for language in ReportLanguage]),
            help="Taal van het rapport: nl (Nederlands, standaard bij add) of en (Engels).",
        ),
        click.option("--days-before", type=int, help="Dagen vóór het P&C-moment (0-120); bij before_pc."),
        click.option(
            "--recipient",
            "recipients",
            multiple=True,
            help="E-mailadres dat het rapport ontvangt (herhaalbaar; bij set vervangt het de lijst).",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@schedule.command("list", help="Toon de planningen van een organisatie met hun laatste run.")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
def list_(slug: str) -> None:
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        schedules = schedules_of(session=session, organisation_id=organisation.id)
        last = last_runs(session=session, schedule_ids=[s.id for s in schedules])
    if not schedules:
        click.echo("geen planningen")
    for item in schedules:
        run = last.get(item.id)
        ran = f"laatste run {local_minute(run.due_at)} {run.status}" if run else "nog niet gedraaid"
        click.echo(f"{describe(item)}\t{ran}")


@schedule.command("add", help="Voeg een planning toe (standaard maandelijks, als pdf, aan).")
@timing_options
@click.option("--off", "disabled", is_flag=True, help="Toevoegen maar nog niet aanzetten.")
def add(
    slug: str,
    kind: str | None,
    format_: str | None,
    preset: str | None,
    cron: str | None,
    language: str | None,
    days_before: int | None,
    recipients: tuple[str, ...],
    disabled: bool,
) -> None:
    if kind is None:
        raise CLIError("geef --kind (soa, risks, pc of management)")
    values = ScheduleInput(
        kind=kind,
        format=format_ or ReportFormat.PDF.value,
        preset=preset_of(preset, cron, SchedulePreset.MONTHLY.value),
        cron=cron or "",
        recipients="\n".join(recipients),
        enabled=not disabled,
        days_before=DEFAULT_DAYS_BEFORE if days_before is None else days_before,
        language=language or ReportLanguage.DUTCH.value,
    )
    with app_session() as session:
        organisation = organisation_or_fail(session, slug)
        try:
            item = create_schedule(
                session=session,
                organisation_id=organisation.id,
                values=values,
                formats_of=formats_of,
                created_by_user_id=None,
                actor=COMMAND_LINE,
            )
        except RuleError as error:
            raise CLIError.of(error, suffix="; niets toegevoegd") from None
        line = describe(item)
    click.echo(f"planning toegevoegd bij {slug}: {line}")


@schedule.command("set", help="Wijzig een planning; wat u niet opgeeft blijft zoals het was.")
@timing_options
@click.option("--no-recipients", is_flag=True, help="Niemand meer mailen.")
@click.argument("schedule_id", type=ID)
def set_(
    slug: str,
    kind: str | None,
    format_: str | None,
    preset: str | None,
    cron: str | None,
    language: str | None,
    days_before: int | None,
    recipients: tuple[str, ...],
    no_recipients: bool,
    schedule_id: int,
) -> None:
    if recipients and no_recipients:
        raise CLIError("--recipient en --no-recipients gaan niet samen")
    with app_session() as session:
        item = schedule_or_fail(session, slug, schedule_id)
        values = ScheduleInput(
            kind=kind or item.kind,
            format=format_ or item.format,
            preset=preset_of(preset, cron, item.preset),
            cron=item.cron if cron is None else cron,
            recipients="" if no_recipients else "\n".join(recipients) if recipients else item.recipients,
            enabled=item.enabled,
            days_before=item.days_before if days_before is None else days_before,
            language=language or item.language,
        )
        try:
            update_schedule(
                session=session, schedule=item, values=values, formats_of=formats_of, actor=COMMAND_LINE
            )
        except RuleError as error:
            raise CLIError.of(error, suffix="; niets gewijzigd") from None
        line = describe(item)
    click.echo(f"planning gewijzigd: {line}")


@schedule.command("on", help="Zet een planning aan; ze telt vanaf nu (geen gemiste runs van daarvoor).")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.argument("schedule_id", type=ID)
def on(slug: str, schedule_id: int) -> None:
    switch(slug, schedule_id, enabled=True)


@schedule.command("off", help="Zet een planning uit (ze blijft bewaard, met haar runs).")
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.argument("schedule_id", type=ID)
def off(slug: str, schedule_id: int) -> None:
    switch(slug, schedule_id, enabled=False)


def switch(slug: str, schedule_id: int, *, enabled: bool) -> None:
    with app_session() as session:
        item = set_enabled(
            session=session,
            schedule=schedule_or_fail(session, slug, schedule_id),
            enabled=enabled,
            actor=COMMAND_LINE,
        )
        line = describe(item)
    click.echo(f"planning {'aangezet' if enabled else 'uitgezet'}: {line}")


def preset_of(preset: str | None, cron: str | None, current: str) -> str:
    """The preset a command asks for: --cron implies cron (another --preset with it is refused); without
    either, the current one (the default on add)."""
    if cron is None:
        return preset or current
    if preset not in (None, SchedulePreset.CRON.value):
        raise CLIError(f"--cron gaat alleen samen met --preset cron, niet met --preset {preset}")
    return SchedulePreset.CRON.value


def schedule_or_fail(session: Session, slug: str, schedule_id: int) -> Schedule:
    organisation = organisation_or_fail(session, slug)
    item = schedule_of(session=session, organisation_id=organisation.id, schedule_id=schedule_id)
    if item is None:
        raise CLIError(f"geen planning {schedule_id} bij {slug}")
    return item


def describe(item: Schedule) -> str:
    timing = {
        SchedulePreset.CRON.value: f"cron '{item.cron}'",
        SchedulePreset.BEFORE_PC.value: f"before_pc, {item.days_before} dagen ervoor",
    }.get(item.preset, item.preset)
    recipients = ", ".join(item.recipient_list) or "geen ontvangers"
    state = "aan" if item.enabled else "uit"
    language = (
        "" if item.language == ReportLanguage.DUTCH.value else f" {item.language}"
    )  # Dutch: the default
    return f"{item.id}\t{item.kind} {item.format}{language}\t{timing}\t{state}\t{recipients}"


@schedule.command(
    "runs",
    help="Toon wanneer een planning afgaat tussen --from en --to (tot, niet tot en met), één tijdstip per "
    "regel in Nederlandse tijd met de UTC-afwijking (JJJJ-MM-DD UU:MM+02:00).",
)
@click.option("--org", "slug", required=True, help="Slug van de organisatie.")
@click.option(
    "--from", "start", required=True, help="Begin: JJJJ-MM-DD of 'JJJJ-MM-DD UU:MM' (Nederlandse tijd)."
)
@click.option(
    "--to", "end", required=True, help="Einde (niet meegeteld), zelfde vorm; hooguit 366 dagen na --from."
)
@click.argument("schedule_id", type=int)
def runs(slug: str, start: str, end: str, schedule_id: int) -> None:
    window = (local_moment(start, "--from"), local_moment(end, "--to"))
    if not window[0] < window[1] <= window[0] + MAX_WINDOW:
        raise CLIError("--to moet na --from liggen, hooguit 366 dagen later")
    with app_session() as session:
        item = schedule_or_fail(session, slug, schedule_id)
        try:
            trigger = trigger_of(item, pc_moment_dates(session=session, schedule=item))
        except RuleError as error:
            raise CLIError.of(error, prefix=f"planning {schedule_id}: ") from None
    for moment in fire_times(trigger, *window):
        click.echo(local_text(moment))


def local_moment(text: str, option: str) -> datetime:
    """A date or date and time as typed, in Dutch local time (an offset may be given); aware."""
    moment = None
    for pattern in DATETIME_FORMATS:
        try:
            moment = datetime.strptime(text.strip(), pattern)
            break
        except ValueError:
            continue
    try:
        moment = moment or datetime.fromisoformat(text.strip())
    except ValueError:
        raise CLIError(
            f"{option}: geen datum of tijdstip (JJJJ-MM-DD of 'JJJJ-MM-DD UU:MM'): {text[:40]}"
        ) from None
    if not 1970 <= moment.year <= 2999:
        raise CLIError(f"{option}: jaar buiten 1970-2999: {text[:40]}")
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=LOCAL_ZONE)


def local_text(moment: datetime) -> str:
    return local_minute(moment) + to_local(moment).isoformat()[-6:]

"""`naleving schedule list|add|set|on|off`: the planning page's checks from the command line, one line for every
refusal with nothing changed, and one organisation's schedules out of another's reach."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from reports.models import Schedule, ScheduleRun
from reports.schedules import ScheduleInput, create_schedule


def schedules(db) -> list[Schedule]:
    db.expire_all()
    return db.exec(select(Schedule).order_by(Schedule.id)).all()


def test_add_list_set_and_switch(cli, db, world, fixed_clock):
    fixed_clock(datetime(2026, 3, 16, 9, 0, tzinfo=UTC))
    added = cli(
        "schedule", "add", "--org", "voorbeeld", "--kind", "soa", "--recipient", "CISO@Voorbeeld.nl",
        "--recipient", "auditor@voorbeeld.nl",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    (item,) = schedules(db)
    assert (item.organisation_id, item.kind, item.format, item.preset, item.enabled) == (
        world.own.id,
        "soa",
        "pdf",
        "monthly",
        True,
    )
    assert item.recipient_list == ["CISO@voorbeeld.nl", "auditor@voorbeeld.nl"]
    assert item.created_by_user_id is None
    assert added.stdout == (
        f"planning toegevoegd bij voorbeeld: {item.id}\tsoa pdf\tmonthly\taan\t"
        "CISO@voorbeeld.nl, auditor@voorbeeld.nl\n"
    )
    assert cli("schedule", "list", "--org", "voorbeeld").stdout == (
        f"{item.id}\tsoa pdf\tmonthly\taan\tCISO@voorbeeld.nl, auditor@voorbeeld.nl\tnog niet gedraaid\n"
    )
    assert cli("schedule", "list", "--org", "andere").stdout == "geen planningen\n"

    fixed_clock(datetime(2026, 4, 2, 9, 0, tzinfo=UTC))
    changed = cli(
        "schedule", "set", "--org", "voorbeeld", str(item.id), "--preset", "cron", "--cron", "0 6 * * 1",
    )  # fmt: skip
    assert changed.exit_code == 0, changed.stderr
    (item,) = schedules(db)
    assert (item.preset, item.cron, item.recipient_list) == (
        "cron",
        "0 6 * * 1",
        ["CISO@voorbeeld.nl", "auditor@voorbeeld.nl"],
    )
    assert item.effective_from.replace(tzinfo=UTC) == datetime(
        2026, 4, 2, 9, 0, tzinfo=UTC
    )  # retimed: from now

    assert cli("schedule", "set", "--org", "voorbeeld", str(item.id), "--no-recipients").exit_code == 0
    assert schedules(db)[0].recipients == ""

    off = cli("schedule", "off", "--org", "voorbeeld", str(item.id))
    assert off.stdout == f"planning uitgezet: {item.id}\tsoa pdf\tcron '0 6 * * 1'\tuit\tgeen ontvangers\n"
    assert schedules(db)[0].enabled is False
    fixed_clock(datetime(2026, 5, 1, 9, 0, tzinfo=UTC))
    assert cli("schedule", "on", "--org", "voorbeeld", str(item.id)).exit_code == 0
    (item,) = schedules(db)
    assert item.enabled is True
    assert item.effective_from.replace(tzinfo=UTC) == datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def test_the_last_run_is_listed_in_local_time(cli, db, world):
    item = create_schedule(
        session=db,
        organisation_id=world.own.id,
        values=ScheduleInput(kind="risks", format="xlsx", preset="before_pc", days_before=7),
        formats_of=lambda _kind: ["pdf", "xlsx"],
        created_by_user_id=None,
    )
    db.add(ScheduleRun(schedule_id=item.id, due_at=datetime(2026, 6, 30, 4, 0, tzinfo=UTC), status="failed"))
    db.commit()
    assert cli("schedule", "list", "--org", "voorbeeld").stdout == (
        f"{item.id}\trisks xlsx\tbefore_pc, 7 dagen ervoor\taan\tgeen ontvangers\t"
        "laatste run 2026-06-30 06:00 failed\n"
    )


def test_cron_implies_the_cron_preset(cli, db, world):
    added = cli("schedule", "add", "--org", "voorbeeld", "--kind", "soa", "--cron", "30 7 * * 1")
    assert added.exit_code == 0, added.stderr
    (item,) = schedules(db)
    assert (item.preset, item.cron) == ("cron", "30 7 * * 1")
    assert (
        added.stdout
        == f"planning toegevoegd bij voorbeeld: {item.id}\tsoa pdf\tcron '30 7 * * 1'\taan\tgeen ontvangers\n"
    )
    monthly = create_schedule(
        session=db,
        organisation_id=world.own.id,
        values=ScheduleInput(kind="risks", format="pdf", preset="monthly"),
        formats_of=lambda _kind: ["pdf", "xlsx"],
        created_by_user_id=None,
    )
    db.commit()
    changed = cli("schedule", "set", "--org", "voorbeeld", str(monthly.id), "--cron", "0 6 1 * *")
    assert changed.exit_code == 0, changed.stderr
    assert [(s.preset, s.cron) for s in schedules(db)] == [("cron", "30 7 * * 1"), ("cron", "0 6 1 * *")]


@pytest.mark.parametrize("command", ["add", "set"])
def test_cron_with_another_preset_is_refused(cli, db, world, command):
    item = create_schedule(
        session=db,
        organisation_id=world.own.id,
        values=ScheduleInput(kind="risks", format="pdf", preset="quarterly"),
        formats_of=lambda _kind: ["pdf", "xlsx"],
        created_by_user_id=None,
    )
    db.commit()
    before = [(s.id, s.preset, s.cron) for s in schedules(db)]
    target = ["--kind", "soa"] if command == "add" else [str(item.id)]
    result = cli(
        "schedule", command, *target, "--org", "voorbeeld", "--preset", "monthly", "--cron", "0 6 * * 1"
    )
    assert (result.exit_code, result.stderr) == (
        1,
        "naleving: --cron gaat alleen samen met --preset cron, niet met --preset monthly\n",
    )
    assert [(s.id, s.preset, s.cron) for s in schedules(db)] == before


@pytest.mark.parametrize(
    "args, message",
    [
        (["--org", "bestaat-niet", "--kind", "soa"], "onbekende organisatie 'bestaat-niet'"),
        (["--org", "voorbeeld"], "geef --kind (soa, risks, pc of management)"),
        (
            ["--org", "voorbeeld", "--kind", "pc", "--format", "xlsx"],
            "rapport 'pc' bestaat niet als xlsx; niets",
        ),
        (
            ["--org", "voorbeeld", "--kind", "soa", "--preset", "cron", "--cron", "elke dag"],
            "niets toegevoegd",
        ),
        (
            ["--org", "voorbeeld", "--kind", "soa", "--preset", "before_pc", "--days-before", "200"],
            "dagen vóór",
        ),
        (
            ["--org", "voorbeeld", "--kind", "soa", "--recipient", "geen-adres"],
            "ongeldig e-mailadres: geen-adres",
        ),
        (["--org", "voorbeeld", "--kind", "rapport"], "Invalid value for '--kind'"),
        (
            ["--org", "voorbeeld", "--kind", "soa", "--days-before", "veel"],
            "Invalid value for '--days-before'",
        ),
    ],
)
def test_refusals_are_one_line_and_add_nothing(cli, db, world, args, message):
    result = cli("schedule", "add", *args)
    assert result.exit_code == 1
    assert result.stderr.startswith("naleving: ") and message in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert schedules(db) == []


def test_a_bad_change_changes_nothing_and_other_organisations_are_out_of_reach(cli, db, world):
    mine = create_schedule(
        session=db,
        organisation_id=world.own.id,
        values=ScheduleInput(kind="soa", format="pdf", preset="monthly", recipients="a@voorbeeld.nl"),
        formats_of=lambda _kind: ["pdf"],
        created_by_user_id=None,
    )
    theirs = create_schedule(
        session=db,
        organisation_id=world.other.id,
        values=ScheduleInput(kind="soa", format="pdf", preset="monthly"),
        formats_of=lambda _kind: ["pdf"],
        created_by_user_id=None,
    )
    db.commit()
    before = [(s.id, s.preset, s.cron, s.recipients, s.enabled, s.effective_from) for s in schedules(db)]

    for args, message in [
        (
            ["set", "--org", "voorbeeld", str(mine.id), "--preset", "cron", "--cron", "* * * * *"],
            "niets gewijzigd",
        ),
        (
            ["set", "--org", "voorbeeld", str(mine.id), "--recipient", "b@x.nl", "--no-recipients"],
            "gaan niet samen",
        ),
        (
            ["set", "--org", "voorbeeld", str(theirs.id), "--preset", "quarterly"],
            f"geen planning {theirs.id} bij",
        ),
        (["off", "--org", "voorbeeld", str(theirs.id)], f"geen planning {theirs.id} bij voorbeeld"),
        (["on", "--org", "voorbeeld", "999"], "geen planning 999 bij voorbeeld"),
    ]:
        result = cli("schedule", *args)
        assert result.exit_code == 1 and message in result.stderr, (args, result.stderr)
        assert result.stderr.count("\n") == 1

    assert [
        (s.id, s.preset, s.cron, s.recipients, s.enabled, s.effective_from) for s in schedules(db)
    ] == before


def test_a_schedule_gets_a_language_on_add_and_keeps_it_on_set(cli, db, world):
    added = cli("schedule", "add", "--org", "voorbeeld", "--kind", "risks", "--language", "en")
    assert added.exit_code == 0, added.stderr
    (item,) = schedules(db)
    assert item.language == "en" and f"{item.id}\trisks pdf en\tmonthly" in added.stdout
    changed = cli("schedule", "set", "--org", "voorbeeld", "--preset", "quarterly", str(item.id))
    assert changed.exit_code == 0, changed.stderr
    db.expire_all()
    assert schedules(db)[0].language == "en"  # left out: kept
    back = cli("schedule", "set", "--org", "voorbeeld", "--language", "nl", str(item.id))
    assert back.exit_code == 0 and "\trisks pdf\tquarterly" in back.stdout
    refused = cli("schedule", "add", "--org", "voorbeeld", "--kind", "risks", "--language", "fr")
    assert refused.exit_code != 0 and len(schedules(db)) == 1

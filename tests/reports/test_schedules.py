"""Schedules: crontab lines and presets, due-ness at a fixed moment, and the rules of changing a schedule."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from core.actor import Actor
from core.clock import LOCAL_ZONE
from core.errors import RuleError
from reports.models import ReportFormat
from reports.schedule_timing import (
    MISFIRE_GRACE,
    crontab_trigger,
    due_at,
    latest_fire_time,
    pc_moment_dates,
    timing_signature,
    trigger_of,
)
from reports.schedules import ScheduleInput, create_schedule, parse_recipients, set_enabled, update_schedule


def local(*args) -> datetime:
    return datetime(*args, tzinfo=LOCAL_ZONE)


def every_format(_kind):
    return list(ReportFormat)


def make(db, organisation_id, fixed_clock, created: datetime, **values):
    fixed_clock(created)
    values = {"kind": "soa", "format": "pdf", "preset": "monthly"} | values
    return create_schedule(
        session=db,
        organisation_id=organisation_id,
        values=ScheduleInput(**values),
        formats_of=every_format,
        created_by_user_id=None,
    )


@pytest.mark.parametrize(
    ("expression", "now", "expected"),
    [
        ("0 6 1 * *", local(2026, 3, 15, 12), local(2026, 3, 1, 6)),
        ("30 7 * * 1", local(2026, 3, 15, 12), local(2026, 3, 9, 7, 30)),  # 15 March 2026 is a Sunday
        ("30 7 * * 0", local(2026, 3, 15, 12), local(2026, 3, 15, 7, 30)),  # crontab: 0 is Sunday
        ("30 7 * * 7", local(2026, 3, 15, 12), local(2026, 3, 15, 7, 30)),
        ("0 9 * * 1-5", local(2026, 3, 15, 12), local(2026, 3, 13, 9)),  # Friday
        ("0 9 * * fri-sun", local(2026, 3, 16, 8), local(2026, 3, 15, 9)),
        ("0 * * * *", local(2026, 3, 15, 12, 59), local(2026, 3, 15, 12)),
        ("0 6 1 1,4,7,10 *", local(2026, 3, 15), local(2026, 1, 1, 6)),
    ],
)
def test_latest_fire_time_reads_crontab_as_crontab(expression, now, expected):
    assert latest_fire_time(crontab_trigger(expression), now) == expected


@pytest.mark.parametrize(
    "expression",
    ["", "* * * *", "* 6 * * *", "*/5 6 * * *", "0 25 * * *", "0 6 32 * *", "0 6 * * 8", "0 6 * * mon-"],
)
def test_bad_or_too_frequent_crontab_lines_are_refused(expression):
    with pytest.raises(RuleError):
        crontab_trigger(expression)


def test_a_monthly_schedule_is_due_from_its_moment_until_the_next(db, world, fixed_clock):
    schedule = make(db, world.own.id, fixed_clock, local(2026, 2, 20))
    assert due_at(schedule, local(2026, 2, 28, 23)) is None  # nothing since it was made
    assert due_at(schedule, local(2026, 3, 1, 5, 59)) is None
    assert due_at(schedule, local(2026, 3, 1, 6, 0, 30)) == local(2026, 3, 1, 6)
    assert due_at(schedule, local(2026, 3, 5)) == local(2026, 3, 1, 6)  # late, within the grace period
    assert due_at(schedule, local(2026, 3, 1, 6) + MISFIRE_GRACE + timedelta(seconds=1)) is None


def test_a_schedule_made_after_the_fire_time_does_not_run_for_it(db, world, fixed_clock):
    schedule = make(db, world.own.id, fixed_clock, local(2026, 3, 1, 6, 30))
    assert due_at(schedule, local(2026, 3, 1, 7)) is None
    assert due_at(schedule, local(2026, 4, 1, 6, 1)) == local(2026, 4, 1, 6)


def test_a_disabled_schedule_is_never_due_and_switching_it_on_counts_from_then(db, world, fixed_clock):
    schedule = make(db, world.own.id, fixed_clock, local(2026, 2, 20))
    set_enabled(session=db, schedule=schedule, enabled=False)
    assert due_at(schedule, local(2026, 3, 1, 7)) is None
    fixed_clock(local(2026, 3, 2))
    set_enabled(session=db, schedule=schedule, enabled=True)
    assert due_at(schedule, local(2026, 3, 2, 1)) is None  # the March run was before it was switched on
    assert due_at(schedule, local(2026, 4, 1, 6)) == local(2026, 4, 1, 6)


def test_retiming_counts_from_the_change_but_other_edits_do_not(db, world, fixed_clock):
    schedule = make(db, world.own.id, fixed_clock, local(2026, 1, 10))
    fixed_clock(local(2026, 3, 1, 8))
    update_schedule(
        session=db,
        schedule=schedule,
        formats_of=every_format,
        values=ScheduleInput(kind="soa", format="pdf", preset="monthly", recipients="a@voorbeeld.nl"),
    )
    assert due_at(schedule, local(2026, 3, 1, 8)) == local(2026, 3, 1, 6)
    update_schedule(
        session=db,
        schedule=schedule,
        formats_of=every_format,
        values=ScheduleInput(kind="soa", format="pdf", preset="cron", cron="0 7 * * *"),
    )
    assert due_at(schedule, local(2026, 3, 1, 8)) is None
    assert due_at(schedule, local(2026, 3, 2, 7, 0, 5)) == local(2026, 3, 2, 7)


def test_schedule_input_is_checked(db, world, fixed_clock):
    with pytest.raises(RuleError):
        make(db, world.own.id, fixed_clock, local(2026, 1, 1), preset="cron", cron="* * * * *")
    with pytest.raises(RuleError):
        make(db, world.own.id, fixed_clock, local(2026, 1, 1), kind="nonsense")
    with pytest.raises(RuleError):
        create_schedule(
            session=db,
            organisation_id=world.own.id,
            formats_of=lambda _kind: [ReportFormat.PDF],
            values=ScheduleInput(kind="management", format="xlsx", preset="monthly"),
            created_by_user_id=None,
        )


def test_recipients_are_normalised_and_checked():
    assert (
        parse_recipients(" a@voorbeeld.nl,\nB@Voorbeeld.nl; a@voorbeeld.nl ")
        == "a@voorbeeld.nl\nB@voorbeeld.nl"
    )
    assert parse_recipients("") == ""
    with pytest.raises(RuleError, match="ongeldig e-mailadres") as refused:
        parse_recipients("geen-adres")
    assert [(p.code, p.field, dict(p.params)) for p in refused.value.problems] == [
        ("schedule.invalid_email", "recipients", {"address": "geen-adres"})
    ]
    with pytest.raises(RuleError) as refused:
        parse_recipients("\n".join(f"u{i}@voorbeeld.nl" for i in range(21)))
    assert [p.code for p in refused.value.problems] == ["schedule.too_many_recipients"]


def test_before_each_pc_moment_fires_the_given_days_before_each_moment(db, world, fixed_clock):
    from risk.pc import create_moment

    for year, on in ((2026, date(2026, 4, 15)), (2027, date(2026, 11, 1))):
        create_moment(
            session=db,
            organisation_id=world.own.id,
            kind="begroting",
            year=year,
            moment_on=on,
            available_capacity=1_000_000,
            actor=Actor.system("test"),
        )
    schedule = make(db, world.own.id, fixed_clock, local(2026, 1, 1), preset="before_pc", days_before=14)
    moments = pc_moment_dates(session=db, schedule=schedule)
    assert moments == [date(2026, 4, 15), date(2026, 11, 1)]
    assert timing_signature(schedule, moments) == "before_pc|14|2026-04-15,2026-11-01"

    assert due_at(schedule, local(2026, 4, 1, 5, 59), moments) is None
    assert due_at(schedule, local(2026, 4, 1, 6, 0, 1), moments) == local(2026, 4, 1, 6)
    assert due_at(schedule, local(2026, 4, 5), moments) == local(2026, 4, 1, 6)
    assert due_at(schedule, local(2026, 4, 15), moments) is None  # past the grace period
    assert due_at(schedule, local(2026, 10, 18, 6), moments) == local(2026, 10, 18, 6)
    assert due_at(schedule, local(2026, 10, 18, 6), []) is None  # no moments: never due

    trigger = trigger_of(schedule, moments)
    assert trigger.get_next_fire_time(None, local(2026, 4, 2)) == local(2026, 10, 18, 6)
    assert trigger.get_next_fire_time(local(2026, 4, 1, 6), local(2026, 12, 1)) == local(2026, 10, 18, 6)
    assert trigger.get_next_fire_time(None, local(2026, 12, 1)) is None


def test_other_presets_need_no_moments(db, world, fixed_clock):
    schedule = make(db, world.own.id, fixed_clock, local(2026, 1, 1))
    assert pc_moment_dates(session=db, schedule=schedule) == []
    with pytest.raises(RuleError):
        make(db, world.own.id, fixed_clock, local(2026, 1, 1), preset="before_pc", days_before=500)

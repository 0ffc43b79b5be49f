"""Schedules over the clock changes of 2026 and 2027 (Europe/Amsterdam): every search ends, every wall-clock
time runs once, a daily 02:30 runs once on both days. Each test runs under a time limit."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from core.clock import LOCAL_ZONE
from reports.cron import Cron
from reports.models import Schedule, SchedulePreset
from reports.schedule_timing import (
    crontab_trigger,
    due_at,
    fire_times,
    latest_fire_time,
    next_fire_times,
    trigger_of,
)
from tests.ops.timelimit import time_limit

SPRING = [date(2026, 3, 29), date(2027, 3, 28)]  # 02:00 -> 03:00
AUTUMN = [date(2026, 10, 25), date(2027, 10, 31)]  # 03:00 -> 02:00
TRANSITIONS = SPRING + AUTUMN

# expression: (runs on a spring day, runs on an autumn day); each wall-clock time once
CRONS = {
    "30 2 * * *": (1, 1),
    "0 2 * * *": (1, 1),
    "59 1 * * *": (1, 1),
    "0 3 * * *": (1, 1),
    "0 * * * *": (23, 24),  # spring: 02:00 is 03:00, which runs anyway
    "15 * * * *": (23, 24),
    "30 1-3 * * *": (2, 3),
    "*/20 1-3 * * *": (6, 9),
    "0 0-23/2 * * *": (12, 12),  # spring: 02:00 runs at 03:00, a moment of its own
    "45 2 * * 0": (1, 1),  # the transitions are Sundays
    "0 2 * 3,10 0": (1, 1),
}


@pytest.fixture(autouse=True)
def limited():
    with time_limit(10):
        yield


def local(*args) -> datetime:
    return datetime(*args, tzinfo=LOCAL_ZONE)


def day_window(day: date) -> tuple[datetime, datetime]:
    """The local day as UTC moments (aware datetimes of one zone compare by wall clock, not by instant)."""
    start = datetime.combine(day, datetime.min.time(), tzinfo=LOCAL_ZONE)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=LOCAL_ZONE)
    return start.astimezone(UTC), end.astimezone(UTC)


def test_the_transition_days_are_what_the_tests_assume():
    for day in SPRING:
        start, end = day_window(day)
        assert end - start == timedelta(hours=23)
    for day in AUTUMN:
        start, end = day_window(day)
        assert end - start == timedelta(hours=25)


@pytest.mark.parametrize("day", TRANSITIONS, ids=str)
@pytest.mark.parametrize("expression", list(CRONS))
def test_each_wall_clock_time_runs_once_on_a_transition_day(expression, day):
    trigger = Cron.parse(expression)
    start, end = day_window(day)
    runs = list(trigger.between(start, end))
    assert runs == sorted(set(runs))
    expected = CRONS[expression][0 if day in SPRING else 1]
    assert len(runs) == expected, [run.astimezone(LOCAL_ZONE).isoformat() for run in runs]


@pytest.mark.parametrize("day", TRANSITIONS, ids=str)
@pytest.mark.parametrize("expression", list(CRONS))
def test_latest_and_next_fire_times_end_and_agree_through_the_day(expression, day):
    trigger = crontab_trigger(expression) if expression.split()[0].isdigit() else None
    cron = Cron.parse(expression)
    start, end = day_window(day)
    runs = list(cron.between(start - timedelta(days=8), end + timedelta(days=8)))
    moment = start - timedelta(hours=2)
    while moment < end + timedelta(hours=2):
        expected_latest = max((run for run in runs if run <= moment), default=None)
        if expected_latest is not None:
            assert cron.latest_at_or_before(moment) == expected_latest
        expected_next = min((run for run in runs if run > moment), default=None)
        if expected_next is None:  # beyond the window (a line of two days a year): later than the window
            expected_next = cron.next_after(moment)
            assert expected_next is not None and expected_next >= runs[-1]
        assert cron.next_after(moment) == expected_next
        if trigger is not None and expected_latest is not None:
            assert latest_fire_time(trigger, moment) == expected_latest
            # as the scheduler asks it: from the previous fire time, and from now
            assert trigger.get_next_fire_time(None, moment + timedelta(microseconds=1)) == expected_next
            if expected_latest is not None:
                assert trigger.get_next_fire_time(expected_latest, moment) == expected_next
        moment += timedelta(minutes=5)


@pytest.mark.parametrize("day", TRANSITIONS, ids=str)
def test_the_scheduler_walking_a_crontab_trigger_fires_each_run_once(day):
    trigger = crontab_trigger("15 * * * *")
    start, end = day_window(day)
    fired = []
    fire = trigger.get_next_fire_time(None, start)
    while fire < end:
        fired.append(fire)
        fire = trigger.get_next_fire_time(fire, fire)
    assert fired == fire_times(trigger, start, end)
    assert len(fired) == (23 if day in SPRING else 24)


def test_a_spring_time_that_does_not_exist_runs_an_hour_later_on_the_new_clock():
    [run] = Cron.parse("30 2 * * *").between(*day_window(date(2026, 3, 29)))
    assert run.astimezone(LOCAL_ZONE).isoformat() == "2026-03-29T03:30:00+02:00"
    assert run == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 02:30 on the old offset, +01:00


def test_an_autumn_time_that_happens_twice_runs_the_first_time():
    [run] = Cron.parse("30 2 * * *").between(*day_window(date(2026, 10, 25)))
    assert run.astimezone(LOCAL_ZONE).isoformat() == "2026-10-25T02:30:00+02:00"


def schedule(preset: str, cron: str = "", effective_from: datetime | None = None) -> Schedule:
    return Schedule(
        id=1,
        organisation_id=1,
        kind="soa",
        format="pdf",
        preset=preset,
        cron=cron,
        enabled=True,
        days_before=0,
        effective_from=effective_from or local(2025, 1, 1),
    )


@pytest.mark.parametrize("day", TRANSITIONS, ids=str)
def test_a_daily_0230_schedule_is_due_once_on_the_transition_day(day):
    daily = schedule(SchedulePreset.CRON, "30 2 * * *")
    start, end = day_window(day)
    moment, due = start, set()
    while moment < end:  # the scheduler and the job look every minute
        fire = due_at(daily, moment)
        if fire is not None and fire >= start:
            due.add(fire)
        moment += timedelta(minutes=1)
    assert len(due) == 1


@pytest.mark.parametrize("day", TRANSITIONS, ids=str)
@pytest.mark.parametrize("preset", list(SchedulePreset))
def test_every_preset_ends_and_fires_sensibly_around_a_transition(preset, day):
    item = schedule(preset, "30 2 * * *" if preset == SchedulePreset.CRON else "")
    moments = [day, day + timedelta(days=1)]  # before_pc with 0 days before: 06:00 on the day itself
    trigger = trigger_of(item, moments)
    start, end = day_window(day)
    moment = start - timedelta(days=1)
    while moment < end + timedelta(days=1):
        latest = latest_fire_time(trigger, moment)
        assert latest is None or latest <= moment
        upcoming = next_fire_times(trigger, moment, 5)
        assert upcoming == sorted(set(upcoming)) and all(fire > moment for fire in upcoming)
        due_at(item, moment, moments)
        moment += timedelta(minutes=30)
    if preset == SchedulePreset.BEFORE_PC:
        assert fire_times(trigger, start, end) == [local(day.year, day.month, day.day, 6)]
    if preset == SchedulePreset.CRON:
        assert len(fire_times(trigger, start, end)) == 1


def test_a_line_that_never_fires_ends_with_none():
    never = Cron.parse("0 0 31 2 *")
    assert never.next_after(local(2026, 10, 25, 2, 30)) is None
    assert never.latest_at_or_before(local(2026, 10, 25, 2, 30)) is None
    assert list(never.between(local(2026, 1, 1), local(2028, 1, 1))) == []

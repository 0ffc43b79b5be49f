"""The scheduler: a schedule fires under a controlled clock, a due run is made once however often and by however
many processes it is fired, missed runs run once at start, and failures are kept with their reason."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from app.reports import jobs
from app.reports.scheduler import (
    SCHEDULE_JOB_PREFIX,
    build_scheduler,
    start_scheduler,
    stop_scheduler,
    sync_schedules,
)
from core import clock
from core.actor import Actor
from core.clock import LOCAL_ZONE
from reports.models import ReportRecord, RunStatus, Schedule, ScheduleRun
from tests.conftest import engine_of, make_test_config


def local(*args) -> datetime:
    return datetime(*args, tzinfo=LOCAL_ZONE)


def add_schedule(
    db, organisation_id: int, *, preset="monthly", cron="", effective_from=None, **values
) -> Schedule:
    values = {"kind": "soa", "format": "pdf"} | values
    schedule = Schedule(
        organisation_id=organisation_id,
        preset=preset,
        cron=cron,
        effective_from=effective_from or local(2026, 1, 1),
        **values,
    )
    db.add(schedule)
    db.commit()
    return schedule


def runs(db) -> list[ScheduleRun]:
    db.expire_all()
    return list(db.exec(select(ScheduleRun).order_by(ScheduleRun.id)).all())


def reports(db) -> list[ReportRecord]:
    db.expire_all()
    return list(db.exec(select(ReportRecord)).all())


def test_a_schedule_fires_at_its_moment_once(app, db, world, stand_in_builders, fixed_clock):
    schedule = add_schedule(db, world.own.id)
    with app.app_context():
        fixed_clock(local(2026, 2, 28, 23, 59))
        assert jobs.run_report_schedule(schedule.id) == "not due"
        fixed_clock(local(2026, 3, 1, 6, 0, 1))
        assert jobs.run_report_schedule(schedule.id) == "succeeded"
        assert jobs.run_report_schedule(schedule.id) == "claimed elsewhere"
        fixed_clock(local(2026, 3, 5))  # fired late again, within the grace period: still the same run
        assert jobs.run_report_schedule(schedule.id) == "claimed elsewhere"
        fixed_clock(local(2026, 3, 20))
        assert jobs.run_report_schedule(schedule.id) == "not due"
        fixed_clock(local(2026, 4, 1, 6, 0, 1))
        assert jobs.run_report_schedule(schedule.id) == "succeeded"

    made = runs(db)
    assert [run.due_at for run in made] == [local(2026, 3, 1, 6), local(2026, 4, 1, 6)]
    assert all(run.status == RunStatus.SUCCEEDED for run in made)
    archived = reports(db)
    assert len(archived) == 2
    assert {r.generated_by for r in archived} == {f"schedule:{schedule.id}"}
    assert made[0].report_id in {r.id for r in archived}


def test_a_failure_is_recorded_with_its_reason_and_not_retried(
    app, db, world, stand_in_builders, fixed_clock
):
    schedule = add_schedule(db, world.own.id)
    stand_in_builders.fail = "de catalogus ontbreekt"
    with app.app_context():
        fixed_clock(local(2026, 3, 1, 6, 1))
        assert jobs.run_report_schedule(schedule.id) == "failed"
        assert jobs.run_report_schedule(schedule.id) == "claimed elsewhere"
    [run] = runs(db)
    assert run.status == RunStatus.FAILED
    assert "de catalogus ontbreekt" in run.error
    assert run.finished_at is not None
    assert reports(db) == []


def test_two_processes_firing_the_same_run_make_it_once(
    app, make_app, db, world, stand_in_builders, fixed_clock
):
    """Two apps (as two scheduler processes would have) against the same database fire at the same moment."""
    schedule = add_schedule(db, world.own.id)
    other_process = make_app(make_test_config(app.config["DATABASE_URL"], app.instance_path))
    fixed_clock(local(2026, 3, 1, 6, 0, 2))
    stand_in_builders.delay = 0.3
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def fire(process) -> None:
        with process.app_context():
            start.wait()
            outcomes.append(jobs.run_report_schedule(schedule.id))

    threads = [threading.Thread(target=fire, args=(process,)) for process in (app, other_process)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["claimed elsewhere", "succeeded"]
    assert len(runs(db)) == 1
    assert len(reports(db)) == 1
    assert len(stand_in_builders.calls) == 1


def test_runs_cut_off_by_a_crash_are_marked_failed(app, db, world, fixed_clock):
    schedule = add_schedule(db, world.own.id)
    fixed_clock(local(2026, 3, 1, 6, 1))
    db.add(ScheduleRun(schedule_id=schedule.id, due_at=local(2026, 3, 1, 6), started_at=clock.now()))
    db.commit()
    fixed_clock(local(2026, 3, 1, 9))
    with app.app_context():
        jobs.sweep_archive()
    [run] = runs(db)
    assert run.status == RunStatus.FAILED and "onderbroken" in run.error


# APScheduler itself, on the real clock: an hourly schedule whose stored next run lies hours in the past.


def wait_for(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def leave_a_missed_job(app, schedule: Schedule, hours: int = 3, at: datetime | None = None) -> None:
    """What a scheduler leaves behind when it is stopped and stays down: the job of the schedule, stored with a
    next run time `hours` ago (or `at`). Uses APScheduler's own API with a paused scheduler (nothing runs)."""
    scheduler = build_scheduler(app)
    app.extensions["naleving.scheduler"] = scheduler
    scheduler.start(paused=True)
    try:
        with app.app_context():
            sync_schedules(scheduler)
        scheduler.modify_job(
            f"{SCHEDULE_JOB_PREFIX}{schedule.id}", next_run_time=at or clock.now() - timedelta(hours=hours)
        )
    finally:
        scheduler.shutdown()
        app.extensions.pop("naleving.scheduler")


@pytest.fixture
def started(make_app):
    """start(app) starts its scheduler; all are stopped at the end of the test."""
    apps = []

    def start(app):
        apps.append(app)
        return start_scheduler(app)

    yield start
    for app in apps:
        stop_scheduler(app)


def hourly(db, world) -> Schedule:
    return add_schedule(
        db, world.own.id, preset="cron", cron="0 * * * *", effective_from=clock.now() - timedelta(days=1)
    )


def test_a_run_missed_while_down_runs_once_at_start(app, make_app, db, world, stand_in_builders, started):
    schedule = hourly(db, world)
    leave_a_missed_job(app, schedule, hours=3)  # three hourly runs were missed

    started(app)
    wait_for(lambda: any(r.status == RunStatus.SUCCEEDED for r in runs(db)))
    stop_scheduler(app)
    [run] = runs(db)
    assert run.due_at.astimezone(LOCAL_ZONE).minute == 0  # the latest of the missed hourly runs
    assert clock.now() - timedelta(hours=1) < run.due_at <= clock.now()
    assert len(reports(db)) == 1

    # started again (another restart): the missed run is not made a second time
    again = make_app(make_test_config(app.config["DATABASE_URL"], app.instance_path))
    started(again)
    time.sleep(1.5)
    assert len(runs(db)) == 1
    assert len(stand_in_builders.calls) == 1


def test_two_schedulers_on_one_database_make_a_due_run_once(
    app, make_app, db, world, stand_in_builders, started
):
    schedule = hourly(db, world)
    leave_a_missed_job(app, schedule)
    stand_in_builders.delay = 0.5
    second = make_app(make_test_config(app.config["DATABASE_URL"], app.instance_path))

    started(app)
    started(second)
    wait_for(lambda: any(r.status == RunStatus.SUCCEEDED for r in runs(db)))
    time.sleep(1.0)
    stop_scheduler(app)
    stop_scheduler(second)
    assert len(runs(db)) == 1
    assert len(reports(db)) == 1
    assert len(stand_in_builders.calls) == 1


def test_sync_follows_the_schedule_table(app, db, world, started):
    monthly = add_schedule(db, world.own.id)
    scheduler = started(app)
    job_id = f"{SCHEDULE_JOB_PREFIX}{monthly.id}"
    wait_for(lambda: scheduler.get_job(job_id) is not None)
    first_run = scheduler.get_job(job_id).next_run_time
    assert first_run.astimezone(LOCAL_ZONE).day == 1 and first_run.astimezone(LOCAL_ZONE).hour == 6

    with app.app_context():
        sync_schedules(scheduler)  # unchanged: left alone
        assert scheduler.get_job(job_id).next_run_time == first_run

        monthly.preset, monthly.cron = "cron", "15 7 * * *"
        db.add(monthly)
        db.commit()
        sync_schedules(scheduler)
        assert scheduler.get_job(job_id).next_run_time.astimezone(LOCAL_ZONE).strftime("%H:%M") == "07:15"

        monthly.enabled = False
        db.add(monthly)
        db.commit()
        sync_schedules(scheduler)
        assert scheduler.get_job(job_id) is None


def test_jobs_run_inside_an_app_context_of_their_own_app(app, started):
    from app.reports import scheduler as scheduler_module

    seen = []
    scheduler_module.JOBS["probe"] = lambda: seen.append(scheduler_module.current_app._get_current_object())
    try:
        scheduler = started(app)
        scheduler.add_job(scheduler_module.run_job, args=["probe"], id="probe", next_run_time=clock.now())
        wait_for(lambda: seen)
    finally:
        del scheduler_module.JOBS["probe"]
    assert seen == [app]


def test_the_scheduler_is_off_in_tests_and_cli_and_on_with_the_first_web_request(app, make_app, client):
    client.get("/healthz")
    assert "naleving.scheduler" not in app.extensions  # SCHEDULER_ENABLED is off in tests
    web = make_app(
        make_test_config(app.config["DATABASE_URL"], app.instance_path) | {"SCHEDULER_ENABLED": True}
    )
    # building the app (as every CLI command does) starts nothing
    assert "naleving.scheduler" not in web.extensions
    try:
        web.test_client().get("/healthz")
        assert web.extensions["naleving.scheduler"].running
    finally:
        stop_scheduler(web)
    with Session(engine_of(app)) as session:
        assert session.exec(select(Schedule)).all() == []


def test_stopping_waits_for_a_running_job_that_reads_the_scheduler(app, started):
    """APScheduler 3 would wait for the job while holding the lock the job needs: a hang."""
    from app.reports import scheduler as scheduler_module

    running, finished = threading.Event(), []

    def probe():
        running.set()
        time.sleep(0.5)
        finished.append(len(scheduler_module.current_app.extensions["naleving.scheduler"].get_jobs()))

    scheduler_module.JOBS["probe"] = probe
    try:
        scheduler = started(app)
        scheduler.add_job(scheduler_module.run_job, args=["probe"], id="probe", next_run_time=clock.now())
        assert running.wait(timeout=10)
        stopper = threading.Thread(target=stop_scheduler, args=(app,))
        stopper.start()
        stopper.join(timeout=15)
        assert not stopper.is_alive(), "stopping the scheduler hangs"
    finally:
        del scheduler_module.JOBS["probe"]
    assert len(finished) == 1  # the job could use the scheduler until it finished


def test_a_run_missed_by_more_than_the_grace_period_is_shown_as_failed(
    app, db, world, stand_in_builders, started
):
    """Down for months: the run is not made late; the schedules page says why it is missing."""
    from reports.schedule_timing import latest_fire_time, trigger_of

    month = (clock.today().month - 4) % 12 + 1  # three or four months back
    schedule = add_schedule(
        db,
        world.own.id,
        preset="cron",
        cron=f"0 6 1 {month} *",
        effective_from=clock.now() - timedelta(days=400),
    )
    missed = latest_fire_time(trigger_of(schedule), clock.now())
    leave_a_missed_job(app, schedule, at=missed)

    scheduler = started(app)
    wait_for(lambda: runs(db))
    [run] = runs(db)
    assert run.status == RunStatus.FAILED and run.error.startswith("gemist")
    assert run.due_at == missed
    assert stand_in_builders.calls == []
    assert scheduler.get_job(f"{SCHEDULE_JOB_PREFIX}{schedule.id}").next_run_time > clock.now()


def test_before_pc_follows_the_moments_and_fires_once(
    app, db, world, stand_in_builders, started, fixed_clock
):
    from risk.pc import create_moment

    def moment(on: date) -> None:
        create_moment(
            session=db,
            organisation_id=world.own.id,
            kind="tussenrapportage",
            year=on.year,
            moment_on=on,
            available_capacity=1,
            actor=Actor.system("test"),
        )
        db.commit()

    future = clock.today() + timedelta(days=60)
    moment(future)
    schedule = add_schedule(db, world.own.id, preset="before_pc", days_before=10, kind="management")
    scheduler = started(app)
    job_id = f"{SCHEDULE_JOB_PREFIX}{schedule.id}"
    wait_for(lambda: scheduler.get_job(job_id) is not None)
    assert scheduler.get_job(job_id).next_run_time == local(*(future - timedelta(days=10)).timetuple()[:3], 6)

    sooner = clock.today() + timedelta(days=30)
    moment(sooner)
    with app.app_context():
        sync_schedules(scheduler)
    assert scheduler.get_job(job_id).next_run_time == local(*(sooner - timedelta(days=10)).timetuple()[:3], 6)
    stop_scheduler(app)

    with app.app_context():
        fire = local(*(sooner - timedelta(days=10)).timetuple()[:3], 6)
        fixed_clock(fire + timedelta(seconds=3))
        assert jobs.run_report_schedule(schedule.id) == "succeeded"
        assert jobs.run_report_schedule(schedule.id) == "claimed elsewhere"
    assert [run.due_at for run in runs(db)] == [fire]

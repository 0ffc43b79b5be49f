"""APScheduler 3, its jobs kept in the application's database (table apscheduler_jobs).

The jobs are declared as data: a few system jobs, and one job per enabled schedule, which the sync job derives
from the schedule table (the truth). APScheduler calls one function, `run_job`, by reference; it runs the
declared job inside an app context of the app whose scheduler runs it. Missed runs coalesce into one; a run is
made once across processes because each run is claimed in the database first (reports.schedules.claim_run).

It runs in the web process (started by the first request when SCHEDULER_ENABLED) or in `naleving scheduler`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from functools import partial

from apscheduler.events import EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask, current_app
from sqlmodel import Session

from app.db import engine
from app.incidents import jobs as incident_jobs
from app.reports import jobs
from core import clock
from core.errors import RuleError
from reports.models import APSCHEDULER_JOBS
from reports.schedule_timing import (
    MISFIRE_GRACE,
    crontab_trigger,
    pc_moment_dates,
    timing_signature,
    trigger_of,
)
from reports.schedules import enabled_schedules

SCHEDULER_KEY = "naleving.scheduler"
SCHEDULE_JOB_PREFIX = "reports.schedule."
SYNC_SECONDS = 60

# Every function the scheduler may run, by name: the job store keeps the name, never a pickled function.
JOBS: dict[str, Callable[..., object]] = {
    "report_schedule": jobs.run_report_schedule,
    "sync_schedules": lambda: sync_schedules(current_app.extensions[SCHEDULER_KEY]),
    "sweep_archive": jobs.sweep_archive,
    "send_reminders": lambda: _plan_reminders(),
    "incident_reminders": lambda: incident_jobs.send_incident_reminders(),
}


def _plan_reminders() -> object:
    from app.plan.reminders import send_daily_reminders

    return send_daily_reminders()


@dataclass(frozen=True)
class SystemJob:
    id: str
    job: str  # a key of JOBS
    trigger: Callable[[], BaseTrigger]
    at_start: bool = False  # also run right after the scheduler starts


SYSTEM_JOBS = (
    SystemJob(
        "reports.sync",
        "sync_schedules",
        lambda: IntervalTrigger(seconds=SYNC_SECONDS, timezone=clock.LOCAL_ZONE),
        at_start=True,
    ),
    SystemJob("reports.sweep", "sweep_archive", lambda: crontab_trigger("30 3 * * *")),
    SystemJob("plan.reminders", "send_reminders", lambda: crontab_trigger("0 7 * * *")),
    SystemJob(
        "incidents.reminders",
        "incident_reminders",
        lambda: IntervalTrigger(minutes=incident_jobs.REMINDER_MINUTES, timezone=clock.LOCAL_ZONE),
        at_start=True,
    ),
)

_thread = threading.local()


def _bind_app(app: Flask) -> None:
    """Initializer of each worker thread of a scheduler: the app its jobs run in."""
    _thread.app = app


def run_job(job: str, **kwargs) -> object:
    """What APScheduler calls: the declared job `job`, inside an app context."""
    with _thread.app.app_context():
        return JOBS[job](**kwargs)


class ReportScheduler(BackgroundScheduler):
    """APScheduler's BackgroundScheduler with a shutdown that neither hangs nor loses a run.

    APScheduler 3 waits for running jobs while holding its job store lock, so a job that reads the scheduler
    (the sync job) would wait forever; and it looks for due jobs once more after its executors closed, moving
    the next run time of a job due at that moment without running it. So: pause, let running jobs finish with
    no lock held, take the job store away (the stored jobs stay as they are), then shut down.
    """

    def shutdown(self, wait: bool = True) -> None:
        self.pause()
        if wait:
            self._lookup_executor("default").shutdown(wait=True)
        self.remove_jobstore("default", shutdown=False)
        super().shutdown(wait=False)


def build_scheduler(app: Flask) -> ReportScheduler:
    """A scheduler on the app's database; not started."""
    scheduler = ReportScheduler(
        jobstores={
            "default": SQLAlchemyJobStore(
                engine=app.extensions["naleving.engine"], tablename=APSCHEDULER_JOBS.name
            )
        },
        executors={
            "default": ThreadPoolExecutor(4, pool_kwargs={"initializer": _bind_app, "initargs": (app,)})
        },
        job_defaults={
            "coalesce": True,  # runs missed while down: one run, not one per missed moment
            "misfire_grace_time": int(MISFIRE_GRACE.total_seconds()),
            "max_instances": 1,
        },
        timezone=clock.LOCAL_ZONE,
    )
    scheduler.add_listener(partial(_on_missed, app), EVENT_JOB_MISSED)
    return scheduler


def start_scheduler(app: Flask) -> ReportScheduler:
    """Start the scheduler of this process and declare its jobs; runs missed while it was down run now,
    once."""
    scheduler = build_scheduler(app)
    app.extensions[SCHEDULER_KEY] = scheduler
    scheduler.start()
    for system_job in SYSTEM_JOBS:
        extra = {"next_run_time": clock.now()} if system_job.at_start else {}
        scheduler.add_job(
            run_job,
            trigger=system_job.trigger(),
            args=[system_job.job],
            id=system_job.id,
            name=system_job.job,
            replace_existing=True,
            **extra,
        )
    return scheduler


def stop_scheduler(app: Flask) -> None:
    scheduler = app.extensions.get(SCHEDULER_KEY)
    if scheduler is not None and scheduler.running:
        scheduler.shutdown()  # running jobs may still look the scheduler up meanwhile
    app.extensions.pop(SCHEDULER_KEY, None)


def sync_schedules(scheduler: BackgroundScheduler) -> None:
    """Make the job store match the enabled schedules: add new ones, reschedule changed ones, remove the rest.
    An unchanged job is left alone, so its stored next run time (perhaps missed while down) survives."""
    with Session(engine()) as session:
        wanted = {
            f"{SCHEDULE_JOB_PREFIX}{s.id}": (s, pc_moment_dates(session=session, schedule=s))
            for s in enabled_schedules(session=session)
        }
    existing = {job.id: job for job in scheduler.get_jobs() if job.id.startswith(SCHEDULE_JOB_PREFIX)}
    for job_id in existing.keys() - wanted.keys():
        with suppress(JobLookupError):  # another process may have removed it first
            scheduler.remove_job(job_id)
    for job_id, (schedule, moments) in wanted.items():
        signature = timing_signature(schedule, moments)
        job = existing.get(job_id)
        if job is not None and job.name == signature:
            continue
        try:
            trigger = trigger_of(schedule, moments)
        except RuleError:
            current_app.logger.warning("schedule %s has an invalid timing; not scheduled", schedule.id)
            continue
        scheduler.add_job(
            run_job,
            trigger=trigger,
            args=["report_schedule"],
            kwargs={"schedule_id": schedule.id},
            id=job_id,
            name=signature,
            replace_existing=True,
        )


def _on_missed(app: Flask, event: JobExecutionEvent) -> None:
    if not event.job_id.startswith(SCHEDULE_JOB_PREFIX):
        return
    with app.app_context():
        jobs.record_missed_run(int(event.job_id.removeprefix(SCHEDULE_JOB_PREFIX)), event.scheduled_run_time)


def init_app(app: Flask) -> None:
    """In the web process the scheduler starts with the first request (never in CLI commands, nor in tests
    unless they ask). SCHEDULER_ENABLED off: e.g. when `naleving scheduler` runs it in production."""
    if not app.config.get("SCHEDULER_ENABLED"):
        return
    lock = threading.Lock()

    @app.before_request
    def start_scheduler_once() -> None:
        if SCHEDULER_KEY in app.extensions:
            return
        with lock:
            if SCHEDULER_KEY not in app.extensions:
                start_scheduler(app)

"""Schedules: when which report is made by itself, and its recent runs (read; they are set on the planning
page, which also tells the scheduler). As on that page, the role needs MANAGE_SCHEDULES; a read token does."""

from __future__ import annotations

from pydantic import Field

from app.api.auth import api_view
from app.api.base import bp
from app.api.conventions import ApiModel, Moment, etag
from app.api.problem import ApiProblem
from app.api.spec import responses, spec
from app.db import get_session
from app.security import Permission
from core.models import Organisation
from reports.models import Schedule, ScheduleRun
from reports.schedules import last_runs, runs_of, schedule_of, schedules_of


class RunOut(ApiModel):
    id: int
    due_at: Moment
    started_at: Moment
    finished_at: Moment | None
    status: str
    error: str
    report_id: int | None
    mail_status: str


class ScheduleOut(ApiModel):
    id: int
    kind: str
    format: str
    language: str = Field(description="the language the report is made in: nl (Dutch) or en (English)")
    preset: str
    cron: str
    days_before: int
    recipients: list[str]
    enabled: bool
    created_at: Moment
    effective_from: Moment
    last_run: RunOut | None


class ScheduleDetail(ScheduleOut):
    runs: list[RunOut]


class ScheduleList(ApiModel):
    total: int
    items: list[ScheduleOut]


def schedule_out(schedule: Schedule, last: ScheduleRun | None) -> dict:
    return {
        **schedule.model_dump(include=set(ScheduleOut.model_fields) - {"recipients", "last_run"}),
        "recipients": schedule.recipient_list,
        "last_run": RunOut.model_validate(last) if last else None,
    }


@bp.get("/organisations/<slug>/schedules")
@api_view(Permission.MANAGE_SCHEDULES)
@spec.validate(resp=responses(ScheduleList), tags=["schedules"], operation_id="list_schedules")
def list_schedules(organisation: Organisation):
    """The organisation's schedules, each with its last run."""
    db = get_session()
    found = schedules_of(session=db, organisation_id=organisation.id)
    last = last_runs(session=db, schedule_ids=[s.id for s in found])
    return ScheduleList(
        total=len(found), items=[ScheduleOut(**schedule_out(s, last.get(s.id))) for s in found]
    )


@bp.get("/organisations/<slug>/schedules/<int:schedule_id>")
@api_view(Permission.MANAGE_SCHEDULES)
@spec.validate(resp=responses(ScheduleDetail), tags=["schedules"], operation_id="get_schedule")
def get_schedule(organisation: Organisation, schedule_id: int):
    """One schedule with its recent runs (newest first)."""
    db = get_session()
    found = schedule_of(session=db, organisation_id=organisation.id, schedule_id=schedule_id)
    if found is None:
        raise ApiProblem(404)
    runs = runs_of(session=db, schedule_ids=[found.id])
    detail = ScheduleDetail(
        **schedule_out(found, runs[0] if runs else None), runs=[RunOut.model_validate(r) for r in runs]
    )
    return detail, 200, {"ETag": etag("schedule", found.id, len(runs))}

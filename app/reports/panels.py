"""The reports' dashboard panel: the newest reports, and for those who manage schedules, recent failures."""

from __future__ import annotations

from datetime import timedelta

from app.db import get_session
from app.main.routes import dashboard_panel
from app.reports.forms import FORMAT_LABELS, KIND_LABELS
from app.security import Permission, allowed
from core import clock
from core.models import Organisation
from reports.archive import reports_of
from reports.schedules import recent_problems

NEWEST = 3
PROBLEMS_SINCE = timedelta(days=30)


@dashboard_panel
def reports_panel(organisation: Organisation, role: str) -> tuple[str, dict]:
    db = get_session()
    problems = []
    if allowed(role, Permission.MANAGE_SCHEDULES):
        problems = recent_problems(
            session=db, organisation_id=organisation.id, since=clock.now() - PROBLEMS_SINCE
        )
    return "reports/_dashboard_panel.html", {
        "records": reports_of(session=db, organisation_id=organisation.id, limit=NEWEST),
        "problems": problems,
        "kind_labels": KIND_LABELS,
        "format_labels": FORMAT_LABELS,
    }

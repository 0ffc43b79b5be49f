"""The incident panel of the dashboard: the open significant incidents, each with its next deadline."""

from __future__ import annotations

from app.db import get_session
from app.incidents.common import clock_view
from app.main.routes import dashboard_panel
from core import clock
from core.models import Organisation
from incidents.clocks import next_open
from incidents.register import list_incidents


@dashboard_panel
def incident_panel(organisation: Organisation, role: str) -> tuple[str, dict]:
    states = list_incidents(
        session=get_session(), organisation_id=organisation.id, significant_open_only=True
    )
    now = clock.now()
    rows = []
    for state in states:
        deadline = next_open(state.deadlines)
        rows.append((state.incident, clock_view(deadline, now) if deadline else None))
    return "incidents/_dashboard_panel.html", {"rows": rows}

"""The scope panel of the dashboard: in-scope items classified hoog without a risk analysis, assurance evidence
that expires, and digital sovereignty (in-scope systems depending on non-EU jurisdiction, with their risks)."""

from __future__ import annotations

from app.db import get_session
from app.main.routes import dashboard_panel
from core import clock
from core.models import Organisation
from risk.scope_links import scope_gaps, sovereignty
from scope.suppliers import expiring_evidence


@dashboard_panel
def scope_panel(organisation: Organisation, role: str) -> tuple[str, dict]:
    db = get_session()
    today = clock.today()
    return "scope/_dashboard_panel.html", {
        "gaps": scope_gaps(session=db, organisation_id=organisation.id),
        "sovereignty": sovereignty(session=db, organisation_id=organisation.id),
        "expiring": expiring_evidence(session=db, organisation_id=organisation.id, today=today),
        "today": today,
    }

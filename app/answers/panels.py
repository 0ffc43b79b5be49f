"""The answers' panel on the CISO's dashboard: overdue reviews and unanswered mandatory measures."""

from __future__ import annotations

from app.answers.helpers import current_locale
from app.db import get_session
from app.main.routes import dashboard_panel
from app.models import Organisation
from app.security import Permission, allowed
from controls.soa import review_worklist

PANEL_LIMIT = 10


@dashboard_panel
def answers_panel(organisation: Organisation, role: str):
    if not allowed(role, Permission.EDIT):
        return None
    worklist = review_worklist(
        session=get_session(), organisation_id=organisation.id, locale=current_locale()
    )
    return "answers/panel.html", {"worklist": worklist, "organisation": organisation, "limit": PANEL_LIMIT}

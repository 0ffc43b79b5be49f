"""The answers' panels: on the CISO's dashboard (overdue reviews, unanswered mandatory measures) and on the
catalogue's requirement page (the organisation's answer)."""

from __future__ import annotations

from app.answers.helpers import current_locale
from app.catalogue.routes import requirement_panel
from app.db import get_session
from app.main.routes import dashboard_panel
from app.models import Organisation
from app.security import Permission, allowed
from controls.answers import answer_of, current_revision
from controls.models import Requirement
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


@requirement_panel
def answer_on_catalogue_page(organisation: Organisation, role: str, requirement: Requirement):
    """The organisation's answer on the catalogue's requirement page, with the way to the answer page."""
    db = get_session()
    answer = answer_of(db, organisation.id, requirement.id)
    revision = current_revision(db, answer.id) if answer else None
    return "answers/catalogue_panel.html", {
        "organisation": organisation,
        "requirement": requirement,
        "revision": revision,
        "can_edit": allowed(role, Permission.EDIT) and requirement.is_active,
    }

"""The answers' panels: on the CISO's dashboard (overdue reviews, unanswered mandatory measures) and on the
catalogue's requirement page (the organisation's answer)."""

from __future__ import annotations

from app.catalogue.routes import requirement_panel
from app.db import get_session
from app.main import figures
from app.main.routes import dashboard_panel
from app.security import Permission, allowed
from controls.answers import answer_of, current_revision
from controls.models import Requirement
from controls.worklist import worklist_of
from core.models import Organisation

PANEL_LIMIT = 10


@dashboard_panel
def compliance_panel(organisation: Organisation, role: str):
    """For every role: compliance per theme and category, and NIS2 coverage at a glance."""
    statement = figures.statement(organisation)
    coverage = {state: 0 for state in ("covered", "partial", "gap", "unmapped")}
    for point in statement.nis2:
        coverage[point.state] = coverage.get(point.state, 0) + 1
    return "answers/compliance_panel.html", {
        "statement": statement,
        "organisation": organisation,
        "coverage": coverage,
    }


@dashboard_panel
def answers_panel(organisation: Organisation, role: str):
    if not allowed(role, Permission.EDIT):
        return None
    worklist = worklist_of(figures.statement(organisation))
    return "answers/panel.html", {"worklist": worklist, "organisation": organisation, "limit": PANEL_LIMIT}


@requirement_panel
def answer_on_catalogue_page(organisation: Organisation, role: str, requirement: Requirement):
    """The organisation's answer on the catalogue's requirement page, with the way to the answer page."""
    db = get_session()
    answer = answer_of(session=db, organisation_id=organisation.id, requirement_id=requirement.id)
    revision = current_revision(session=db, answer_id=answer.id) if answer else None
    return "answers/catalogue_panel.html", {
        "organisation": organisation,
        "requirement": requirement,
        "revision": revision,
        "can_edit": allowed(role, Permission.EDIT) and requirement.is_active,
    }

"""Small pieces the views of the answers area share."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import abort, current_app, flash, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import select

from app.db import get_session
from app.i18n import current_locale  # noqa: F401 - re-exported for the answers views
from app.problems import messages
from controls.evidence import EvidenceRejected
from controls.models import Requirement
from core import clock


def evidence_message(error: EvidenceRejected) -> str:
    return "; ".join(messages(error))


def max_evidence_megabytes() -> int:
    return current_app.config["EVIDENCE_MAX_BYTES"] // (1024 * 1024)


def evidence_root() -> Path:
    return Path(current_app.instance_path) / "evidence"


def requested_as_of() -> date | None:
    """The ?peildatum=YYYY-MM-DD of an auditor's view; None for now (also for today or later)."""
    raw = request.args.get("peildatum", "").strip()
    if not raw:
        return None
    try:
        as_of = date.fromisoformat(raw)
    except ValueError:
        flash(_("Ongeldige peildatum; de huidige stand wordt getoond."), "error")
        return None
    return as_of if as_of < clock.today() else None


def requirement_or_404(code: str) -> Requirement:
    requirement = get_session().exec(select(Requirement).where(Requirement.code == code)).first()
    if requirement is None:
        abort(404)
    return requirement


FIELD_LABELS = {
    "applicability": _l("Toepasselijkheid"),
    "implementation": _l("Implementatie"),
    "design": _l("Opzet"),
    "existence": _l("Bestaan"),
    "operation": _l("Werking"),
    "explanation": _l("Toelichting"),
    "public_explanation": _l("Publieke toelichting"),
    "planned_on": _l("Geplande datum"),
    "owner": _l("Eigenaar"),
    "risk_reference": _l("Risicoverwijzing"),
    "last_reviewed_on": _l("Laatst beoordeeld"),
    "next_review_due": _l("Volgende beoordeling"),
}
FIELD_GROUPS = {
    "applicability": "applicability",
    "implementation": "implementation",
    "design": "assessment",
    "existence": "assessment",
    "operation": "assessment",
}
STATUS_BADGES = {
    "implemented": "badge-ok",
    "partially": "badge-warn",
    "planned": "badge-warn",
    "not_implemented": "badge-bad",
    "not_applicable": "badge-muted",
    "unanswered": "badge-bad",
    "held": "badge-warn",
    "covered": "badge-ok",
    "partial": "badge-warn",
    "gap": "badge-bad",
    "unmapped": "badge-muted",
}

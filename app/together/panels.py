"""The dashboard panel of working together: "Gewijzigd bij de leverancier" (the provider's changes to answers
this organisation relies on, last 30 days) and, for a user of several organisations, the way to the regional
view."""

from __future__ import annotations

import json
from datetime import timedelta

from flask_login import current_user
from sqlmodel import col, func, select

from app.db import get_session
from app.main.routes import dashboard_panel
from controls.receivers import provider_changes
from core import clock
from core.models import Membership, Organisation

RECENT = timedelta(days=30)


@dashboard_panel
def together_panel(organisation: Organisation, role: str) -> tuple[str, dict] | None:
    db = get_session()
    changes = (
        provider_changes(session=db, organisation_id=organisation.id, since=clock.now() - RECENT)
        if organisation.provider_id is not None
        else []
    )
    organisations = db.exec(
        select(func.count()).select_from(Membership).where(col(Membership.user_id) == current_user.id)
    ).one()
    if not changes and organisations < 2:
        return None
    return "together/_panel.html", {
        "changes": [(change, json.loads(change.changes) if change.changes else {}) for change in changes],
        "regional": organisations > 1,
    }

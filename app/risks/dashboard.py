"""The risk panel of the dashboard: both heatmaps, the top 10 residual risks, expired acceptances, and the
weerstandsvermogen across the P&C moments."""

from __future__ import annotations

from app.db import get_session
from app.main.routes import dashboard_panel
from app.risks.common import heatmap_figure
from core import clock
from core.models import Organisation
from risk.heatmap import Kind, heatmap_counts
from risk.matrix import matrix_for
from risk.reading import expired_acceptances, list_risks, open_risks, top_residual
from risk.weerstand import weerstand_history


@dashboard_panel
def risk_panel(organisation: Organisation, role: str) -> tuple[str, dict]:
    db = get_session()
    states = list_risks(session=db, organisation_id=organisation.id)
    matrix = matrix_for(session=db, organisation_id=organisation.id)
    today = clock.today()
    figures = [
        heatmap_figure(
            kind, heatmap_counts(states, kind), matrix, organisation=organisation, id_prefix="dash-"
        )
        for kind in Kind
    ]
    return "risks/_dashboard_panel.html", {
        "figures": figures,
        "matrix": matrix,
        "open_count": len(open_risks(states)),
        "top": top_residual(states, 10),
        "expired": expired_acceptances(states, today),
        "history": weerstand_history(session=db, organisation_id=organisation.id),
    }

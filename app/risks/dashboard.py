"""The risk panel of the dashboard: both heatmaps, the top 10 residual risks, expired acceptances, and the
weerstandsvermogen across the P&C moments."""

from __future__ import annotations

from app.main import figures
from app.main.routes import dashboard_panel
from app.risks.common import heatmap_figure
from core import clock
from core.models import Organisation
from risk.heatmap import Kind, heatmap_counts
from risk.reading import expired_acceptances, open_risks, top_residual


@dashboard_panel
def risk_panel(organisation: Organisation, role: str) -> tuple[str, dict]:
    states = figures.risks(organisation)
    matrix = figures.matrix(organisation)
    today = clock.today()
    heatmaps = [
        heatmap_figure(
            kind, heatmap_counts(states, kind), matrix, organisation=organisation, id_prefix="dash-"
        )
        for kind in Kind
    ]
    return "risks/_dashboard_panel.html", {
        "figures": heatmaps,
        "matrix": matrix,
        "open_count": len(open_risks(states)),
        "top": top_residual(states, 10),
        "expired": expired_acceptances(states, today),
        "history": figures.weerstand(organisation),
    }

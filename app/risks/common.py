"""Helpers the risk pages share: lookups scoped to the organisation, heatmaps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from app.db import get_session
from app.risks import labels
from core.models import Organisation
from risk.heatmap import HeatmapCell, Kind, heatmap_cells, heatmap_svg
from risk.matrix import Matrix
from risk.models import Risk
from risk.reading import get_risk

KIND_PARAMETER = {Kind.INHERENT: "inherent", Kind.RESIDUAL: "rest"}
PARAMETER_KIND = {value: kind for kind, value in KIND_PARAMETER.items()}


def risk_or_404(organisation: Organisation, risk_id: int) -> Risk:
    risk = get_risk(session=get_session(), organisation_id=organisation.id, risk_id=risk_id)
    if risk is None:
        abort(404)
    return risk


@dataclass(frozen=True)
class HeatmapFigure:
    kind: Kind
    title: str
    svg: Markup
    cells: list[HeatmapCell]
    total: int


def heatmap_title(kind: Kind) -> str:
    return _("Inherent risico") if kind is Kind.INHERENT else _("Restrisico")


def heatmap_figure(
    kind: Kind,
    counts: dict,
    matrix: Matrix,
    *,
    organisation: Organisation | None = None,
    as_of: date | None = None,
    id_prefix: str = "",
) -> HeatmapFigure:
    """The heatmap of one kind; with `organisation`, each cell links to the register filtered to that cell."""
    link = None
    if organisation is not None:

        def link(likelihood: int, impact: int) -> str:
            return url_for(
                "risks.register",
                slug=organisation.slug,
                soort=KIND_PARAMETER[kind],
                kans=likelihood,
                impact=impact,
                peildatum=as_of.isoformat() if as_of else None,
            )

    title = heatmap_title(kind)
    svg = heatmap_svg(
        counts,
        matrix=matrix,
        title=title,
        link=link,
        id_prefix=f"{id_prefix}{kind.value}",
        texts=labels.heatmap_texts(),
    )
    cells = heatmap_cells(counts, matrix)
    # The builder escapes every text it puts in the SVG (labels are user data); tests/risk/test_heatmap.py checks.
    markup = Markup(svg)  # noqa: S704  # nosec B704 - escaped by risk.heatmap
    return HeatmapFigure(kind, title, markup, cells, sum(cell.count for cell in cells))

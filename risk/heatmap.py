"""The heatmap: risks counted per cell of the 5x5 matrix, drawn as one self-contained SVG.

The same SVG serves the web page (cells link to the register, filtered to the cell) and the PDF reports (no
links). It uses presentation attributes only (the Content-Security-Policy forbids style attributes), names its
fonts (DejaVu Sans, as WeasyPrint has it), has a width, height and viewBox, and carries its own text
alternative: a <title> and <desc> for the whole map and a <title> per cell. Colours meet WCAG contrast for the
text on them, and each cell also names its level, so colour is never the only cue.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from html import escape
from typing import Protocol

from risk.labels import LEVEL
from risk.matrix import LEVEL_ORDER, Matrix
from risk.models import SCALE, Level


class Kind(StrEnum):
    INHERENT = "inherent"
    RESIDUAL = "residual"


Cell = tuple[int, int]  # (likelihood, impact)

# (fill, text colour); each pair has a contrast ratio of 4.5:1 or more (tests/risk/test_heatmap.py checks).
LEVEL_COLOURS: dict[Level, tuple[str, str]] = {
    Level.LOW: ("#cdebd3", "#1a1a1a"),
    Level.MEDIUM: ("#fde08b", "#1a1a1a"),
    Level.HIGH: ("#f39a5b", "#1a1a1a"),
    Level.VERY_HIGH: ("#a4161a", "#ffffff"),
}
INK = "#1a1a1a"
GRID = "#ffffff"
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"


@dataclass(frozen=True)
class HeatmapTexts:
    """Every word the SVG shows or speaks, Dutch by default; the web layer passes translated ones."""

    likelihood: str = "Kans"
    impact: str = "Impact"
    levels: Mapping[Level, str] = field(default_factory=lambda: {level: LEVEL[level] for level in Level})
    appetite: str = "grens risicobereidheid"
    one_risk: str = "1 risico"
    risks: str = "{count} risico's"
    cell: str = (
        "Kans {likelihood} ({likelihood_label}), impact {impact} ({impact_label}): {risks}, niveau {level}"
    )
    summary: str = "{risks} in totaal. Per cel met risico's:"


@dataclass(frozen=True)
class HeatmapCell:
    likelihood: int
    impact: int
    count: int
    level: Level
    exceeds_appetite: bool


class Scored(Protocol):
    """What the heatmap needs of a risk (a revision, or a state of the register)."""

    inherent_likelihood: int
    inherent_impact: int
    residual_likelihood: int
    residual_impact: int

    @property
    def is_closed(self) -> bool: ...


def risk_cell(risk: Scored, kind: Kind | str) -> Cell:
    """The (likelihood, impact) of a risk state for the inherent or the residual map."""
    if Kind(kind) is Kind.INHERENT:
        return (risk.inherent_likelihood, risk.inherent_impact)
    return (risk.residual_likelihood, risk.residual_impact)


def heatmap_counts(risks: Iterable[Scored], kind: Kind | str) -> dict[Cell, int]:
    """How many risks lie in each cell (every cell present, zeros included). Closed risks are left out."""
    counted = Counter(risk_cell(risk, kind) for risk in risks if not risk.is_closed)
    return {(likelihood, impact): counted[(likelihood, impact)] for likelihood in SCALE for impact in SCALE}


def heatmap_cells(counts: Mapping[Cell, int], matrix: Matrix) -> list[HeatmapCell]:
    """The cells from the highest likelihood and impact down: the order of the text alternative."""
    return [
        HeatmapCell(
            likelihood,
            impact,
            counts.get((likelihood, impact), 0),
            matrix.level(likelihood, impact),
            matrix.exceeds_appetite(likelihood, impact),
        )
        for likelihood in reversed(SCALE)
        for impact in reversed(SCALE)
    ]


# Geometry, in SVG user units (= CSS pixels).
LEFT = 190  # room for the likelihood labels
TOP = 8
CELL_W = 84
CELL_H = 58
BELOW = 112  # impact labels, axis title, legend
WIDTH = LEFT + 5 * CELL_W + 12
HEIGHT = TOP + 5 * CELL_H + BELOW


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _two_lines(text: str, limit: int) -> list[str]:
    """Break a label into at most two lines of about `limit` characters."""
    if len(text) <= limit:
        return [text]
    cut = text.rfind(" ", 0, limit + 1)
    if cut <= 0:
        return [_shorten(text, limit)]
    return [text[:cut], _shorten(text[cut + 1 :], limit)]


def _risks(texts: HeatmapTexts, count: int) -> str:
    return texts.one_risk if count == 1 else texts.risks.format(count=count)


def _cell_label(cell: HeatmapCell, matrix: Matrix, texts: HeatmapTexts) -> str:
    return texts.cell.format(
        likelihood=cell.likelihood,
        likelihood_label=matrix.likelihood_labels[cell.likelihood - 1],
        impact=cell.impact,
        impact_label=matrix.impact_labels[cell.impact - 1],
        risks=_risks(texts, cell.count),
        level=texts.levels[cell.level],
    )


def _cell_origin(likelihood: int, impact: int) -> tuple[int, int]:
    return LEFT + (impact - 1) * CELL_W, TOP + (5 - likelihood) * CELL_H


def _text(
    x: float,
    y: float,
    content: str,
    *,
    size: float,
    anchor: str = "middle",
    fill: str = INK,
    weight: str = "normal",
    extra: str = "",
) -> str:
    return (
        f'<text x="{x:g}" y="{y:g}" font-family="{FONT}" font-size="{size:g}" text-anchor="{anchor}" '
        f'fill="{fill}" font-weight="{weight}"{extra}>{escape(content)}</text>'
    )


def _cell_svg(cell: HeatmapCell, matrix: Matrix, texts: HeatmapTexts, href: str | None) -> str:
    x, y = _cell_origin(cell.likelihood, cell.impact)
    fill, ink = LEVEL_COLOURS[cell.level]
    label = escape(_cell_label(cell, matrix, texts))
    parts = [
        f"<title>{label}</title>",
        f'<rect x="{x}" y="{y}" width="{CELL_W}" height="{CELL_H}" fill="{fill}" '
        f'stroke="{GRID}" stroke-width="2"/>',
    ]
    if cell.count:
        parts.append(_text(x + CELL_W / 2, y + 30, str(cell.count), size=20, fill=ink, weight="bold"))
    parts.append(_text(x + CELL_W / 2, y + CELL_H - 8, texts.levels[cell.level], size=9.5, fill=ink))
    inner = " ".join(parts)  # a space between the texts: the link reads "3 hoog", not "3hoog"
    css_class = f"heatmap-cell level-{cell.level.value}"
    if href and cell.count:
        # The link's name starts with what the cell shows (count and level: WCAG 2.5.3 label in name).
        name = escape(f"{cell.count} {texts.levels[cell.level]}: ") + label
        return f'<a href="{escape(href)}" class="{css_class}" aria-label="{name}">{inner}</a>'
    return f'<g class="{css_class}">{inner}</g>'


def _appetite_line(matrix: Matrix) -> str:
    """The border between cells within the risk appetite and cells above it, as one path."""
    segments = []
    for likelihood in SCALE:
        for impact in SCALE:
            if not matrix.exceeds_appetite(likelihood, impact):
                continue
            x, y = _cell_origin(likelihood, impact)
            if impact > 1 and not matrix.exceeds_appetite(likelihood, impact - 1):
                segments.append(f"M{x} {y}V{y + CELL_H}")
            if likelihood > 1 and not matrix.exceeds_appetite(likelihood - 1, impact):
                segments.append(f"M{x} {y + CELL_H}H{x + CELL_W}")
            if impact < 5 and not matrix.exceeds_appetite(likelihood, impact + 1):
                segments.append(f"M{x + CELL_W} {y}V{y + CELL_H}")
            if likelihood < 5 and not matrix.exceeds_appetite(likelihood + 1, impact):
                segments.append(f"M{x} {y}H{x + CELL_W}")
    if not segments:
        return ""
    return (
        f'<path d="{"".join(segments)}" fill="none" stroke="{INK}" stroke-width="4" stroke-linecap="square"/>'
    )


def _axes(matrix: Matrix, texts: HeatmapTexts) -> list[str]:
    parts = []
    for likelihood in SCALE:
        _x, y = _cell_origin(likelihood, 1)
        label = f"{likelihood} {_shorten(matrix.likelihood_labels[likelihood - 1], 24)}"
        parts.append(_text(LEFT - 8, y + CELL_H / 2 + 4, label, size=11.5, anchor="end"))
    bottom = TOP + 5 * CELL_H
    for impact in SCALE:
        x, _y = _cell_origin(1, impact)
        lines = _two_lines(f"{impact} {matrix.impact_labels[impact - 1]}", 13)
        for number, line in enumerate(lines):
            parts.append(_text(x + CELL_W / 2, bottom + 16 + 13 * number, line, size=11))
    middle = TOP + 5 * CELL_H / 2
    parts.append(
        _text(
            16,
            middle,
            texts.likelihood,
            size=13,
            weight="bold",
            extra=f' transform="rotate(-90 16 {middle:g})"',
        )
    )
    parts.append(_text(LEFT + 5 * CELL_W / 2, bottom + 56, texts.impact, size=13, weight="bold"))
    return parts


def _legend(texts: HeatmapTexts, with_appetite: bool) -> list[str]:
    y = TOP + 5 * CELL_H + 76
    x = LEFT - 150
    parts = []
    for level in LEVEL_ORDER:
        fill, _ink = LEVEL_COLOURS[level]
        parts.append(
            f'<rect x="{x}" y="{y}" width="16" height="16" fill="{fill}" stroke="{INK}" stroke-width="1"/>'
        )
        parts.append(_text(x + 22, y + 12.5, texts.levels[level], size=11, anchor="start"))
        x += 30 + 7 * len(texts.levels[level])
    if with_appetite:
        parts.append(f'<path d="M{x} {y + 8}h24" stroke="{INK}" stroke-width="4"/>')
        parts.append(_text(x + 30, y + 12.5, texts.appetite, size=11, anchor="start"))
    return parts


def heatmap_svg(
    counts: Mapping[Cell, int],
    *,
    matrix: Matrix,
    title: str,
    link: Callable[[int, int], str] | None = None,
    id_prefix: str = "heatmap",
    texts: HeatmapTexts | None = None,
) -> str:
    """The heatmap as SVG text. `link(likelihood, impact)` gives the address of a cell's risks (web only);
    `id_prefix` keeps ids unique when a page holds more than one map."""
    texts = texts or HeatmapTexts()
    cells = heatmap_cells(counts, matrix)
    total = sum(cell.count for cell in cells)
    description = " ".join(
        [texts.summary.format(risks=_risks(texts, total))]
        + [_cell_label(cell, matrix, texts) + "." for cell in cells if cell.count]
    )
    role = "group" if link else "img"
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="{role}" aria-labelledby="{title_id}" '
        f'aria-describedby="{desc_id}" '
        f'class="heatmap" font-family="{FONT}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    parts += [
        _cell_svg(cell, matrix, texts, link(cell.likelihood, cell.impact) if link else None) for cell in cells
    ]
    appetite = _appetite_line(matrix)
    parts.append(appetite)
    parts += _axes(matrix, texts)
    parts += _legend(texts, bool(appetite))
    parts.append("</svg>")
    return "".join(parts)

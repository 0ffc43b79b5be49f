"""The matrix and the one heatmap SVG: counts per cell, links, text alternative, contrast, no style."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from core.actor import Actor
from core.errors import RuleError
from risk.heatmap import LEVEL_COLOURS, Kind, heatmap_counts, heatmap_svg
from risk.matrix import DEFAULT_MATRIX, Matrix, matrix_for, save_matrix
from risk.models import Level
from risk.reading import list_risks
from tests.risk.factories import make_risk

SVG = "{http://www.w3.org/2000/svg}"


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("level", list(Level))
def test_text_on_every_level_colour_meets_wcag_aa(level):
    fill, ink = LEVEL_COLOURS[level]
    assert contrast(fill, ink) >= 4.5


def test_the_default_matrix_is_dutch_and_scores_by_likelihood_times_impact():
    assert DEFAULT_MATRIX.likelihood_labels[0] == "Zeer onwaarschijnlijk"
    assert DEFAULT_MATRIX.level(1, 1) == Level.LOW and DEFAULT_MATRIX.level(5, 5) == Level.VERY_HIGH
    assert DEFAULT_MATRIX.level(2, 5) == Level.HIGH and DEFAULT_MATRIX.level(1, 5) == Level.MEDIUM
    assert not DEFAULT_MATRIX.exceeds_appetite(3, 3) and DEFAULT_MATRIX.exceeds_appetite(3, 4)


def test_an_organisation_keeps_its_own_matrix(db, world):
    levels = [list(row) for row in DEFAULT_MATRIX.levels]
    levels[0][0] = Level.MEDIUM
    mine = replace(
        DEFAULT_MATRIX,
        levels=tuple(map(tuple, levels)),
        appetite=Level.LOW,
        certainty=0.95,
        impact_labels=("a", "b", "c", "d", " e "),
    )
    save_matrix(session=db, organisation_id=world.own.id, matrix=mine, actor=Actor.system("test"))
    db.commit()
    stored = matrix_for(session=db, organisation_id=world.own.id)
    assert stored.level(1, 1) == Level.MEDIUM and stored.appetite == Level.LOW and stored.certainty == 0.95
    assert stored.impact_labels[4] == "e" and not stored.is_default
    assert matrix_for(session=db, organisation_id=world.other.id) == DEFAULT_MATRIX


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        ({"likelihood_labels": ("a", "b", "c", "d")}, "matrix.likelihood_labels"),
        ({"impact_labels": ("a", "b", "c", "d", "")}, "matrix.impact_labels"),
        ({"certainty": 0.5}, "matrix.certainty_not_offered"),
        ({"levels": DEFAULT_MATRIX.levels[:4]}, "matrix.not_5_by_5"),
    ],
)
def test_a_bad_matrix_is_refused(db, world, bad, code):
    with pytest.raises(RuleError) as refused:
        save_matrix(
            session=db,
            organisation_id=world.own.id,
            matrix=replace(DEFAULT_MATRIX, **bad),
            actor=Actor.system("t"),
        )
    assert [problem.code for problem in refused.value.problems] == [code]


def test_counts_per_cell_leave_closed_risks_out(db, world):
    make_risk(
        db, world.own.id, inherent_likelihood=4, inherent_impact=5, residual_likelihood=2, residual_impact=4
    )
    make_risk(
        db, world.own.id, inherent_likelihood=4, inherent_impact=5, residual_likelihood=4, residual_impact=5
    )
    make_risk(
        db,
        world.own.id,
        inherent_likelihood=4,
        inherent_impact=5,
        residual_likelihood=1,
        residual_impact=1,
        status="closed",
    )
    make_risk(
        db, world.other.id, inherent_likelihood=1, inherent_impact=1, residual_likelihood=1, residual_impact=1
    )
    states = list_risks(session=db, organisation_id=world.own.id)
    inherent, residual = heatmap_counts(states, Kind.INHERENT), heatmap_counts(states, Kind.RESIDUAL)
    assert len(inherent) == 25 and sum(inherent.values()) == 2 and inherent[(4, 5)] == 2
    assert residual[(2, 4)] == 1 and residual[(4, 5)] == 1 and residual[(1, 1)] == 0


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def test_the_svg_is_self_contained_and_has_a_text_alternative():
    counts = {(likelihood, impact): 0 for likelihood in range(1, 6) for impact in range(1, 6)}
    counts[(4, 5)], counts[(1, 2)] = 3, 1
    root = parse(heatmap_svg(counts, matrix=DEFAULT_MATRIX, title="Restrisico", id_prefix="rest"))
    assert root.get("width") and root.get("height") and root.get("viewBox")
    assert root.get("role") == "img" and root.get("aria-labelledby") == "rest-title"
    assert root.find(f"{SVG}title").text == "Restrisico"
    description = root.find(f"{SVG}desc").text
    assert "4 risico's in totaal" in description
    assert "Kans 4 (Waarschijnlijk), impact 5 (Zeer ernstig): 3 risico's, niveau zeer hoog" in description
    assert "Kans 1 (Zeer onwaarschijnlijk), impact 2 (Gering): 1 risico, niveau laag" in description
    cell_titles = [g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g")]
    assert len(cell_titles) == 25
    assert root.findall(f".//{SVG}a") == []
    assert "DejaVu Sans" in root.get("font-family")
    assert not any(element.get("style") for element in root.iter()), "the CSP forbids style attributes"


def test_with_a_link_function_cells_with_risks_link_to_them():
    counts = {(likelihood, impact): 0 for likelihood in range(1, 6) for impact in range(1, 6)}
    counts[(2, 3)] = 2
    svg = heatmap_svg(
        counts,
        matrix=DEFAULT_MATRIX,
        title="Inherent",
        link=lambda kans, impact: f"/r?kans={kans}&impact={impact}",
    )
    root = parse(svg)
    links = root.findall(f".//{SVG}a")
    assert [link.get("href") for link in links] == ["/r?kans=2&impact=3"]
    # the name starts with the visible text (count and level, WCAG 2.5.3), then says where the cell is
    assert (
        links[0]
        .get("aria-label")
        .startswith("2 midden: Kans 2 (Onwaarschijnlijk), impact 3 (Aanzienlijk): 2 risico's")
    )
    assert root.get("role") == "group"
    assert "&amp;impact" in svg


def test_user_labels_are_escaped():
    matrix = replace(DEFAULT_MATRIX, impact_labels=("<script>", "b & c", '"q"', "d", "e"))
    svg = heatmap_svg(heatmap_counts([], Kind.INHERENT), matrix=matrix, title="<b>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    parse(svg)


def test_a_matrix_without_cells_above_the_appetite_draws_no_appetite_line():
    matrix = Matrix(appetite=Level.VERY_HIGH)
    svg = heatmap_svg(heatmap_counts([], Kind.RESIDUAL), matrix=matrix, title="x")
    assert "risicobereidheid" not in svg
    assert "risicobereidheid" in heatmap_svg(
        heatmap_counts([], Kind.RESIDUAL), matrix=DEFAULT_MATRIX, title="x"
    )


def test_weasyprint_draws_the_same_svg_into_a_pdf():
    """The reports embed this SVG unchanged; WeasyPrint must draw its text (DejaVu Sans)."""
    import io

    from pypdf import PdfReader
    from weasyprint import HTML

    counts = heatmap_counts([], Kind.RESIDUAL)
    counts[(4, 5)] = 3
    svg = heatmap_svg(counts, matrix=DEFAULT_MATRIX, title="Restrisico")
    pdf = HTML(string=f"<html><body>{svg}</body></html>").write_pdf()
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Zeer waarschijnlijk" in text and "grens risicobereidheid" in text and "3" in text

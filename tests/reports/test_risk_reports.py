"""The risk, P&C and management reports, read back: the risk area's heatmap SVG embedded unchanged, the
register, accepted risks, the figures of a P&C snapshot and its comparison, and a short management report."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from core.actor import Actor
from core.errors import RuleError
from reports.builders import build_report
from reports.parameters import ReportParameters
from reports.risks import register_at
from risk.heatmap import Kind, heatmap_counts, heatmap_svg
from risk.pc import create_moment, snapshot_of, take_snapshot
from risk.reading import list_risks
from risk.weerstand import enter_figures
from tests.reports.pdftext import body_text, chapter_text, normalised, page_texts
from tests.risk.factories import accepted, make_risk

LONG_CAUSE = " ".join(f"oorzaak{i:04d}" for i in range(400)) + " EINDEOORZAAK"  # near the 5,000 limit


def params(**values) -> ReportParameters:
    defaults = {
        "organisation_name": "Gemeente Voorbeeld",
        "organisation_slug": "voorbeeld",
        "generated_by": "Carla Securitas",
        "generated_at": datetime(2026, 3, 16, 9, 30, tzinfo=UTC),
    }
    return ReportParameters(**(defaults | values))


@pytest.fixture
def register(db, world):
    make_risk(
        db, world.own.id, cause=LONG_CAUSE, title="Ransomware <script>alert(1)</script>", owner="=1+1 (CISO)"
    )
    make_risk(
        db,
        world.own.id,
        title="Datalek bij de leverancier",
        inherent_likelihood=3,
        residual_likelihood=3,
        residual_impact=5,
        probability=50,
        impact_minimum=10_000,
        impact_most_likely=50_000,
        impact_maximum=250_000,
    )
    make_risk(
        db,
        world.own.id,
        **vars_of(
            accepted(
                title="Oude telefooncentrale",
                residual_likelihood=2,
                residual_impact=2,
                probability=None,
                impact_minimum=None,
                impact_most_likely=None,
                impact_maximum=None,
            )
        ),
    )
    make_risk(
        db,
        world.own.id,
        title="Verlopen acceptatie",
        treatment="accept",
        accepted_by="Directie",
        accepted_on=date(2025, 1, 1),
        acceptance_expires_on=date(2025, 12, 31),
    )
    make_risk(db, world.other.id, title="Risico van een andere gemeente")
    return world


def vars_of(data) -> dict:
    return {name: getattr(data, name) for name in data.__dataclass_fields__}


def test_the_risks_pdf_embeds_the_risk_areas_heatmaps_and_lists_the_register(db, register, fixed_clock):
    fixed_clock(datetime(2026, 3, 16, 9, tzinfo=UTC))
    pdf = build_report(
        session=db, organisation_id=register.own.id, kind="risks", format="pdf", params=params()
    )
    body = normalised(body_text(pdf))
    for reference in ("R-001", "R-002", "R-003", "R-004"):
        assert reference in body
    assert "Risico van een andere gemeente" not in body
    assert "Ransomware <script>alert(1)</script>" in body
    assert normalised(LONG_CAUSE) in body

    # the heatmap builder's own SVG went in as it is: its words and counts are drawn in the PDF
    states = list_risks(session=db, organisation_id=register.own.id)
    svg = register_at(session=db, organisation_id=register.own.id, as_of=None).heatmap(Kind.RESIDUAL)
    assert svg == heatmap_svg(
        heatmap_counts(states, Kind.RESIDUAL),
        matrix=register_at(session=db, organisation_id=register.own.id, as_of=None).matrix,
        title="Restrisico",
        id_prefix="heatmap-residual",
    )
    heatmap_page = next(
        t for t in page_texts(pdf) if normalised(t).startswith("Risicorapportage Gemeente Voorbeeld Heatmaps")
    )
    assert "grens risicobereidheid" in heatmap_page and "zeer hoog" in heatmap_page
    assert heatmap_page.count("Kans") >= 2 and heatmap_page.count("Impact") >= 2

    accepted_page = normalised(next(t for t in page_texts(pdf) if "Acceptatie geldig" in t))
    valid = accepted_page.split("Acceptatie geldig")[1].split("Acceptatie verlopen")[0]
    assert "Oude telefooncentrale" in valid and "Verlopen acceptatie" not in valid
    assert "Verlopen acceptatie" in accepted_page.split("Acceptatie verlopen")[1]


def test_the_risks_workbook(db, register, fixed_clock):
    fixed_clock(datetime(2026, 3, 16, 9, tzinfo=UTC))
    data = build_report(
        session=db, organisation_id=register.own.id, kind="risks", format="xlsx", params=params()
    )
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Rapport", "Register", "Heatmap inherent", "Heatmap rest", "Geaccepteerd"]
    rows = list(workbook["Register"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == ["R-001", "R-002", "R-003", "R-004"]
    header = [cell.value for cell in workbook["Register"][1]]
    first = dict(zip(header, rows[0], strict=False))
    assert first["Titel"] == "Ransomware <script>alert(1)</script>"
    assert first["Oorzaak"] == LONG_CAUSE
    assert first["Behandeling"] == "verminderen"
    assert first["Eigenaar"] == "'=1+1 (CISO)"  # a formula neutralised to text
    grid = list(workbook["Heatmap rest"].iter_rows(min_row=2, values_only=True))
    assert sum(sum(row[1:]) for row in grid) == 4
    accepted_rows = list(workbook["Geaccepteerd"].iter_rows(min_row=2, values_only=True))
    assert [(row[1], row[-1]) for row in accepted_rows] == [
        ("Oude telefooncentrale", "geldig"),
        ("Verlopen acceptatie", "verlopen"),
    ]


def snapshot(db, organisation_id: int, kind: str, year: int, on: date, capacity: int):
    moment = create_moment(
        session=db,
        organisation_id=organisation_id,
        kind=kind,
        year=year,
        moment_on=on,
        available_capacity=capacity,
        actor=Actor.system("test"),
    )
    take_snapshot(session=db, moment=moment, actor=Actor.system("Carla Securitas"), seed=7, scenarios=20_000)
    db.commit()
    return moment


def test_the_pc_pdf_shows_the_snapshot_figures_and_the_comparison(db, register):
    first = snapshot(db, register.own.id, "begroting", 2026, date(2025, 11, 1), 800_000)
    make_risk(
        db,
        register.own.id,
        title="Nieuw: uitval datacenter",
        probability=10,
        impact_minimum=1_000,
        impact_most_likely=20_000,
        impact_maximum=90_000,
    )
    second = snapshot(db, register.own.id, "kadernota", 2027, date(2026, 4, 1), 900_000)

    pdf = build_report(session=db, organisation_id=register.own.id, kind="pc", format="pdf", params=params())
    text = normalised(body_text(pdf))
    assert "Kadernota 2027" in normalised(page_texts(pdf)[0])
    latest = snapshot_of(session=db, moment=second)
    assert f"€ {round(latest.required_capacity):,}".replace(",", ".") in text
    # without the begroting's totals: no ratio and no rating, with the reason; the convention is named
    assert "Geen ratio en geen waardering." in text and "niet ingevuld" in text
    assert "Ratio weerstandsvermogen" not in text
    assert (
        "Financieel gevolg per risico: driehoeksverdeling over minimum, meest waarschijnlijk en maximum"
        in text
    )
    enter_figures(
        session=db,
        moment=second,
        available_capacity=3_000_000,
        other_required_capacity=round(2_000_000 - latest.required_capacity),
        certainty=0.9,
        source="Begroting 2027",
        actor=Actor.system("test"),
    )
    db.commit()
    pdf = build_report(session=db, organisation_id=register.own.id, kind="pc", format="pdf", params=params())
    text = normalised(body_text(pdf))
    assert "Ratio weerstandsvermogen (beschikbaar / benodigd totaal) 1,50" in text
    assert "Waardering B: ruim voldoende" in text and "Geen ratio" not in text
    assert "€ 2.000.000" in text and "€ 3.000.000" in text and "bron: Begroting 2027" in text
    comparison = chapter_text(pdf, "Vergelijking met het vorige moment")
    assert "Begroting 2026" in comparison
    assert "Nieuw: uitval datacenter" in comparison.split("Nieuwe risico's")[1].split("Gesloten")[0]
    exposures = chapter_text(pdf, "Risico's met financiële gevolgen").split("Vergelijking met")[0]
    for reference in ("R-001", "R-002", "R-004", "R-005"):
        assert reference in exposures.split("Niet in de berekening")[0]
    assert "Oude telefooncentrale" in exposures.split("Niet in de berekening")[1]

    older = build_report(
        session=db,
        organisation_id=register.own.id,
        kind="pc",
        format="pdf",
        params=params(moment_id=first.id),
    )
    assert "Er is geen eerder P&C-moment met een momentopname." in normalised(body_text(older))


def test_the_pc_report_needs_a_snapshot_of_the_own_organisation(db, register):
    with pytest.raises(RuleError, match="nog geen P&C-moment") as refused:
        build_report(session=db, organisation_id=register.own.id, kind="pc", format="pdf", params=params())
    assert [problem.code for problem in refused.value.problems] == ["report.no_snapshot"]
    foreign = snapshot(db, register.other.id, "begroting", 2026, date(2025, 11, 1), 1)
    with pytest.raises(RuleError, match="onbekend P&C-moment"):
        build_report(
            session=db,
            organisation_id=register.own.id,
            kind="pc",
            format="pdf",
            params=params(moment_id=foreign.id),
        )
    bare = create_moment(
        session=db,
        organisation_id=register.own.id,
        kind="begroting",
        year=2026,
        moment_on=date(2025, 11, 1),
        available_capacity=1,
        actor=Actor.system("test"),
    )
    db.commit()
    with pytest.raises(RuleError, match="nog geen momentopname"):
        build_report(
            session=db,
            organisation_id=register.own.id,
            kind="pc",
            format="pdf",
            params=params(moment_id=bare.id),
        )


def test_the_management_report_is_one_or_two_pages(db, register, catalogue):
    moment = snapshot(db, register.own.id, "begroting", 2026, date(2025, 11, 1), 800_000)
    figures = snapshot_of(session=db, moment=moment)
    pdf = build_report(
        session=db, organisation_id=register.own.id, kind="management", format="pdf", params=params()
    )
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert 1 <= len(pages) <= 2
    text = normalised(" ".join(page_texts(pdf)))
    assert "Managementrapportage – Gemeente Voorbeeld" in text
    for theme in ("Organisatorisch", "Mensgericht", "Fysiek", "Technologisch", "NIS2"):
        assert theme in text
    assert "Belangrijkste risico's" in text and "R-001" in text
    amount = f"€ {round(figures.required_capacity):,}".replace(",", ".")
    assert amount in text
    assert (
        "benodigd voor informatiebeveiligingsrisico's, Begroting 2026 (90% zekerheid); geen ratio zonder"
        in text
    )
    assert "financieel gevolg: driehoeksverdeling" in text
    enter_figures(
        session=db,
        moment=moment,
        available_capacity=4_000_000,
        other_required_capacity=round(2_000_000 - figures.required_capacity),
        certainty=0.9,
        actor=Actor.system("test"),
    )
    db.commit()
    pdf = build_report(
        session=db, organisation_id=register.own.id, kind="management", format="pdf", params=params()
    )
    text = normalised(" ".join(page_texts(pdf)))
    assert "weerstandsvermogen Begroting 2026 (ratio 2,00 over alle risico's; informatiebeveiliging" in text
    assert re.search(r"(?<!\S)B(?!\S)", page_texts(pdf, layout=True)[0])  # the rating
    assert "grens risicobereidheid" in text  # the heatmap


def test_the_archive_records_which_moment_the_latest_was(db, register, archive):
    from reports.builders import generate_report

    snapshot(db, register.own.id, "begroting", 2026, date(2025, 11, 1), 800_000)
    latest = snapshot(db, register.own.id, "kadernota", 2027, date(2026, 4, 1), 900_000)
    record = generate_report(
        session=db,
        root=archive,
        organisation_id=register.own.id,
        kind="pc",
        format="pdf",
        params=params(),
        actor=Actor.system("test"),
    )
    assert record.parameters["moment_id"] == latest.id
    assert record.filename == f"weerstandsvermogen-voorbeeld-moment{latest.id}-2026-03-16.pdf"

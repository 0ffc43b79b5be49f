"""The Verklaring van Toepasselijkheid as PDF and Excel: read back, every requirement is there with its status,
and a long justification is there in full; user text stays text."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import select

from controls.answer_models import Answer, AnswerRevision
from controls.models import Requirement, RequirementStatus
from controls.soa import statement_of_applicability
from core import clock
from reports.builders import build_report
from reports.parameters import ReportParameters
from tests.reports.pdftext import body_text, margin_text, normalised, page_texts

LONG = " ".join(f"toelichting{i:05d}" for i in range(1700)) + " EINDEVANDETOELICHTING"  # 20,000+ characters
SCRIPT = "<script>alert('xss')</script> & <b>vet</b>"


def params(**values) -> ReportParameters:
    defaults = {
        "organisation_name": "Gemeente Voorbeeld",
        "organisation_slug": "voorbeeld",
        "generated_by": "Otto Controle",
        "generated_at": datetime(2026, 3, 16, 9, 30, tzinfo=UTC),
    }
    return ReportParameters(**(defaults | values))


def give_answer(db, organisation_id: int, code: str, explanation: str, **values) -> None:
    """An answer as it may stand in the database (e.g. imported before today's length rules)."""
    requirement = db.exec(select(Requirement).where(Requirement.code == code)).one()
    answer = Answer(organisation_id=organisation_id, requirement_id=requirement.id)
    db.add(answer)
    db.flush()
    fields = {
        "applicability": "applicable",
        "implementation": "implemented",
        "last_reviewed_on": date(2026, 3, 1),
        "next_review_due": date(2027, 3, 1),
        "author_name": "Carla Securitas",
    } | values
    db.add(AnswerRevision(answer_id=answer.id, number=1, explanation=explanation, **fields))
    db.commit()


@pytest.fixture
def answered(db, world, catalogue):
    assert len(LONG) > 20_000
    give_answer(db, world.own.id, "5.1", LONG)
    give_answer(db, world.own.id, "5.01.01", SCRIPT, implementation="partially", owner='=HYPERLINK("x")')
    give_answer(db, world.own.id, "8.24", "", applicability="not_applicable")
    return world


@pytest.fixture(scope="module")
def built() -> dict[str, bytes]:
    """The reports this module has built on this worker, by what they were built from."""
    return {}


@pytest.fixture
def answered_pdf(db, answered, built) -> bytes:
    """The SoA PDF of `answered` with params(): built by the first test that asks for it, read by the others (the
    same data in each test's own database, and a SoA PDF is seconds of CPU)."""
    if "answered" not in built:
        built["answered"] = build_report(
            session=db, organisation_id=answered.own.id, kind="soa", format="pdf", params=params()
        )
    return built["answered"]


def active_codes(db) -> list[str]:
    return list(
        db.exec(select(Requirement.code).where(Requirement.status == RequirementStatus.ACTIVE.value)).all()
    )


def test_the_pdf_has_every_requirement_and_the_whole_long_justification(db, answered, answered_pdf):
    pdf = answered_pdf
    reader = PdfReader(io.BytesIO(pdf))
    body = normalised(body_text(pdf))

    assert normalised(LONG) in body  # not one word cut, across page breaks
    assert SCRIPT in body  # shown as text, not interpreted
    destinations = set(reader.named_destinations)
    for code in active_codes(db):
        assert f"eis-{code}" in destinations, code
        assert re.search(rf"(?<![\d.]){re.escape(code)}(?![\d.])", body), code


@pytest.mark.layout  # cover, table of contents, running header and footer: the same on both databases
def test_the_pdf_has_a_cover_a_toc_with_page_numbers_and_running_header_and_footer(db, answered):
    pdf = build_report(
        session=db,
        organisation_id=answered.own.id,
        kind="soa",
        format="pdf",
        params=params(as_of=date(2026, 3, 15)),
    )
    pages = page_texts(pdf)
    total = len(pages)
    cover = normalised(pages[0])
    assert "Verklaring van Toepasselijkheid" in cover and "Gemeente Voorbeeld" in cover
    assert "15 maart 2026" in cover and "Otto Controle" in cover and "16 maart 2026 10:30" in cover
    assert re.search(r"Catalogusversie \S+", cover)
    assert "pagina 1 van" not in cover  # the cover has no running header or footer

    for number in range(2, total + 1):
        header = normalised(margin_text(pdf, number, "top"))
        footer = normalised(margin_text(pdf, number, "bottom"))
        assert header == "Verklaring van Toepasselijkheid Gemeente Voorbeeld", number
        assert footer == (
            f"Gegenereerd 16 maart 2026 10:30 door Otto Controle · peildatum 15 maart 2026 pagina {number} van {total}"
        )

    toc = normalised(pages[1])
    for title in (
        "Samenvatting",
        "NIS2-dekking",
        "Managementsysteem: clausules (ISO/IEC 27001)",
        "Thema 5: Organisatorisch",
        "Thema 8: Technologisch",
        "NIS2-eisen",
    ):
        match = re.search(rf"{re.escape(title)} \.*\s*(\d+)", toc)
        assert match, title
        page = int(match.group(1))
        assert normalised(body_text(pdf, page=page)).startswith(title), (title, page)


def test_the_pdf_totals_match_the_statement(db, answered, answered_pdf):
    statement = statement_of_applicability(session=db, organisation_id=answered.own.id)
    pdf = answered_pdf
    summary = page_texts(pdf, layout=True)[2]
    statuses = (
        "implemented",
        "partially",
        "planned",
        "not_implemented",
        "not_applicable",
        "unanswered",
        "held",
    )

    def row_pattern(title, progress):
        figures = [progress.counts[s] for s in statuses] + [
            progress.total,
            f"{progress.percent_implemented}%",
        ]
        return re.escape(title) + "".join(rf"\s+{re.escape(str(figure))}" for figure in figures)

    assert re.search(row_pattern("Alle geldende eisen", statement.overall), summary)
    for row in statement.by_theme + statement.by_category:
        assert re.search(row_pattern(row.title, row), summary), row.title
    assert statement.overall.counts["implemented"] == 1 and statement.overall.counts["partially"] == 1


def test_the_workbook_has_every_requirement_and_full_justifications(db, answered):
    data = build_report(
        session=db, organisation_id=answered.own.id, kind="soa", format="xlsx", params=params()
    )
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == [
        "Rapport",
        "Verklaring",
        "Totalen",
        "NIS2-dekking",
        "Reikwijdte",
        "Uitzonderingen",
        "Vaststelling",
    ]
    sheet = workbook["Verklaring"]
    header = [cell.value for cell in sheet[1]]
    rows = {
        row[0]: dict(zip(header, row, strict=False)) for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert set(active_codes(db)) <= set(rows)
    assert rows["5.1"]["Toelichting"] == LONG
    assert rows["5.1"]["Status"] == "geïmplementeerd"
    assert rows["5.01.01"]["Toelichting"] == SCRIPT
    assert rows["5.01.01"]["Eigenaar"] == '\'=HYPERLINK("x")'  # a formula neutralised to text
    assert rows["8.24"]["Status"] == "niet van toepassing"
    facts = dict(workbook["Rapport"].iter_rows(values_only=True))
    assert facts["Organisatie"] == "Gemeente Voorbeeld"
    assert facts["Gegenereerd door"] == "Otto Controle"
    nis2 = list(workbook["NIS2-dekking"].iter_rows(min_row=2, values_only=True))
    assert len(nis2) == len(
        [c for c in active_codes(db) if c[0] not in "5678" and not c.startswith("27001-")]
    )


def test_a_text_longer_than_a_cell_continues_in_the_next_column(db, world, catalogue):
    huge = "x" * 40_000 + "EINDE"
    give_answer(db, world.own.id, "5.2", huge)
    data = build_report(session=db, organisation_id=world.own.id, kind="soa", format="xlsx", params=params())
    sheet = load_workbook(io.BytesIO(data))["Verklaring"]
    header = [cell.value for cell in sheet[1]]
    assert header[-1] == "Toelichting (vervolg 1)"
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "5.2")
    assert row[-2] + row[-1] == huge


def test_the_status_line_is_one_paragraph_and_the_workbook_keeps_the_revision_and_last_review(db, answered):
    """The status line under a requirement carries applicability, opzet/bestaan/werking (one word when the
    three agree), owner, next review and evidence; the last review's date and the revision (number, date,
    author) are in the attached workbook only (docs/reports.md)."""
    give_answer(db, answered.own.id, "5.2", "Rollen belegd.", design="sufficient", existence="sufficient",
                operation="sufficient", owner="Hoofd ICT", last_reviewed_on=date(2026, 2, 2),
                next_review_due=date(2027, 2, 3), author_name="Rita Revisor")  # fmt: skip
    pdf = build_report(session=db, organisation_id=answered.own.id, kind="soa", format="pdf", params=params())
    body = normalised(body_text(pdf))
    entry = body[body.index("5.2 Rollen en verantwoordelijkheden") :][:400]
    assert "van toepassing · opzet, bestaan en werking: voldoende · eigenaar Hoofd ICT" in entry
    assert "volgende beoordeling 03-02-2027 · 0 bewijsstukken Rollen belegd." in entry
    assert "02-02-2026" not in entry and "Rita Revisor" not in entry and "revisie" not in entry
    mixed = body[body.index("5.01.01 ") :][:400]
    assert "opzet/bestaan/werking: niet beoordeeld/niet beoordeeld/niet beoordeeld" not in mixed
    assert "opzet, bestaan en werking: niet beoordeeld" in mixed

    data = build_report(
        session=db, organisation_id=answered.own.id, kind="soa", format="xlsx", params=params()
    )
    sheet = load_workbook(io.BytesIO(data))["Verklaring"]
    header = [cell.value for cell in sheet[1]]
    row = next(
        dict(zip(header, row, strict=False))
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[0] == "5.2"
    )
    assert row["Laatst beoordeeld"].date() == date(2026, 2, 2)
    assert row["Volgende beoordeling"].date() == date(2027, 2, 3)
    assert (row["Revisie"], row["Vastgelegd door"]) == (1, "Rita Revisor")
    revision = db.exec(select(AnswerRevision).where(AnswerRevision.author_name == "Rita Revisor")).one()
    assert row["Vastgelegd op"].date() == clock.to_local(revision.recorded_at).date()


def test_the_nis2_table_has_five_columns_with_own_status_and_links_under_the_coverage(
    db, answered, answered_pdf
):
    pdf = answered_pdf
    texts = page_texts(pdf)
    page = next(text for text in texts if "NIS2-dekking" in text and "Waarom" in text)
    heading = normalised(page)
    assert "Eis Titel Dekking Waarom Nog open" in heading
    assert re.search(r"eigen status: \S+( \S+)?; \d+ gekoppeld", heading)

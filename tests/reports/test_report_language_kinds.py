"""Every kind of report in English, read back from the real files of the demo organisation (`naleving demo`): the
PDFs with pdftotext, the workbooks with openpyxl. Each kind's English report carries English headings, domain
values (status, treatment, severity, rating, scale names), dates and numbers, and none of the Dutch ones for the
same strings, which the Dutch report (the default) still has; the cover says what stays as written. A
schedule makes its report in the language chosen."""

from __future__ import annotations

import io
import re
from datetime import datetime

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from controls.models import Requirement
from core.models import Organisation
from reports.builders import BUILDERS, build_report, year_of
from reports.models import ReportFormat, ReportKind
from tests.reports.pdftext import normalised, page_texts
from tests.reports.test_soa_report import params

# (Dutch, English) per kind: each Dutch text is in the Dutch report and gone from the English one.
PDF_PAIRS = {
    ReportKind.RISKS: [
        ("Risicoregister", "Risk register"),
        ("Samenvatting en stand van de behandeling", "Summary and state of treatment"),
        ("Tijdelijk geaccepteerde risico's", "Temporarily accepted risks"),
        ("Zeer waarschijnlijk", "Very likely"),  # the matrix's default scale names
        ("grens risicobereidheid", "risk appetite boundary"),  # the heatmap's legend
        ("in behandeling", "in treatment"),  # a risk status
        ("verminderen", "reduce"),  # a treatment
    ],
    ReportKind.PC: [
        ("Monte Carlo-simulatie", "Monte Carlo simulation"),
        ("Waarderingstabel", "Rating table"),
        ("ruim voldoende", "amply sufficient"),  # the rating
        ("1,4 tot en met 2,0", "1.4 up to and including 2.0"),  # numbers in the language
        ("Vergelijking met het vorige moment", "Comparison with the previous moment"),
    ],
    ReportKind.MANAGEMENT: [
        ("Naleving per thema", "Compliance per theme"),
        ("Belangrijkste risico's", "Main risks"),
        ("Verlopen herbeoordelingen", "Overdue reviews"),
        ("t.o.v. kwartaal terug", "vs. a quarter ago"),
        ("Trend over de laatste 12 maanden", "Trend over the last 12 months"),
    ],
    ReportKind.COLLEGE: [
        ("Verklaring van het college", "Statement of the college"),
        ("Oordeel over de toepasselijke", "Judgement of the applicable"),
        ("niet beantwoord", "unanswered"),
        ("de burgemeester,", "the mayor,"),
    ],
    ReportKind.IN_CONTROL: [
        ("Grondslag: de Verklaring van Toepasselijkheid", "Basis: the Statement of Applicability"),
        ("Verbeterplan", "Improvement plan"),
        ("Bevindingen per ernst", "Findings by severity"),
        ("CONCEPT", "DRAFT"),
    ],
}
# The layout's own words: in no English PDF.
LAYOUT_DUTCH = ("Gegenereerd", "Peildatum", "pagina ", "Inhoud")
AS_WRITTEN = "appear in this report as they were written"


def made(
    db, organisation: Organisation, kind: ReportKind, format: ReportFormat, language: str | None
) -> bytes:
    values = {} if language is None else {"language": language}  # None: the default
    return build_report(
        session=db,
        organisation_id=organisation.id,
        kind=kind,
        format=format,
        params=year_of(kind, params(**values)),
    )


def pdf_text(content: bytes) -> str:
    return normalised(" ".join(page_texts(content)))


@pytest.mark.layout  # the language of each document's fixed words: the same on both databases
def test_every_pdf_kind_in_english_and_dutch_by_default(db, demo):
    pdf_kinds = {kind for kind, format in BUILDERS if format == ReportFormat.PDF}
    assert pdf_kinds - {ReportKind.SOA} == set(
        PDF_PAIRS
    )  # every kind with a PDF is checked here (soa: its own)
    englishes = {}
    for kind, pairs in PDF_PAIRS.items():
        english = englishes[kind] = pdf_text(made(db, demo, kind, ReportFormat.PDF, "en"))
        dutch = pdf_text(made(db, demo, kind, ReportFormat.PDF, None))
        for nl, en in pairs:
            assert nl in dutch, (kind, nl)
            assert en in english, (kind, en)
            assert nl not in english, (kind, nl)
        assert "16 March 2026" in english and "16 maart 2026" in dutch, kind  # the generation date
        assert re.search(r"page \d+ of \d+", english) and re.search(r"pagina \d+ van \d+", dutch), kind
        assert not [word for word in LAYOUT_DUTCH if word in english], kind
        assert AS_WRITTEN in english and AS_WRITTEN not in dutch, kind
    pc = englishes[ReportKind.PC]  # the English P&C report above: amounts with English separators
    assert re.search(r"€ \d{1,3}(,\d{3})+", pc) and not re.search(r"€ \d{1,3}(\.\d{3})+", pc)


def test_every_workbook_kind_in_english(db, demo):
    xlsx_kinds = {kind for kind, format in BUILDERS if format == ReportFormat.XLSX}
    assert xlsx_kinds == {ReportKind.SOA, ReportKind.RISKS, ReportKind.ENSIA}  # soa: its own test

    risks = load_workbook(io.BytesIO(made(db, demo, ReportKind.RISKS, ReportFormat.XLSX, "en")))
    assert risks.sheetnames == ["Report", "Register", "Heatmap inherent", "Heatmap residual", "Accepted"]
    headers = [cell.value for cell in risks["Register"][1]]
    assert {"Reference", "Title", "Treatment", "Level residual", "Review on"} <= set(headers)
    statuses = {
        row[headers.index("Status")] for row in risks["Register"].iter_rows(min_row=2, values_only=True)
    }
    assert "in treatment" in statuses and "in behandeling" not in statuses
    assert [c.value for c in risks["Heatmap inherent"][1]][1] == "1 Very minor"
    facts = dict(risks["Report"].iter_rows(values_only=True))
    assert facts["Reference date"] == "current state" and AS_WRITTEN in facts["Translation"]
    dutch = load_workbook(io.BytesIO(made(db, demo, ReportKind.RISKS, ReportFormat.XLSX, None)))
    assert dutch.sheetnames[:2] == ["Rapport", "Register"] and "Vertaling" not in dict(
        dutch["Rapport"].iter_rows(values_only=True)
    )

    ensia = load_workbook(io.BytesIO(made(db, demo, ReportKind.ENSIA, ReportFormat.XLSX, "en")))
    assert ensia.sheetnames == ["ENSIA", "BIO self-evaluation", "DigiD", "Suwinet"]
    headers = [cell.value for cell in ensia["BIO self-evaluation"][1]]
    assert headers[:5] == ["Question", "Question text", "Requirement", "Applicability", "Status"]
    rows = {row[0]: row for row in ensia["BIO self-evaluation"].iter_rows(min_row=2, values_only=True)}
    assert rows["5.01.01"][1] == "Adopted information security policy"  # the catalogue's English title
    assert rows["5.01.01"][4] == "implemented" and rows["5.01.01"][5] == "sufficient"
    facts = dict(ensia["ENSIA"].iter_rows(values_only=True))
    assert facts["Status of the grouping"].startswith("our own grouping")
    assert "Only in Dutch" not in facts  # the map has English titles for every part
    dutch = load_workbook(io.BytesIO(made(db, demo, ReportKind.ENSIA, ReportFormat.XLSX, None)))
    assert dutch.sheetnames == ["ENSIA", "Zelfevaluatie BIO", "DigiD", "Suwinet"]


def test_a_requirement_without_english_title_is_named_in_dutch_and_the_report_says_so(db, demo):
    requirement = db.exec(select(Requirement).where(Requirement.code == "5.01.01")).one()
    requirement.title_en = ""
    db.add(requirement)
    db.flush()
    text = pdf_text(made(db, demo, ReportKind.IN_CONTROL, ReportFormat.PDF, "en"))
    assert (
        "Requirements with only a Dutch title in the catalogue: 1; their titles are shown here in Dutch."
        in text
    )
    ensia = load_workbook(io.BytesIO(made(db, demo, ReportKind.ENSIA, ReportFormat.XLSX, "en")))
    rows = {row[0]: row for row in ensia["BIO self-evaluation"].iter_rows(min_row=2, values_only=True)}
    assert rows["5.01.01"][1] == requirement.title_nl
    assert (
        "only a Dutch title in the catalogue: 1"
        in dict(ensia["ENSIA"].iter_rows(values_only=True))["Translation"]
    )


def test_a_schedule_makes_its_report_in_its_language(app, db, world, fixed_clock, archive):
    from app.reports import jobs
    from core.clock import LOCAL_ZONE
    from core.errors import RuleError
    from reports.archive import read_report
    from reports.builders import formats_of
    from reports.models import ReportRecord
    from reports.schedules import ScheduleInput, create_schedule

    def schedule_of(language: str):
        return create_schedule(
            session=db,
            organisation_id=world.own.id,
            values=ScheduleInput(kind="risks", format="xlsx", preset="monthly", language=language),
            formats_of=formats_of,
            created_by_user_id=None,
        )

    with pytest.raises(RuleError) as refused:
        schedule_of("fr")
    assert refused.value.problems[0].code == "report.language_not_available"
    fixed_clock(datetime(2026, 2, 15, 12, 0, tzinfo=LOCAL_ZONE))
    schedule = schedule_of("en")
    db.commit()
    with app.app_context():
        fixed_clock(datetime(2026, 3, 1, 6, 0, 1, tzinfo=LOCAL_ZONE))
        assert jobs.run_report_schedule(schedule.id) == "succeeded"
    db.expire_all()
    [record] = db.exec(select(ReportRecord)).all()
    assert record.parameters["language"] == "en"
    workbook = load_workbook(io.BytesIO(read_report(root=archive, record=record)))
    assert workbook.sheetnames[0] == "Report"
    assert dict(workbook["Report"].iter_rows(values_only=True))["Report"] == "Risk report"

"""Every report PDF read back with real tools: tagged (pikepdf's structure tree, poppler's "Tagged: yes"),
PDF/A-3a and PDF/UA-1 in its XMP metadata with title, author, language, creation date and kind; an archived
report carries its data as an associated file (the XLSX of the same report, or JSON) and a PAdES signature
that pdfsig and pyHanko find valid on top of all that."""

from __future__ import annotations

import io
import json
import logging
import re
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pikepdf
import pytest
from openpyxl import load_workbook

from core.actor import Actor
from reports import signing
from reports.archive import read_report
from reports.builders import generate_report
from reports.incidents import incident_draft_pdf
from reports.models import ReportKind
from reports.parameters import FILE_NAMES, ReportParameters
from risk.pc import create_moment, take_snapshot
from tests.incidents.samples import incident_sample_values
from tests.risk.factories import make_risk

GENERATED_AT = datetime(2026, 3, 16, 9, 30, tzinfo=UTC)
NS = {
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "naleving": "https://naleving.nl/ns/rapport/1.0/",
}
# kind -> (attachment's extension, AFRelationship, a heading level every such report has besides H1)
ARCHIVED = {
    "soa": ("xlsx", "/Data", "/H2"),
    "risks": ("xlsx", "/Data", "/H2"),
    "pc": ("json", "/Source", "/H2"),
    "management": ("json", "/Data", "/H2"),
    "college": ("xlsx", "/Data", "/H2"),
    "in-control": ("xlsx", "/Data", "/H2"),
}


def structure_types(pdf: pikepdf.Pdf) -> set[str]:
    """The structure types (/S) of every element of the structure tree."""
    found: set[str] = set()
    pending = [pdf.Root.StructTreeRoot.get("/K")]
    while pending:
        node = pending.pop()
        if isinstance(node, pikepdf.Array):
            pending.extend(node)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.add(str(node.S))
            pending.append(node.get("/K"))
    return found


def xmp(pdf: pikepdf.Pdf, prefix: str, name: str) -> object:
    return pdf.open_metadata().get(f"{{{NS[prefix]}}}{name}")


def poppler(tool: str, path: Path) -> str:
    return subprocess.run([tool, str(path)], capture_output=True, text=True, check=False).stdout


def check_accessible(path: Path, *, kind: str, title: str, organisation: str) -> pikepdf.Pdf:
    """What every report PDF has: tags, PDF/A-3a and PDF/UA-1 identification, the XMP fields."""
    pdf = pikepdf.open(path)
    assert "/StructTreeRoot" in pdf.Root and bool(pdf.Root.MarkInfo.Marked)
    assert str(pdf.Root.Lang) == "nl" and bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
    assert {"/H1", "/Table"} <= structure_types(pdf)
    assert (xmp(pdf, "pdfaid", "part"), xmp(pdf, "pdfaid", "conformance")) == ("3", "A")
    assert xmp(pdf, "pdfuaid", "part") == "1"
    assert title in str(xmp(pdf, "dc", "title")) and organisation in str(xmp(pdf, "dc", "title"))
    assert xmp(pdf, "dc", "creator") == [organisation]
    assert xmp(pdf, "dc", "language") == {"nl"}
    assert xmp(pdf, "naleving", "reportKind") == kind
    assert str(xmp(pdf, "xmp", "CreateDate")).startswith(("2026-03-16", "2026-10-24"))
    assert "Tagged:          yes" in poppler("pdfinfo", path)
    return pdf


@pytest.fixture
def everything(db, world, mini_catalogue):
    """An organisation with risks (one with a financial estimate) and a P&C snapshot: every kind has content."""
    make_risk(db, world.own.id, title="Ransomware", probability=50, impact_minimum=10_000,
              impact_most_likely=50_000, impact_maximum=250_000)  # fmt: skip
    moment = create_moment(
        session=db,
        organisation_id=world.own.id,
        kind="begroting",
        year=2026,
        moment_on=date(2025, 11, 1),
        available_capacity=800_000,
        actor=Actor.system("test"),
    )
    take_snapshot(session=db, moment=moment, actor=Actor.system("test"), seed=7, scenarios=2_000)
    db.commit()
    return world


@pytest.mark.parametrize("kind", list(ARCHIVED))
def test_an_archived_report_is_tagged_pdf_a_3_and_ua_1_with_its_data_and_a_valid_signature(
    signed, db, everything, archive, tmp_path, kind
):
    extension, relationship, heading = ARCHIVED[kind]
    params = ReportParameters(
        organisation_name="Gemeente Voorbeeld",
        organisation_slug="voorbeeld",
        generated_by="Carla Securitas",
        generated_at=GENERATED_AT,
    )
    record = generate_report(
        session=db,
        root=archive,
        organisation_id=everything.own.id,
        kind=kind,
        format="pdf",
        params=params,
        actor=Actor.system("test"),
    )
    path = tmp_path / record.filename
    path.write_bytes(read_report(root=archive, record=record))

    pdf = check_accessible(path, kind=kind, title="", organisation="Gemeente Voorbeeld")
    assert heading in structure_types(pdf)
    [(name, attached)] = pdf.attachments.items()
    assert name.startswith(f"{FILE_NAMES[ReportKind(kind)]}-voorbeeld") and name.endswith(f".{extension}")
    assert str(attached.obj.AFRelationship) == relationship
    assert attached.obj.objgen in {entry.objgen for entry in pdf.Root.AF}  # associated with the document
    content = attached.get_file().read_bytes()
    if extension == "xlsx":
        book = load_workbook(io.BytesIO(content))
        first = (
            book["Rapport"] if "Rapport" in book.sheetnames else book.worksheets[0]
        )  # ENSIA: its front sheet
        cells = [value for row in first.iter_rows(values_only=True) for value in row]
        assert "Gemeente Voorbeeld" in cells
    else:
        assert json.loads(content)

    status = signing.signature_status(path.read_bytes())
    assert status.signed and status.intact and status.by_this_installation
    assert "Signature is Valid" in poppler("pdfsig", path)


def test_the_pc_report_attaches_the_sealed_snapshot(signed, db, everything, archive):
    record = generate_report(
        session=db,
        root=archive,
        organisation_id=everything.own.id,
        kind="pc",
        format="pdf",
        params=ReportParameters("Gemeente Voorbeeld", "voorbeeld", "Carla", GENERATED_AT),
        actor=Actor.system("test"),
    )
    pdf = pikepdf.open(io.BytesIO(read_report(root=archive, record=record)))
    [attached] = pdf.attachments.values()
    data = json.loads(attached.get_file().read_bytes())
    assert data["momentopname"]["available_capacity"] == 800_000
    assert [risk["title"] for risk in data["momentopname"]["register"]] == ["Ransomware"]
    assert len(data["sha256"]) == 64


@pytest.mark.parametrize("draft", ["early-warning", "notification", "final"])
def test_an_incident_draft_is_tagged_pdf_a_3_and_ua_1_without_attachment(
    db, world, tmp_path, fixed_clock, draft
):
    fixed_clock(datetime(2026, 10, 24, 16, 0, tzinfo=UTC))
    own, _other = incident_sample_values(db, world)
    path = tmp_path / f"{draft}.pdf"
    path.write_bytes(
        incident_draft_pdf(
            session=db,
            organisation_id=world.own.id,
            incident_id=own["incident_id"],
            kind=draft,
            generated_by="x",
        )
    )
    pdf = check_accessible(path, kind=f"incident-{draft}", title="I-001", organisation=world.own.name)
    assert "/H2" in structure_types(pdf)
    assert not pdf.attachments  # a draft is no report of record: no data, no signature
    assert "does not contain any signatures" in poppler("pdfsig", path)


def test_the_embedded_fonts_are_subset_by_harfbuzz(caplog, tmp_path):
    """WeasyPrint subsets the embedded fonts with HarfBuzz (libharfbuzz-subset0, scripts/system-deps.sh); with
    fontTools instead, in Python, a long report spent about a sixth of its processor time there
    (docs/performance.md)."""
    from weasyprint.pdf import fonts

    from reports.pdf import warm_up

    assert fonts.harfbuzz_subset is not None, "libharfbuzz-subset0 is not installed"
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        path = tmp_path / "fonts.pdf"
        path.write_bytes(warm_up())
    assert not [record for record in caplog.records if "fontTools" in record.getMessage()]
    embedded = [line for line in poppler("pdffonts", path).splitlines()[2:] if line.strip()]
    assert len(embedded) >= 2  # regular and bold (the code's face is the same family)
    for line in embedded:  # a subset (name prefix), embedded, with its Unicode map
        assert re.match(r"[A-Z]{6}\+DejaVu", line) and re.search(r" yes +yes +yes ", line), line

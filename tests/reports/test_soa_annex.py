"""The SoA report's annex "Uitzonderingen op de VvT" (not applied, deviated from, excepted per system, with the
risk reference), the approval block (adopted or a blank one marked not adopted), and the evidence by name; read
back from the PDF with pdftotext and from the workbook with openpyxl."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from controls.answer_models import Answer, AnswerRevision
from controls.evidence import add_evidence_link
from controls.models import Requirement
from core.actor import Actor
from reports.builders import build_report
from scope.answer_scope import add_exception
from scope.register import create_item
from scope.rules import ItemData
from tests.public.factories import adopt
from tests.reports.pdftext import page_texts
from tests.reports.test_soa_report import params
from tests.risk.factories import make_risk

TEST = Actor.system("test")


def revision(db, organisation_id: int, code: str, **values) -> Answer:
    requirement = db.exec(select(Requirement).where(Requirement.code == code)).one()
    answer = Answer(organisation_id=organisation_id, requirement_id=requirement.id)
    db.add(answer)
    db.flush()
    fields = {
        "applicability": "applicable",
        "implementation": "implemented",
        "last_reviewed_on": date(2026, 3, 1),
        "next_review_due": date(2027, 3, 1),
    } | values
    db.add(AnswerRevision(answer_id=answer.id, number=1, **fields))
    db.flush()
    return answer


@pytest.fixture
def deviating(db, world, mini_catalogue):
    risk = make_risk(db, world.own.id, commit=False)
    revision(db, world.own.id, "5.01.02", applicability="not_applicable", explanation="Geen koerierdiensten.")
    revision(
        db,
        world.own.id,
        "5.10.01",
        implementation="not_implemented",
        explanation="Wacht op het nieuwe zaaksysteem.",
        risk_reference=risk.reference,
    )
    implemented = revision(db, world.own.id, "5.01.01", explanation="Beleid vastgesteld.")
    revision(db, world.own.id, "5.1", explanation="In orde.")
    add_evidence_link(
        session=db,
        organisation_id=world.own.id,
        answer_id=implemented.id,
        url="https://dms.example/beleid",
        description="Informatiebeveiligingsbeleid 2026",
        actor=TEST,
    )
    item = create_item(
        session=db,
        organisation_id=world.own.id,
        kind="system",
        data=ItemData(name="Oud archiefsysteem", owner="Archivaris"),
        actor=TEST,
    )
    add_exception(session=db, item=item, code="5.1", reason="Wordt uitgefaseerd in 2027.", actor=TEST)
    db.commit()
    return risk


def pdf_text(db, world, **values) -> str:
    data = build_report(
        session=db, organisation_id=world.own.id, kind="soa", format="pdf", params=params(**values)
    )
    return " ".join(" ".join(page.split()) for page in page_texts(data))


def annex(text: str) -> str:
    return text.split("Bijlage: Uitzonderingen op de VvT")[-1]


def test_the_pdf_annex_lists_every_exception_with_its_risk(db, world, deviating):
    text = pdf_text(db, world)
    part = annex(text).split("Vaststelling")[0]
    assert "5.01.02" in part and "niet van toepassing" in part and "Geen koerierdiensten." in part
    assert "5.10.01" in part and "afwijking" in part and f"{deviating.reference} Ransomware legt" in part
    assert "5.1 " in part and "uitzondering per systeem" in part and "Wordt uitgefaseerd in 2027." in part
    assert "5.01.01" not in part  # implemented, no exception
    block = annex(text).split("Vaststelling")[-1]
    assert "Niet vastgesteld." in block and "Handtekening" in block
    # the evidence by name (the address may break after its "//")
    assert "1 bewijsstuk: Informatiebeveiligingsbeleid 2026 https://" in text and "dms.example/beleid" in text


def test_an_adopted_version_has_its_approval_block(db, world, deviating):
    adoption = adopt(db, world)
    text = pdf_text(db, world, adoption=adoption.number)
    block = annex(text).split("Vaststelling")[-1]
    assert "college van B&W" in block and "10 maart 2026" in block
    assert "C. Iso" in block and "M. Bestuur" in block and "Niet vastgesteld" not in block


def test_the_workbook_has_the_annex_the_approval_and_evidence_names(db, world, deviating):
    data = build_report(session=db, organisation_id=world.own.id, kind="soa", format="xlsx", params=params())
    workbook = load_workbook(io.BytesIO(data))
    rows = list(workbook["Uitzonderingen"].iter_rows(values_only=True))
    header, body = rows[0], {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert header[0] == "Code" and set(body) == {"5.1", "5.01.02", "5.10.01"}
    assert body["5.10.01"]["Risicoverwijzing"] == f"{deviating.reference} {deviating.title}"
    assert body["5.01.02"]["Soort uitzondering"] == "niet van toepassing"
    assert "Wordt uitgefaseerd in 2027." in body["5.1"]["Onderbouwing"]
    sheet = list(workbook["Verklaring"].iter_rows(values_only=True))
    names = {row[0]: dict(zip(sheet[0], row, strict=False)) for row in sheet[1:]}
    assert (
        names["5.01.01"]["Bewijsstukken (namen)"]
        == "Informatiebeveiligingsbeleid 2026 https://dms.example/beleid"
    )
    facts = dict(workbook["Vaststelling"].iter_rows(values_only=True))
    assert facts["Status"].startswith("niet vastgesteld")
    adoption = adopt(db, world)
    data = build_report(
        session=db,
        organisation_id=world.own.id,
        kind="soa",
        format="xlsx",
        params=params(adoption=adoption.number),
    )
    facts = dict(load_workbook(io.BytesIO(data))["Vaststelling"].iter_rows(values_only=True))
    assert (
        facts["Vastgesteld door (orgaan)"] == "college van B&W" and facts["Goedgekeurd door"] == "M. Bestuur"
    )

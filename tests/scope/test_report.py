"""The scope in the Statement of Applicability: the statement in force, its items, classification and gaps."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from pypdf import PdfReader

from reports.builders import build_report
from scope.statement import record_statement
from tests.reports.test_soa_report import params
from tests.scope.factories import ACTOR, classify_high, make_item


def test_the_soa_lists_the_scope_and_its_gaps(db, world, mini_catalogue):
    gap = make_item(db, world.own.id, name="Kantoorsuite")
    classify_high(db, gap)
    make_item(db, world.own.id, name="Archief", in_scope=False)
    record_statement(session=db, organisation_id=world.own.id, text="Het hele gemeentehuis.", actor=ACTOR)
    db.commit()
    data = build_report(session=db, organisation_id=world.own.id, kind="soa", format="xlsx", params=params())
    rows = list(load_workbook(io.BytesIO(data))["Reikwijdte"].iter_rows(values_only=True))
    assert rows[1][:3] == ("S-001", "informatiesysteem", "Kantoorsuite") and rows[1][5] == "ja"
    assert len(rows) == 2  # the out-of-scope system is not listed
    pdf = build_report(session=db, organisation_id=world.own.id, kind="soa", format="pdf", params=params())
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Het hele gemeentehuis." in text and "Hoog geclassificeerd zonder risicoanalyse" in text
    assert "S-001 Kantoorsuite" in text

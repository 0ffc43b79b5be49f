"""An entry never starts at the foot of a page with its text on the next (report.css keeps an entry's heading
and its lines with the first lines of its text): in a long SoA with every requirement answered, each entry's
heading is on the page where its explanation begins."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from controls.models import Requirement
from reports.builders import build_report
from tests.reports.pdftext import body_text, page_texts
from tests.reports.test_soa_report import give_answer, params

FILLER = "Deze maatregel is ingericht en wordt jaarlijks getoetst door de CISO en de proceseigenaar."


@pytest.fixture
def everything_answered(db, world, catalogue):
    """Every active requirement answered, with explanations of varying length so headings fall all over the
    pages; each explanation begins with a marker naming its requirement."""
    codes = db.exec(select(Requirement.code).where(Requirement.status == "active")).all()
    for number, code in enumerate(codes):
        give_answer(db, world.own.id, code, f"TEKST-{code} " + " ".join([FILLER] * (number * 7 % 11)))
    return world, codes


@pytest.mark.layout  # the page breaks of a document: the same on both databases
def test_every_entry_heading_is_on_the_page_where_its_text_begins(db, everything_answered):
    world, codes = everything_answered
    pdf = build_report(session=db, organisation_id=world.own.id, kind="soa", format="pdf", params=params())
    pages = [body_text(pdf, page=n).splitlines() for n in range(1, len(page_texts(pdf)) + 1)]
    first = next(n for n, lines in enumerate(pages) if any("TEKST-" in line for line in lines))
    heading_page: dict[str, int] = {}
    text_page: dict[str, int] = {}
    for number, lines in enumerate(pages[first:], start=first):
        for line in lines:
            marker = re.search(r"TEKST-(\S+)", line)
            if marker:
                text_page.setdefault(marker.group(1), number)
            head = re.match(r"((?:27001-)?\d+\.\d+(?:\.\d+|\.[a-j])*)(?:\s|$)", line)
            if head and not line.startswith("TEKST-"):
                heading_page.setdefault(head.group(1), number)
    assert set(text_page) == set(codes)
    apart = {
        code: (heading_page.get(code), text_page[code])
        for code in codes
        if heading_page.get(code) != text_page[code]
    }
    assert apart == {}, (
        f"{len(apart)} entries start on one page with their text on the next: {list(apart.items())[:5]}"
    )

"""A long report laid out in parts by several processes (reports/pdf_parts.py) is the same document as one laid
out in one pass: the same pages with the same text, the page numbers as report.css sets them, contents that
link to their chapters, the same outline and metadata. A pool that breaks falls back to one pass."""

from __future__ import annotations

import io
import os
import re
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pypdf import PdfReader
from weasyprint import CSS

from reports import pdf, pdf_parts
from reports.builders import build_report
from tests.reports.pdftext import body_text, margin_text, normalised, page_texts
from tests.reports.test_soa_report import LONG, give_answer, params


@pytest.fixture
def answered(db, world, catalogue):
    give_answer(db, world.own.id, "5.1", LONG)
    give_answer(
        db,
        world.own.id,
        "8.24",
        "Niet van toepassing: geen eigen ontwikkeling.",
        applicability="not_applicable",
    )
    give_answer(db, world.own.id, "6.3", "Jaarlijkse training, <b>verplicht</b> & gevolgd.")
    return world


@pytest.fixture
def processes():
    """processes(n) sets the number of PDF processes for the test; the app's setting is restored after."""
    before = pdf_parts.processes()
    yield pdf_parts.configure
    pdf_parts.configure(before)


def soa(db, world) -> bytes:
    return build_report(session=db, organisation_id=world.own.id, kind="soa", format="pdf", params=params())


@pytest.fixture
def both(db, answered, processes) -> tuple[bytes, bytes]:
    processes(1)
    one_pass = soa(db, answered)
    processes(2)
    in_parts = soa(db, answered)
    return one_pass, in_parts


def test_parts_give_the_same_pages_with_the_same_text(both):
    one_pass, in_parts = both
    single, parts = page_texts(one_pass), page_texts(in_parts)
    assert len(single) == len(parts) > 8
    for number, (a, b) in enumerate(zip(single, parts, strict=True), start=1):
        assert normalised(a) == normalised(b), number
    assert normalised(LONG) in normalised(body_text(in_parts))


def _word_boxes(pdf: bytes, page: int, word: str) -> list[tuple[float, float, float, float]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(pdf)
        html = subprocess.run(
            ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
            capture_output=True,
            check=True,
            text=True,
            timeout=60,
        ).stdout
    pattern = r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">' + re.escape(word) + "<"
    return [tuple(float(v) for v in match) for match in re.findall(pattern, html)]


def _same_places(written: list[tuple[float, ...]], expected: list[tuple[float, ...]]) -> bool:
    """The same words' boxes, to a thousandth of a point (beyond that: floating-point noise of the overlay)."""
    return len(written) == len(expected) and all(
        abs(x - y) < 0.001 for a, b in zip(written, expected, strict=True) for x, y in zip(a, b, strict=True)
    )


def test_the_page_numbers_sit_where_one_pass_puts_them(both):
    one_pass, in_parts = both
    total = len(PdfReader(io.BytesIO(in_parts)).pages)
    for page in (2, 3, total):
        expected = _word_boxes(one_pass, page, "pagina") + _word_boxes(one_pass, page, str(total))
        assert len(expected) >= 2, page
        written = _word_boxes(in_parts, page, "pagina") + _word_boxes(in_parts, page, str(total))
        assert _same_places(written, expected), page


def test_the_page_numbers_follow_report_css(db, answered, processes, monkeypatch):
    """The page numbers are laid out from report.css's @page rules, not placed by the program: a stylesheet
    that words and places them otherwise changes them in parts as it does in one pass."""
    css = (pdf.TEMPLATES / "report.css").read_text(encoding="utf-8")
    css += '@page { @bottom-right { content: "blad " counter(page) "/" counter(pages); vertical-align: middle; } }'
    stylesheet = CSS(string=css, base_url=str(pdf.TEMPLATES) + "/")
    monkeypatch.setattr(pdf, "report_stylesheet", lambda: stylesheet)
    processes(1)
    one_pass = soa(db, answered)
    processes(2)
    with ThreadPoolExecutor(2) as threads:  # workers of this process, so that they see the stylesheet above
        monkeypatch.setattr(pdf_parts._workers, "executor", lambda: threads)
        in_parts = soa(db, answered)
    total = len(page_texts(in_parts))
    assert total == len(page_texts(one_pass))
    for page in (2, total):
        footer = normalised(margin_text(in_parts, page, "bottom"))
        assert footer.endswith(f"blad {page}/{total}") and "pagina" not in footer, page
        boxes = _word_boxes(in_parts, page, f"{page}/{total}")
        assert len(boxes) == 1 and _same_places(boxes, _word_boxes(one_pass, page, f"{page}/{total}")), page


def _link_targets(reader: PdfReader, page_index: int) -> list[int]:
    targets = []
    for reference in reader.pages[page_index].get("/Annots") or ():
        annotation = reference.get_object()
        assert "/A" not in annotation or "/URI" not in annotation["/A"], annotation  # no link left unresolved
        if "/Dest" in annotation:
            destination = annotation["/Dest"]
            if isinstance(destination, str):  # a named destination (one pass)
                targets.append(reader.get_destination_page_number(reader.named_destinations[destination]) + 1)
            else:  # a page of the file (joined parts)
                targets.append(reader.get_page_number(destination[0].get_object()) + 1)
    return targets


def test_the_contents_link_to_the_first_page_of_each_chapter(both):
    one_pass, in_parts = both
    contents = normalised(body_text(in_parts, page=2))
    listed = {int(n) for n in re.findall(r"(\d+)(?= |$)", contents.split("Inhoud", 1)[1])}
    reader = PdfReader(io.BytesIO(in_parts))
    targets = set(_link_targets(reader, 1))
    assert targets == listed and len(targets) >= 5
    for page in targets:  # each target page starts a chapter
        assert body_text(in_parts, page=page).strip()
    assert set(_link_targets(PdfReader(io.BytesIO(one_pass)), 1)) == targets


def test_the_outline_and_metadata_are_those_of_one_pass(both):
    one_pass, in_parts = both
    a, b = PdfReader(io.BytesIO(one_pass)), PdfReader(io.BytesIO(in_parts))

    def outline(reader):
        return [
            (item.title, reader.get_destination_page_number(item))
            for item in reader.outline
            if not isinstance(item, list)
        ]

    assert outline(a) == outline(b) and len(outline(b)) >= 7
    assert b.metadata.title == a.metadata.title == "Verklaring van Toepasselijkheid – Gemeente Voorbeeld"
    assert b.metadata.author == "Gemeente Voorbeeld"
    assert set(a.named_destinations) == set(b.named_destinations)


def test_a_broken_pool_falls_back_to_one_pass_and_is_replaced(db, answered, processes, caplog):
    processes(2)
    first = soa(db, answered)
    pool = pdf_parts._workers.executor()
    with pytest.raises(Exception):  # noqa: B017, PT011 - a worker that dies breaks the pool
        pool.submit(os._exit, 1).result(timeout=60)
    second = soa(db, answered)
    assert "rendered in one process" in caplog.text
    assert normalised(" ".join(page_texts(second))) == normalised(" ".join(page_texts(first)))
    assert pdf_parts._workers.executor() is not pool  # the pool had worked: the next report gets a fresh one
    third = soa(db, answered)
    assert len(PdfReader(io.BytesIO(third)).pages) == len(PdfReader(io.BytesIO(first)).pages)


def test_one_process_renders_in_one_pass_without_a_pool(db, answered, processes, monkeypatch):
    processes(1)

    def no_pool():
        raise AssertionError("no pool with one process")

    monkeypatch.setattr(pdf_parts._workers, "executor", no_pool)
    reader = PdfReader(io.BytesIO(soa(db, answered)))
    assert "pagina 2 van" in reader.pages[1].extract_text()


def test_the_setting_is_read_from_the_environment(monkeypatch, tmp_path):
    from app import create_app

    before = pdf_parts.processes()
    monkeypatch.setenv("NALEVING_PDF_PROCESSES", "1")
    monkeypatch.setenv("NALEVING_GC_FREEZE", "0")
    monkeypatch.setenv("NALEVING_INSTANCE_PATH", str(tmp_path))
    try:
        app = create_app()
        assert app.config["PDF_PROCESSES"] == 1 and pdf_parts.processes() == 1
    finally:
        pdf_parts.configure(before)


def test_workers_that_cannot_start_are_given_up_for_the_process(db, answered, processes, monkeypatch, caplog):
    """Forkserver workers import the program's main module by its path; where there is none to import (a
    program read from standard input), they cannot start: one pass from then on, no pool per report."""
    import sys

    processes(1)
    processes(2)  # a fresh pool, started below with the main module out of reach
    main = sys.modules["__main__"]
    monkeypatch.setattr(main, "__spec__", None, raising=False)
    monkeypatch.setattr(main, "__file__", "/nonexistent/naleving-main.py", raising=False)
    first = soa(db, answered)
    assert "could not start" in caplog.text and not pdf_parts.enabled()

    def no_pool():
        raise AssertionError("no new pool once given up")

    monkeypatch.setattr(pdf_parts._workers, "executor", no_pool)
    second = soa(db, answered)
    assert normalised(" ".join(page_texts(second))) == normalised(" ".join(page_texts(first)))
    processes(1)  # the setting changed: the next process count tries again
    processes(2)
    assert pdf_parts.enabled()

"""PDFs laid out in a child process (reports/pdf_child.py, the web workers): the child is another process that
is gone afterwards, the PDF is the same tagged PDF/A-3a with its attachment, and a child that fails leaves the
work to this process."""

from __future__ import annotations

import io
import os

import pikepdf
import pytest

from reports import pdf, pdf_child


@pytest.fixture
def isolated():
    pdf_child.isolate(True)
    yield
    pdf_child.isolate(False)


def test_the_work_is_done_in_another_process_that_has_ended(isolated):
    here = os.getpid()
    answer = pdf_child.run(lambda: str(os.getpid()).encode())
    child = int(answer)
    assert child != here
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)  # already reaped: nothing of it stays behind


def test_without_isolation_the_work_is_done_here():
    assert int(pdf_child.run(lambda: str(os.getpid()).encode())) == os.getpid()


def test_a_child_that_fails_leaves_the_work_to_this_process(isolated, caplog):
    here = os.getpid()

    def only_here() -> bytes:
        if os.getpid() != here:
            raise RuntimeError("not in the child")
        return b"made here"

    assert pdf_child.run(only_here) == b"made here"
    assert "laid out in this process instead" in caplog.text


def test_a_pdf_made_in_a_child_is_tagged_pdf_a_with_its_data(isolated):
    html = (
        '<!doctype html><html lang="nl"><head><title>Kind</title></head><body><h1>Kop</h1><p>Tekst</p>'
        "</body></html>"
    )
    content = pdf.html_to_pdf(html, data=pdf.DataFile("data.json", b'{"a": 1}', "de gegevens"))
    with pikepdf.open(io.BytesIO(content)) as document:
        assert "/StructTreeRoot" in document.Root
        assert document.open_metadata().get("pdfaid:part") == "3"
        assert document.open_metadata().get("pdfuaid:part") == "1"
        assert document.attachments["data.json"].get_file().read_bytes() == b'{"a": 1}'

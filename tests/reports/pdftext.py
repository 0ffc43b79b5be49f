"""Reading PDFs back with poppler's pdftotext: whole pages, or the body alone (the running header and footer
cropped off, so a text that flows over a page break reads as one)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

# A4 in points and the report's margins (reports/templates/report.css): 24 mm top, 22 mm bottom.
PAGE_WIDTH, PAGE_HEIGHT = 595, 842
BODY_TOP, BODY_BOTTOM = 66, 780


def _pdftotext(pdf: bytes, *args: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(pdf)
        result = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", *args, str(path), "-"],
            capture_output=True,
            check=True,
            timeout=120,
        )
    return result.stdout.decode("utf-8")


def page_texts(pdf: bytes, *, layout: bool = False) -> list[str]:
    """The text of every page, header and footer included; `layout` keeps table rows on one line."""
    return _pdftotext(pdf, *(["-layout"] if layout else [])).split("\f")[:-1]


def margin_text(pdf: bytes, page: int, margin: str) -> str:
    """The text in the top or bottom margin of a page: the running header or footer."""
    top, height = (0, BODY_TOP) if margin == "top" else (BODY_BOTTOM, PAGE_HEIGHT - BODY_BOTTOM)
    crop = ["-x", "0", "-y", str(top), "-W", str(PAGE_WIDTH), "-H", str(height)]
    return _pdftotext(pdf, *crop, "-f", str(page), "-l", str(page))


def body_text(pdf: bytes, page: int | None = None) -> str:
    """The text inside the page margins, of one page (1-based) or of all pages in order."""
    crop = ["-x", "0", "-y", str(BODY_TOP), "-W", str(PAGE_WIDTH), "-H", str(BODY_BOTTOM - BODY_TOP)]
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return _pdftotext(pdf, *crop, *pages)


def normalised(text: str) -> str:
    """Runs of whitespace (line and page breaks included) as one space."""
    return " ".join(text.split())


def chapter_text(pdf: bytes, heading: str) -> str:
    """The body text from the page whose body begins with `heading` (a chapter starts a page) to the end."""
    pages = len(page_texts(pdf))
    for number in range(1, pages + 1):
        if normalised(body_text(pdf, page=number)).startswith(heading):
            return normalised(" ".join(body_text(pdf, page=n) for n in range(number, pages + 1)))
    raise AssertionError(f"no chapter {heading!r}")

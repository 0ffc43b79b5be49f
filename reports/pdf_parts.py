"""A long report laid out in parts on two cores and joined into one tagged PDF/A-3a (issues 19 and 21).

WeasyPrint lays out on one core, and the full SoA is mostly layout. Each of its chapters starts on a new page, so a
run of chapters laid out as a document of its own gives the very same pages as one pass. So the report is laid
out as:

- two parts, runs of chapters of about equal weight, each in a child process of its own at the same time
  (reports/pdf_child.py), with the running header and footer but without page numbers;
- then the front: the cover and the contents with the page numbers the parts turned out to have, followed by one
  page for each of the parts' pages that carries nothing but its "pagina X van Y" (WeasyPrint lays it out from
  report.css, as it does in one pass); the front carries the report's data as its attachment.

The join (pikepdf) keeps the front's catalogue (XMP metadata, output intent, language, the attached data) and its
cover and contents, appends the parts' pages, lays each number page over its part's page as a pagination artifact,
and makes one structure tree: WeasyPrint's is a Document element whose children are each page's elements in page
order, so the parts' elements follow the front's, and the parent tree is numbered again as WeasyPrint numbers it
(the pages, then the link annotations). The contents' links, the outline and the named destinations point into
the parts. tests/reports/test_pdf_parts.py holds the joined file against the same report laid out in one pass:
the same text on every page, the same structure elements in the same order, the same outline.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from reports import pdf_child
from reports.pdf import (
    DataFile,
    created_of,
    render_document,
    render_html,
    render_pdf,
    write_document,
)

FRONT_PASSES = 3  # the contents' own length can move the page numbers it shows: lay the front out again
GUESSED_FRONT_PAGES = 2  # a cover and a page of contents
# About 0.6 s of layout on the machine this was measured on (the full SoA of org-001 weighs about 520,000 and
# takes 2 s in one pass); below it a report is laid out in one pass.
MIN_WEIGHT = 150_000


def side_by_side() -> bool:
    """Parts are laid out side by side where there are two cores and processes can be forked."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) >= 2


def render_long_pdf(
    template: str, context: dict[str, Any], *, chapters: Sequence[str], data: DataFile | None = None
) -> bytes:
    """A report of `chapters` (the anchors of chapters that each start on a new page, shown by the template when
    `show(anchor)`): laid out in parts side by side where the machine has the cores, else in one pass
    (reports.pdf.render_pdf)."""
    if len(chapters) > 1 and side_by_side():
        return render_in_parts(template, context, anchors=chapters, data=data, created=created_of(context))
    return render_pdf(template, context, data=data)


def render_in_parts(
    template: str,
    context: dict[str, Any],
    *,
    anchors: Sequence[str],
    data: DataFile | None = None,
    created: datetime | None = None,
) -> bytes:
    """`template` (which shows the chapter of each of `anchors` when its `show(anchor)` is true) as one PDF,
    its chapters laid out in parts side by side. In a web worker (isolated PDFs) all of it happens in a child
    forked for the report, which forks the parts' children and joins: the worker loads neither the layout's
    memory nor pikepdf."""

    def make() -> bytes:
        return _in_parts(template, context, anchors=anchors, data=data, created=created)

    if pdf_child.isolated():
        return pdf_child.run(make)
    content = make()
    pdf_child.return_memory()
    return content


def _in_parts(
    template: str,
    context: dict[str, Any],
    *,
    anchors: Sequence[str],
    data: DataFile | None,
    created: datetime | None,
) -> bytes:
    groups = split(template, context, anchors)
    if groups is None:  # too short to gain from parts: one pass
        return write_document(render_document(render_html(template, context)), data=data, created=created)
    htmls = [
        render_html(template, context | {"layout_mode": "part", "show": set(group).__contains__})
        for group in groups
    ]
    fronts: list[tuple[int, bytes]] = []
    parts = pdf_child.run_side_by_side(
        [_part_function(html) for html in htmls],
        # pikepdf loaded here while the parts are laid out, not by every process that makes PDFs
        meanwhile=lambda: importlib.import_module("reports.pdf_join"),
        # the front laid out as soon as the parts know their pages, while they are drawn and written
        noted=lambda notes: fronts.append(_front(template, context, notes, data=data, created=created)),
    )
    from reports import pdf_join

    front_pages, front = fronts[0]
    return pdf_join.join(front, front_pages, parts)


def _part_function(html: str) -> Callable[[pdf_child.Note], bytes]:
    """A part's layout, which says its page count and where its anchors are before it draws and writes."""

    def lay_out(note: pdf_child.Note) -> bytes:
        document = render_document(html)
        anchors: dict[str, int] = {}
        for number, page in enumerate(document.pages):
            for anchor in page.anchors:  # a chapter's on each of its pages: its first
                anchors.setdefault(anchor, number)
        note({"pages": len(document.pages), "anchors": anchors})
        return write_document(document)

    return lay_out


def weight(html: str) -> int:
    """About what a part's layout costs: its text, and its boxes (a table cell or paragraph costs more than
    its characters)."""
    boxes = sum(html.count(tag) for tag in ("<td", "<th", "<p", "<div", "<li", "<br"))
    return len(html) + 300 * boxes


def split(template: str, context: dict[str, Any], anchors: Sequence[str]) -> list[list[str]] | None:
    """The chapters in two runs of about equal weight (two cores), in their order; None for a report too short
    to gain from parts (under MIN_WEIGHT the front's number pages, the forks and the join cost more than they
    save)."""
    weights = [
        weight(render_html(template, context | {"layout_mode": "part", "show": anchor.__eq__}))
        for anchor in anchors
    ]
    if sum(weights) < MIN_WEIGHT:
        return None
    best, cut = None, 1
    for index in range(1, len(anchors)):
        heaviest = max(sum(weights[:index]), sum(weights[index:]))
        if best is None or heaviest < best:
            best, cut = heaviest, index
    return [list(anchors[:cut]), list(anchors[cut:])]


def _front(
    template: str,
    context: dict[str, Any],
    notes: Sequence[dict[str, Any]],
    *,
    data: DataFile | None,
    created: datetime | None,
) -> tuple[int, bytes]:
    """The front laid out with the page numbers of the parts' anchors (from the parts' notes), and how many
    pages of it are its own."""
    where: dict[str, int] = {}  # anchor -> its page in the body, from 0
    body_pages = 0
    for note in notes:
        where.update({anchor: body_pages + page for anchor, page in note["anchors"].items()})
        body_pages += note["pages"]
    front_pages = GUESSED_FRONT_PAGES
    for _ in range(FRONT_PASSES):
        numbers = {anchor: front_pages + page + 1 for anchor, page in where.items()}
        html = render_html(
            template,
            context
            | {
                "layout_mode": "front",
                "show": lambda anchor: False,
                "toc_pages": numbers,
                "number_pages": body_pages,
            },
        )
        document = render_document(html)
        own = len(document.pages) - body_pages
        if own == front_pages:
            return front_pages, write_document(document, data=data, created=created)
        front_pages = own
    raise RuntimeError("the front of a report laid out in parts did not settle on its page count")

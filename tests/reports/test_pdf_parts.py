"""A long report laid out in parts side by side and joined (reports/pdf_parts.py) is the report laid out in one
pass: the same text on every page (page numbers and the contents' numbers included), the same structure tree
element for element with every marked content and link annotation reachable through one parent tree, the same
outline and links, one XMP identification and the attached data; the page numbers laid over the parts' pages are
pagination artifacts."""

from __future__ import annotations

import inspect
import io
import os
import re
import subprocess
import sys
from typing import Any

import pikepdf
import pydyf
import pytest
from openpyxl import load_workbook

from reports import pdf, pdf_child, pdf_join, pdf_parts
from reports.builders import build_report
from tests.reports.pdftext import page_texts
from tests.reports.test_pdf_standards import NS
from tests.reports.test_soa_report import params


@pytest.fixture
def soa_of_demo(db, demo, monkeypatch) -> dict[str, Any]:
    """What the SoA builder hands to render_pdf for the demo organisation (21 pages)."""
    seen: dict[str, Any] = {}

    def record(template, context, *, data=None, chapters=()):
        seen.update(template=template, context=context, data=data, chapters=list(chapters))
        return b""

    monkeypatch.setattr("reports.soa.render_long_pdf", record)
    build_report(session=db, organisation_id=demo.id, kind="soa", format="pdf", params=params())
    return seen


def _walk(element: pikepdf.Object, pages: dict, out: list) -> None:
    """The structure tree in document order: each element's type and page, each marked content's MCID, each
    annotation reference's page."""
    out.append((str(element.S), pages[element.Pg.objgen]))
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            _walk(kid, pages, out)
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
            out.append(("OBJR", pages[kid.Pg.objgen]))
        else:
            out.append(("MCID", int(kid)))


def _read(content: bytes) -> dict[str, Any]:
    document = pikepdf.open(io.BytesIO(content))
    pages = {page.obj.objgen: number for number, page in enumerate(document.pages)}
    tree: list = []
    for element in document.Root.StructTreeRoot.K[0].K:
        _walk(element, pages, tree)
    nums = list(document.Root.StructTreeRoot.ParentTree.Nums)
    parents = {int(key): value for key, value in zip(nums[::2], nums[1::2], strict=True)}
    outline = []
    with document.open_outline() as items:
        pending = [(0, item) for item in reversed(items.root)]
        while pending:
            level, item = pending.pop()
            outline.append((level, item.title, pages[item.destination[0].objgen]))
            pending.extend((level + 1, child) for child in reversed(item.children))
    links = []
    for number, page in enumerate(document.pages):
        for annotation in page.obj.get("/Annots", []):
            links.append((number, str(annotation.Dest), str(annotation.Contents)))
    return {
        "pdf": document,
        "pages": pages,
        "tree": tree,
        "parents": parents,
        "outline": outline,
        "links": links,
    }


@pytest.fixture
def one_and_joined(soa_of_demo) -> tuple[bytes, bytes]:
    seen = soa_of_demo
    created = seen["context"]["document"].generated_at
    one = pdf.html_to_pdf(
        pdf.render_html(seen["template"], seen["context"]), data=seen["data"], created=created
    )
    joined = pdf_parts.render_in_parts(
        seen["template"], seen["context"], anchors=seen["chapters"], data=seen["data"], created=created
    )
    return one, joined


def test_the_joined_report_is_the_report_laid_out_in_one_pass(one_and_joined):
    one, joined = one_and_joined
    assert page_texts(joined, layout=True) == page_texts(one, layout=True)
    texts = page_texts(joined)
    assert len(texts) >= 15
    assert all(f"pagina {n} van {len(texts)}" in text for n, text in enumerate(texts[1:], start=2))
    a, b = _read(one), _read(joined)
    assert len(b["tree"]) > 1000
    assert b["tree"] == a["tree"]
    assert b["outline"] == a["outline"] and len(b["outline"]) >= 10
    assert b["links"] == a["links"] and len(b["links"]) >= 10
    # the part pages carry the number laid over them: the join was made (not a pass of the whole)
    assert sum(pdf_join.NUMBER_NAME in page.Resources.get("/XObject", {}) for page in b["pdf"].pages) == (
        len(texts) - 2
    )


def test_every_marked_content_and_link_of_the_joined_report_reaches_the_structure_tree(one_and_joined):
    joined = _read(one_and_joined[1])
    document, parents = joined["pdf"], joined["parents"]
    keys = set()
    for number, page in enumerate(document.pages):
        key = int(page.obj.StructParents)
        assert key == number
        keys.add(key)
        mcids = [
            int(operation.operands[1].MCID)
            for operation in pikepdf.parse_content_stream(page)
            if str(operation.operator) == "BDC"
            and isinstance(operation.operands[1], pikepdf.Dictionary)
            and "/MCID" in operation.operands[1]
        ]
        for mcid in mcids:
            assert parents[key][mcid].Pg.objgen == page.obj.objgen
        for annotation in page.obj.get("/Annots", []):
            # the link's element, or a box's inside it (as WeasyPrint tags a link in one pass)
            element = parents[int(annotation.StructParent)]
            assert any(
                isinstance(kid, pikepdf.Dictionary) and kid.get("/Obj") == annotation for kid in element.K
            )
            keys.add(int(annotation.StructParent))
    assert keys == set(parents)
    assert int(document.Root.StructTreeRoot.ParentTreeNextKey) == len(parents)


def test_the_page_numbers_laid_over_the_parts_are_pagination_artifacts(one_and_joined):
    document = _read(one_and_joined[1])["pdf"]
    for page in list(document.pages)[2:]:
        operations = list(pikepdf.parse_content_stream(page))
        draws = [
            n for n, operation in enumerate(operations) if operation.operands[:1] == [pdf_join.NUMBER_NAME]
        ]
        assert len(draws) == 1
        opening = max(
            n for n, operation in enumerate(operations[: draws[0]]) if str(operation.operator) == "BDC"
        )
        assert operations[opening].operands[0] == pikepdf.Name.Artifact
        assert operations[opening].operands[1].Type == pikepdf.Name.Pagination
        overlay = page.Resources.XObject[pdf_join.NUMBER_NAME]
        assert not {"BDC", "BMC", "EMC"} & {str(op.operator) for op in pikepdf.parse_content_stream(overlay)}


def test_the_joined_report_has_one_identification_and_its_data(one_and_joined, tmp_path):
    path = tmp_path / "joined.pdf"
    path.write_bytes(one_and_joined[1])
    document = pikepdf.open(path)
    metadata = document.open_metadata()
    assert (metadata.get(f"{{{NS['pdfaid']}}}part"), metadata.get(f"{{{NS['pdfuaid']}}}part")) == ("3", "1")
    assert str(document.Root.Lang) == "nl" and "/OutputIntents" in document.Root
    (name,) = document.attachments
    workbook = load_workbook(io.BytesIO(document.attachments[name].get_file().read_bytes()))
    assert workbook.sheetnames
    destinations = pikepdf.NameTree(document.Root.Names.Dests)
    assert {"samenvatting", "uitzonderingen", "vaststelling"} <= set(destinations.keys())


def test_the_joined_report_is_associated_with_its_data_and_signed_on_top(one_and_joined, signed, tmp_path):
    from reports import signing

    document = pikepdf.open(io.BytesIO(one_and_joined[1]))
    (attached,) = document.attachments.values()
    assert attached.obj.objgen in {entry.objgen for entry in document.Root.AF}
    path = tmp_path / "signed.pdf"
    path.write_bytes(signing.sign_pdf(one_and_joined[1], reason="test"))
    status = signing.signature_status(path.read_bytes())
    assert status.signed and status.intact and status.by_this_installation
    pdfsig = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout
    assert "Signature is Valid" in pdfsig


def test_the_chapters_are_split_in_two_runs_of_about_equal_weight(soa_of_demo, monkeypatch):
    seen = soa_of_demo
    groups = pdf_parts.split(seen["template"], seen["context"], seen["chapters"])
    assert groups is not None and len(groups) == 2 and groups[0] + groups[1] == seen["chapters"]
    weights = [
        pdf_parts.weight(
            pdf.render_html(
                seen["template"], seen["context"] | {"layout_mode": "part", "show": set(g).__contains__}
            )
        )
        for g in groups
    ]
    assert max(weights) < 0.75 * sum(weights)


def test_the_children_say_their_notes_first_and_one_that_fails_is_laid_out_here(caplog):
    parent = os.getpid()

    def fine(note) -> bytes:
        note({"pages": 3})
        return b"there"

    def dies_before_its_note(note) -> bytes:
        if os.getpid() != parent:
            os._exit(3)
        note({"pages": 4})
        return b"here"

    def dies_after_its_note(note) -> bytes:
        note({"pages": 5})
        if os.getpid() != parent:
            os._exit(4)
        return b"here too"

    heard = []
    results = pdf_child.run_side_by_side(
        [fine, dies_before_its_note, dies_after_its_note], noted=heard.append
    )
    assert results == [b"there", b"here", b"here too"]
    assert heard == [[{"pages": 3}, {"pages": 4}, {"pages": 5}]]
    assert "ended with 3" in caplog.text and "ended with 4" in caplog.text


def test_the_soa_is_laid_out_in_parts_where_there_are_two_cores(soa_of_demo, monkeypatch):
    seen = soa_of_demo
    called = []
    monkeypatch.setattr(
        pdf_parts, "render_in_parts", lambda *args, **kwargs: called.append(kwargs) or b"%PDF"
    )
    monkeypatch.setattr(pdf_parts, "side_by_side", lambda: True)
    assert pdf_parts.render_long_pdf(seen["template"], seen["context"], chapters=seen["chapters"]) == b"%PDF"
    assert called[0]["anchors"] == seen["chapters"]
    monkeypatch.setattr(pdf_parts, "side_by_side", lambda: False)
    assert pdf_parts.render_long_pdf(seen["template"], seen["context"], chapters=seen["chapters"]).startswith(
        b"%PDF-"
    )
    assert len(called) == 1


def test_pydyf_deflates_through_the_reports_setting():
    """pydyf calls zlib only through the two functions the stand-in has (a newer pydyf that calls more would
    bypass the level: this fails then)."""
    assert pydyf.zlib is pdf._Deflate
    calls = set(re.findall(r"\bzlib\.(\w+)", inspect.getsource(pydyf)))
    assert calls <= {"compress", "compressobj"}
    assert pdf._Deflate.compressobj(9).compress(b"a" * 1000)


def test_a_child_lays_out_itself_and_only_the_join_loads_pikepdf():
    """In a web worker the report's child forks the parts and joins (the worker loads no pikepdf): a child
    does not isolate again, and importing the parts' module loads no pikepdf."""
    pdf_child.isolate(True)
    try:
        assert pdf_child.run(lambda: str(pdf_child.isolated()).encode()) == b"False"
    finally:
        pdf_child.isolate(False)
    code = "import sys, reports.pdf_parts; print('pikepdf' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_a_short_report_of_chapters_is_laid_out_in_one_pass(soa_of_demo, monkeypatch):
    seen = soa_of_demo
    monkeypatch.setattr(pdf_parts, "MIN_WEIGHT", 10**9)
    assert pdf_parts.split(seen["template"], seen["context"], seen["chapters"]) is None
    content = pdf_parts.render_in_parts(seen["template"], seen["context"], anchors=seen["chapters"])
    document = pikepdf.open(io.BytesIO(content))
    assert not any(pdf_join.NUMBER_NAME in page.Resources.get("/XObject", {}) for page in document.pages)
    assert "pagina 2 van" in page_texts(content)[1]

"""The join of a long report's parts (reports/pdf_parts.py) into one tagged PDF/A-3a, with pikepdf: loaded only
where parts are joined (in a web worker, by the child that makes the report, while the parts are laid out).

The front's catalogue (XMP metadata, output intent, language, the attached data), cover and contents are kept; the
parts' pages are appended, each with the front's number page for it laid over it as a pagination artifact; and one
structure tree is made: WeasyPrint's is a Document element whose children are each page's elements in page order,
so the parts' elements follow the front's, and the parent tree is numbered again as WeasyPrint numbers it (the
pages, then the link annotations). The contents' links, the outline and the named destinations point into the
parts."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem

from reports.pdf import PART_LINK

NUMBER_NAME = Name("/NalevingPageNumber")
MARKED_CONTENT = {"BDC", "BMC", "EMC", "MP", "DP"}


def _destinations(pdf: pikepdf.Pdf) -> dict[str, Any]:
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    return {str(name): destination for name, destination in pikepdf.NameTree(names.Dests).items()}


def _page_index(pdf: pikepdf.Pdf) -> dict[tuple[int, int], int]:
    return {page.obj.objgen: number for number, page in enumerate(pdf.pages)}


def _nums(tree: pikepdf.Object) -> dict[int, pikepdf.Object]:
    """A parent tree (a number tree) as a dict; WeasyPrint writes it flat, a tree with kids is read too."""
    result: dict[int, pikepdf.Object] = {}
    if "/Nums" in tree:
        values = list(tree.Nums)
        for key, value in zip(values[::2], values[1::2], strict=True):
            result[int(key)] = value
    for kid in tree.get("/Kids", []):
        result.update(_nums(kid))
    return result


def _copy(pdf: pikepdf.Pdf, value: Any) -> Any:
    """`value` of a part, in `pdf`: an indirect object copied (once: pikepdf maps each part's objects to their
    copies, so a structure element's page is the page copied before it), a direct array or dictionary rebuilt."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return pdf.copy_foreign(value)
    if isinstance(value, Array):
        return Array([_copy(pdf, item) for item in value])
    if isinstance(value, Dictionary):
        return Dictionary({key: _copy(pdf, item) for key, item in value.items()})
    return value


def _body_elements(part: pikepdf.Pdf) -> list[pikepdf.Object]:
    """A part's top-level structure elements but the first: the running header's and footer's strings that open
    every part (of no height, not drawn; in one pass they are in the cover's). Left out of the tree, they are
    what WeasyPrint makes of margin boxes: elements no reader reaches."""
    elements = list(part.Root.StructTreeRoot.K[0].K)
    if not elements or str(elements[0].S) != "/Div":
        raise ValueError("a part does not start with its running strings")
    return elements[1:]


def _annotations(page: pikepdf.Page) -> Iterator[pikepdf.Object]:
    for annotation in page.obj.get("/Annots", []):
        if "/StructParent" in annotation:
            yield annotation


def _number_overlay(pdf: pikepdf.Pdf, page: pikepdf.Page) -> pikepdf.Object:
    """A number page's content as a form XObject, without its marked content (it is drawn as an artifact)."""
    operations = [
        operation
        for operation in pikepdf.parse_content_stream(page)
        if str(operation.operator) not in MARKED_CONTENT
    ]
    form = pikepdf.Stream(pdf, pikepdf.unparse_content_stream(operations))
    form.Type = Name.XObject
    form.Subtype = Name.Form
    form.BBox = page.obj.MediaBox
    form.Resources = page.obj.Resources
    return pdf.make_indirect(form)


def _lay_over(pdf: pikepdf.Pdf, page: pikepdf.Page, overlay: pikepdf.Object) -> None:
    """Draw `overlay` on `page` after its own content, marked as a pagination artifact (PDF/UA: content that is
    not in the structure tree is an artifact)."""
    resources = Dictionary({key: value for key, value in page.obj.Resources.items()})
    objects = page.obj.Resources.get("/XObject", Dictionary())
    resources.XObject = Dictionary({key: value for key, value in objects.items()})
    resources.XObject[NUMBER_NAME] = overlay
    page.obj.Resources = resources  # the page's own: the parts' pages share one resource dictionary
    page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
    page.contents_add(
        pikepdf.Stream(
            pdf,
            b"\nQ\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC\nq "
            + NUMBER_NAME.unparse()
            + b" Do Q\nEMC\n",
        )
    )


def _moved(item: OutlineItem, index: dict[tuple[int, int], int], offset: int) -> OutlineItem:
    """An outline item of a part (and its children) pointing at the same place in the joined file."""
    destination = item.destination
    if isinstance(destination, Array) and len(destination) >= 4:
        page = offset + index[destination[0].objgen]
        moved = OutlineItem(item.title, page, "XYZ", left=float(destination[2]), top=float(destination[3]))
    else:  # WeasyPrint writes explicit destinations; anything else keeps its first page
        moved = OutlineItem(item.title, offset)
    moved.is_closed = item.is_closed
    moved.children.extend(_moved(child, index, offset) for child in item.children)
    return moved


def join(front_content: bytes, front_pages: int, part_contents: Sequence[bytes]) -> bytes:
    """The front's own pages, then the parts' pages with the front's number pages laid over them, as one file
    with one structure tree."""
    front = pikepdf.open(io.BytesIO(front_content))
    parts = [pikepdf.open(io.BytesIO(content)) for content in part_contents]
    root = front.Root.StructTreeRoot
    document = root.K[0]
    front_tree = _nums(root.ParentTree)
    pages = list(front.pages)
    own, number_pages = pages[:front_pages], pages[front_pages:]
    overlays = [_number_overlay(front, page) for page in number_pages]
    kept = {page.obj.objgen for page in own}
    elements = [element for element in document.K if element.Pg.objgen in kept]
    page_arrays = [front_tree[int(page.obj.StructParents)] for page in own]
    annotations = [
        (annotation, front_tree[int(annotation.StructParent)])
        for page in own
        for annotation in _annotations(page)
    ]
    for _ in number_pages:
        del front.pages[front_pages]

    destinations: dict[str, Any] = dict(_destinations(front))
    overlay_pages = iter(overlays)
    for part in parts:
        tree = _nums(part.Root.StructTreeRoot.ParentTree)
        start = len(front.pages)
        front.pages.extend(part.pages)
        index = _page_index(part)
        for element in _body_elements(part):
            copied = _copy(front, element)
            copied.P = document
            elements.append(copied)
        for source, page in zip(part.pages, front.pages[start:], strict=True):
            page_arrays.append(_copy(front, tree[int(source.obj.StructParents)]))
            annotations += [
                (annotation, _copy(front, tree[int(annotation.StructParent)]))
                for annotation in _annotations(page)
            ]
            _lay_over(front, page, next(overlay_pages))
        for name, destination in _destinations(part).items():
            destinations[name] = _copy(front, destination)
        with front.open_outline() as outline, part.open_outline() as theirs:
            outline.root.extend(_moved(item, index, start) for item in theirs.root)

    nums: list[Any] = []
    for number, (page, array) in enumerate(zip(front.pages, page_arrays, strict=True)):
        page.obj.StructParents = number
        nums += [number, array]
    for key, (annotation, element) in enumerate(annotations, start=len(front.pages)):
        annotation.StructParent = key
        nums += [key, element]
    root.ParentTree = front.make_indirect(Dictionary(Nums=Array(nums)))
    root.ParentTreeNextKey = len(front.pages) + len(annotations)
    document.K = Array(elements)
    _resolve_contents_links(front, own, destinations)
    _set_destinations(front, destinations)

    out = io.BytesIO()
    front.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    return out.getvalue()


def _resolve_contents_links(
    pdf: pikepdf.Pdf, pages: Sequence[pikepdf.Page], destinations: dict[str, Any]
) -> None:
    """The contents' links (PART_LINK + anchor) as links to the anchor's named destination in the joined file."""
    for page in pages:
        for annotation in page.obj.get("/Annots", []):
            action = annotation.get("/A")
            if action is None or action.get("/S") != Name.URI:
                continue
            target = bytes(action.URI).decode("utf-8", "replace")
            if not target.startswith(PART_LINK):
                continue
            anchor = target.removeprefix(PART_LINK)
            if anchor not in destinations:
                raise KeyError(f"the contents link to {anchor!r}, which no part has")
            del annotation.A
            annotation.Dest = pikepdf.String(anchor)  # a named destination, as WeasyPrint links in one pass
            annotation.Contents = pikepdf.String(anchor)


def _set_destinations(pdf: pikepdf.Pdf, destinations: dict[str, Any]) -> None:
    if "/Names" not in pdf.Root:
        pdf.Root.Names = Dictionary()
    tree = pikepdf.NameTree.new(pdf)
    for name in sorted(destinations):
        tree[name] = destinations[name]
    pdf.Root.Names.Dests = tree.obj

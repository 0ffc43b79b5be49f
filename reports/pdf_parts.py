"""A long report in parts, laid out side by side: WeasyPrint uses one core, and a full Statement of
Applicability is mostly layout. Each part is a chapter that starts on a new page anyway, so laying the chapters
out as separate documents gives the very same pages as one pass.

The parts are rendered in a pool of worker processes (longest first); then the front (cover and contents) is
rendered with the page numbers the parts turned out to have, the files are joined, "pagina X van Y" is written
on every page but the cover (in the report's own font, where WeasyPrint would have put it), and the contents'
links are pointed at their pages. The pool is per process, started on first use; with one process (the
setting, or a single core) a report is rendered in one pass, as it is when the pool fails.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess  # nosec B404 - fc-match, with fixed arguments, to find the report's font
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import cache
from multiprocessing import get_context
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
)

from reports.pdf import html_to_pdf

logger = logging.getLogger(__name__)

PAGE_LINK = "naleving:pagina/"  # the front's links to a page of the joined file (resolved when joining)
MAX_FRONT_PASSES = 3
WATCH_SECONDS = 0.5  # how often a worker checks that the process that started it is still there

# Where WeasyPrint writes the @bottom-right box of report.css: 7.5 pt, #555, right-aligned at the 18 mm right
# margin, on the baseline of the footer line (22 mm bottom margin, 3 mm padding). A test holds this to
# WeasyPrint's own placement.
NUMBER_SIZE = 7.5
NUMBER_GREY = 0.333
NUMBER_RIGHT = 595.2756 - 18 * 72 / 25.4
NUMBER_BASELINE = 46.0116
FONT_NAME = "DejaVu Sans"
FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",  # Debian, Ubuntu
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",  # Fedora
    "/usr/share/fonts/TTF/DejaVuSans.ttf",  # Arch
)
FONT_TEXT = "pagina van 0123456789"


@dataclass(frozen=True)
class Part:
    """One chapter of the report as a document of its own; `anchor` names it in the contents."""

    anchor: str
    html: str


# --- the pool


class _Workers:
    """The process's PDF worker pool and its setting. The pool is started on first use; a process forked after
    that (a web server's worker) does not share its parent's pool but starts its own."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.processes = 1
        self.pool: ProcessPoolExecutor | None = None
        self.pid: int | None = None  # the process that started the pool
        self.delivered = False  # the pool has rendered a part
        self.given_up: str | None = None  # why this process lays out in one pass from now on

    def executor(self) -> ProcessPoolExecutor:
        with self.lock:
            if self.pool is None or self.pid != os.getpid():
                context = get_context("forkserver")
                context.set_forkserver_preload(["reports.pdf"])
                self.pool = ProcessPoolExecutor(
                    self.processes, mp_context=context, initializer=_end_with, initargs=(os.getpid(),)
                )
                self.pid, self.delivered = os.getpid(), False
            return self.pool

    def broken(self) -> None:
        """The pool broke. One that never delivered cannot start here (e.g. its workers cannot import the
        program's main module): give up for this process rather than start a doomed pool for every report.
        One that worked before lost a worker: the next report gets a new pool."""
        with self.lock:
            if not self.delivered:
                self.given_up = "the PDF worker processes could not start"
            self.shutdown_locked()

    def shutdown_locked(self) -> None:
        if self.pool is not None and self.pid == os.getpid():
            self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool, self.pid = None, None


_workers = _Workers()


def default_processes() -> int:
    """Two or more cores: up to four workers (a report has only a handful of long chapters)."""
    return max(1, min(4, os.cpu_count() or 1))


def configure(processes: int | None) -> None:
    """Set how many processes lay out a long report (None: the default; 1: one pass, no pool)."""
    wanted = default_processes() if processes is None else max(1, int(processes))
    with _workers.lock:
        if wanted != _workers.processes:
            _workers.shutdown_locked()
            _workers.given_up = None
        _workers.processes = wanted


def processes() -> int:
    return _workers.processes


def enabled() -> bool:
    """Lay out in parts: more than one process, workers that can start, and the font for the page numbers at
    hand (else one pass)."""
    if _workers.processes < 2 or _workers.given_up:
        return False
    try:
        _font()
    except (OSError, ValueError, KeyError) as error:
        logger.warning("reports are laid out in one pass: %s", error)
        return False
    return True


def _end_with(pid: int) -> None:
    """In a worker: end when the process that started the pool is gone. Killed, it cannot close the pool, and
    a worker waiting for work would live on (and with it the fork server)."""

    def watch() -> None:
        while True:
            time.sleep(WATCH_SECONDS)
            try:
                os.kill(pid, 0)
            except (ProcessLookupError, PermissionError):  # gone (its pid may be another user's by now)
                os._exit(0)

    threading.Thread(target=watch, name="naleving-pdf-watch", daemon=True).start()


# --- rendering


def render_in_parts(
    *, front: Callable[[dict[str, int]], str], parts: Sequence[Part], numbered_from: int = 2
) -> bytes:
    """The report whose cover and contents are `front(first page of each part's anchor)` followed by the parts;
    pages from `numbered_from` on get "pagina X van Y"."""
    try:
        executor = _workers.executor()
        order = sorted(range(len(parts)), key=lambda index: len(parts[index].html), reverse=True)
        futures = {index: executor.submit(html_to_pdf, parts[index].html) for index in order}
        readers = [PdfReader(io.BytesIO(futures[index].result())) for index in range(len(parts))]
        _workers.delivered = True
    except BrokenProcessPool:
        _workers.broken()
        logger.warning(
            "the PDF worker processes stopped; the report is rendered in one process%s",
            f" ({_workers.given_up}; so are the next ones)" if _workers.given_up else "",
        )
        readers = [PdfReader(io.BytesIO(html_to_pdf(part.html))) for part in parts]
    counts = [len(reader.pages) for reader in readers]
    front_pages = 2
    for _ in range(MAX_FRONT_PASSES):
        first_pages, page = {}, front_pages + 1
        for part, count in zip(parts, counts, strict=True):
            first_pages[part.anchor] = page
            page += count
        front_reader = PdfReader(io.BytesIO(html_to_pdf(front(first_pages))))
        if len(front_reader.pages) == front_pages:
            break
        front_pages = len(front_reader.pages)  # the contents ran over a page: number again
    else:
        raise RuntimeError("the front of the report does not settle on a page count")
    return join([front_reader, *readers], numbered_from=numbered_from)


def join(readers: Sequence[PdfReader], *, numbered_from: int) -> bytes:
    """One PDF of the readers' pages in order, with their outlines, named destinations and the first one's
    metadata; page numbers written and the front's page links resolved."""
    writer = PdfWriter()
    for reader in readers:
        writer.append(reader)  # with its outline and named destinations
    metadata = readers[0].metadata
    if metadata:
        writer.add_metadata({key: value for key, value in metadata.items() if isinstance(key, str)})
    _resolve_page_links(writer, len(readers[0].pages))
    _write_page_numbers(writer, numbered_from)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _resolve_page_links(writer: PdfWriter, front_pages: int) -> None:
    """Turn the front's `naleving:pagina/N` links into links to page N of the joined file."""
    for page in writer.pages[:front_pages]:
        for reference in page.get("/Annots") or ():
            annotation = reference.get_object()
            action = annotation.get("/A")
            uri = str(action.get_object().get("/URI", "")) if action is not None else ""
            if not uri.startswith(PAGE_LINK):
                continue
            number = int(uri.removeprefix(PAGE_LINK))
            target = writer.pages[number - 1]
            del annotation[NameObject("/A")]
            annotation[NameObject("/Dest")] = ArrayObject(
                [
                    target.indirect_reference,
                    NameObject("/XYZ"),
                    NumberObject(0),
                    FloatObject(target.mediabox.top),
                    NumberObject(0),
                ]
            )


def _write_page_numbers(writer: PdfWriter, numbered_from: int) -> None:
    font = writer._add_object(_font_dictionary(writer))
    total = len(writer.pages)
    for number, page in enumerate(writer.pages, start=1):
        if number < numbered_from:
            continue
        text = f"pagina {number} van {total}"
        x = NUMBER_RIGHT - _text_width(text) * NUMBER_SIZE / 1000
        resources = page.setdefault(NameObject("/Resources"), DictionaryObject()).get_object()
        fonts = resources.setdefault(NameObject("/Font"), DictionaryObject()).get_object()
        fonts[NameObject("/NalevingPagina")] = font
        before, after = DecodedStreamObject(), DecodedStreamObject()
        before.set_data(b"q\n")
        after.set_data(
            f"\nQ q {NUMBER_GREY} g BT /NalevingPagina {NUMBER_SIZE} Tf 1 0 0 1 {x:.3f} {NUMBER_BASELINE:.3f} Tm "
            f"({text}) Tj ET Q\n".encode("ascii")
        )
        contents = page.get("/Contents")
        existing = contents.get_object() if contents is not None else None
        streams = list(existing) if isinstance(existing, ArrayObject) else ([contents] if contents else [])
        page[NameObject("/Contents")] = ArrayObject(
            [writer._add_object(before), *streams, writer._add_object(after)]
        )


# --- the page numbers' font: a subset of the report's own, as a simple TrueType font


@dataclass(frozen=True)
class _Font:
    data: bytes
    widths: dict[str, int]  # advance per character, in 1/1000 em
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int


@cache
def _font() -> _Font:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(_font_path())
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    # FontForge's timestamps: not needed, and fontTools warns that it cannot subset them.
    options.drop_tables += ["FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=FONT_TEXT)
    subsetter.subset(font)
    units = font["head"].unitsPerEm
    cmap = font.getBestCmap()
    metrics = font["hmtx"].metrics

    def scaled(value: float) -> int:
        return round(value * 1000 / units)

    head = font["head"]
    out = io.BytesIO()
    font.save(out)
    return _Font(
        data=out.getvalue(),
        widths={char: scaled(metrics[cmap[ord(char)]][0]) for char in set(FONT_TEXT)},
        bbox=(scaled(head.xMin), scaled(head.yMin), scaled(head.xMax), scaled(head.yMax)),
        ascent=scaled(font["hhea"].ascent),
        descent=scaled(font["hhea"].descent),
        cap_height=scaled(getattr(font["OS/2"], "sCapHeight", font["hhea"].ascent)),
    )


def _font_path() -> str:
    """The file of the report's font, the one WeasyPrint draws the rest of the page with: where the
    distributions' DejaVu packages put it (Debian: fonts-dejavu-core), else where fontconfig says."""
    for candidate in FONT_FILES:
        if Path(candidate).is_file():
            return candidate
    fc_match = shutil.which("fc-match")
    if fc_match:
        result = subprocess.run(  # noqa: S603  # nosec B603 - a fixed font name, no shell
            [fc_match, "--format=%{file}", FONT_NAME], capture_output=True, text=True, timeout=30, check=False
        )
        if result.returncode == 0 and Path(result.stdout.strip()).is_file():
            return result.stdout.strip()
    raise FileNotFoundError(f"font not found: {FONT_NAME}")


def _text_width(text: str) -> int:
    widths = _font().widths
    return sum(widths[char] for char in text)


def _font_dictionary(writer: PdfWriter) -> DictionaryObject:
    font = _font()
    file = DecodedStreamObject()
    file.set_data(font.data)
    file[NameObject("/Length1")] = NumberObject(len(font.data))
    name = NameObject("/NLVPAG+DejaVuSans")
    descriptor = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/FontDescriptor"),
            NameObject("/FontName"): name,
            NameObject("/Flags"): NumberObject(32),
            NameObject("/FontBBox"): ArrayObject(NumberObject(v) for v in font.bbox),
            NameObject("/ItalicAngle"): NumberObject(0),
            NameObject("/Ascent"): NumberObject(font.ascent),
            NameObject("/Descent"): NumberObject(font.descent),
            NameObject("/CapHeight"): NumberObject(font.cap_height),
            NameObject("/StemV"): NumberObject(80),
            NameObject("/FontFile2"): writer._add_object(file.flate_encode()),
        }
    )
    first, last = 32, 122
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/TrueType"),
            NameObject("/BaseFont"): name,
            NameObject("/FirstChar"): NumberObject(first),
            NameObject("/LastChar"): NumberObject(last),
            NameObject("/Widths"): ArrayObject(
                NumberObject(font.widths.get(chr(code), 0)) for code in range(first, last + 1)
            ),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            NameObject("/FontDescriptor"): writer._add_object(descriptor),
        }
    )

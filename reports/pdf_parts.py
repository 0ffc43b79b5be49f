"""A long report in parts, laid out side by side: WeasyPrint uses one core, and a full Statement of
Applicability is mostly layout. Each part is a chapter that starts on a new page anyway, so laying the chapters
out as separate documents gives the very same pages as one pass.

The parts are rendered in a pool of worker processes (longest first); then the front (cover and contents) is
rendered with the page numbers the parts turned out to have, and the files are joined. The page numbers come
from report.css as they do in one pass: WeasyPrint lays out a document of as many empty pages as the report
has (templates/page_numbers.html), whose only content is the "pagina X van Y" of the @page rules, and each of
its pages is laid over the report's page of the same number. The running header and footer are the parts' own.
The contents' links are pointed at their pages. The pool is per process, started on first use; with one
process (the setting, or a single core) a report is rendered in one pass.
"""

from __future__ import annotations

import io
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, FloatObject, NameObject, NumberObject

from reports.pdf import html_to_pdf, render_html

logger = logging.getLogger(__name__)

PAGE_LINK = "naleving:pagina/"  # the front's links to a page of the joined file (resolved when joining)
MAX_FRONT_PASSES = 3
WATCH_SECONDS = 0.5  # how often a worker checks that the process that started it is still there


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
        self.delivered = False  # the pool has rendered something
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

    def submit(self, function: Callable[..., bytes], *args: object) -> Future[bytes]:
        """Run `function(*args)` in a worker; the pool has delivered once such a job has succeeded."""
        future = self.executor().submit(function, *args)
        future.add_done_callback(self._note_delivery)
        return future

    def _note_delivery(self, future: Future[bytes]) -> None:
        if not future.cancelled() and future.exception() is None:
            self.delivered = True

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
    """Lay out in parts: more than one process, and workers that can start (else one pass)."""
    return _workers.processes >= 2 and not _workers.given_up


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


def render_in_parts(*, front: Callable[[dict[str, int]], str], parts: Sequence[Part]) -> bytes:
    """The report whose cover and contents are `front(first page of each part's anchor)` followed by the parts,
    numbered as report.css numbers a report laid out in one pass."""
    try:
        return _render(_workers.submit, front, parts)
    except BrokenProcessPool:
        _workers.broken()
        logger.warning(
            "the PDF worker processes stopped; the report is rendered in one process%s",
            f" ({_workers.given_up}; so are the next ones)" if _workers.given_up else "",
        )
        return _render(_here, front, parts)


def _here(function: Callable[..., bytes], *args: object) -> Future[bytes]:
    """Run in this process, as the pool's `submit` would in a worker."""
    future: Future[bytes] = Future()
    future.set_result(function(*args))
    return future


def _render(
    submit: Callable[..., Future[bytes]], front: Callable[[dict[str, int]], str], parts: Sequence[Part]
) -> bytes:
    order = sorted(range(len(parts)), key=lambda index: len(parts[index].html), reverse=True)
    futures = {index: submit(html_to_pdf, parts[index].html) for index in order}
    readers = [_reader(futures[index].result()) for index in range(len(parts))]
    counts = [len(reader.pages) for reader in readers]
    front_pages = 2
    for _ in range(MAX_FRONT_PASSES):
        first_pages, page = {}, front_pages + 1
        for part, count in zip(parts, counts, strict=True):
            first_pages[part.anchor] = page
            page += count
        # The page numbers are laid out by a worker while the front is laid out here.
        numbers = submit(html_to_pdf, render_html("page_numbers.html", {"pages": page - 1}))
        front_reader = _reader(html_to_pdf(front(first_pages)))
        if len(front_reader.pages) == front_pages:
            break
        front_pages = len(front_reader.pages)  # the contents ran over a page: number again
    else:
        raise RuntimeError("the front of the report does not settle on a page count")
    return join([front_reader, *readers], page_numbers=_reader(numbers.result()))


def _reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def join(readers: Sequence[PdfReader], *, page_numbers: PdfReader) -> bytes:
    """One PDF of the readers' pages in order, with their outlines, named destinations and the first one's
    metadata; each page overlaid with the page of the same number of `page_numbers`, and the front's page links
    resolved."""
    writer = PdfWriter()
    for reader in readers:
        writer.append(reader)  # with its outline and named destinations
    metadata = readers[0].metadata
    if metadata:
        writer.add_metadata({key: value for key, value in metadata.items() if isinstance(key, str)})
    _resolve_page_links(writer, len(readers[0].pages))
    for page, numbers in zip(writer.pages, page_numbers.pages, strict=True):
        page.merge_page(numbers)
        page.compress_content_streams()  # merging leaves the page's content uncompressed
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

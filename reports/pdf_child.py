"""A PDF laid out in a child process that ends with it (issue 21): a web worker keeps no layout memory.

Laying out a long report makes some hundred MB of boxes; a process that made it keeps most of that resident
(Python's and glibc's allocators give little back), so a web worker that had made a report stayed at about
250 MB for good. With `isolate(True)` (gunicorn.conf.py, for the web workers) each PDF is laid out in a child
forked from the worker, which has WeasyPrint, Pango, the fonts and the stylesheet warm (reports.builders.warm_up):
the child starts as warm as the worker, sends the PDF back through a pipe and exits, and its memory goes with
it. Nothing stays resident between reports: no pool, no helper process.

The child only lays out the HTML it was given (no database, no files but the templates'); it runs without the
garbage collector (it exits right after). Forks are serialised with a lock, and with isolation on the worker
itself lays nothing out, so no other thread of the worker is inside Pango when it forks. A child that fails,
dies or hangs (CHILD_SECONDS) is reported in the log and the PDF is laid out in the worker instead, so the error
a user sees is the real one. The CLI and the tests lay out in their own process (isolation off, the default)."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import json
import logging
import os
import signal
import threading
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

logger = logging.getLogger(__name__)
CHILD_SECONDS = 600  # far above the longest report on a loaded machine (the full SoA: 30 s)


class _State:
    def __init__(self) -> None:
        self.isolated = False
        self.lock = threading.Lock()


_state = _State()


def isolate(on: bool) -> None:
    """Lay out each PDF in a child process from now on (True), or in this process (False, the default)."""
    _state.isolated = bool(on) and hasattr(os, "fork")


def isolated() -> bool:
    return _state.isolated


def run(function: Callable[[], bytes]) -> bytes:
    """`function()` (which makes PDF bytes) in a child process when isolated, else here."""
    if not _state.isolated:
        return function()
    return run_side_by_side([lambda _note: function()])[0]


Note = Callable[[dict[str, Any]], None]  # what a child says ahead of its bytes (a part's page count...)


def run_side_by_side(
    functions: Sequence[Callable[[Note], bytes]],
    *,
    meanwhile: Callable[[], object] | None = None,
    noted: Callable[[list[dict[str, Any]]], object] | None = None,
) -> list[bytes]:
    """Each `function(note)` (which makes PDF bytes) in a child process of its own, all at once (the parts of a
    long report, reports/pdf_parts.py: one core each), isolated or not. Here meanwhile: `meanwhile()`, then, once
    every child has said its note (a dict sent ahead of its bytes, as JSON), `noted(notes)` while they finish.
    A child that fails is run again here, so the error is the real one. The children only lay out: they exit
    with their memory."""
    children: list[tuple[int, int]] = []
    with _state.lock:  # every fork in one go, while no other thread of this process is inside Pango
        for function in functions:
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read_end)
                for _, other_read in children:  # the earlier children's pipes are not this child's
                    os.close(other_read)
                _child(_noting(function, write_end), write_end)
            os.close(write_end)
            children.append((pid, read_end))
    if meanwhile is not None:
        meanwhile()
    pipes = [os.fdopen(read_end, "rb") for _, read_end in children]
    notes: list[dict[str, Any]] = []
    done: dict[int, bytes] = {}
    for number, (function, pipe) in enumerate(zip(functions, pipes, strict=True)):
        note = _read_note(pipe)
        if note is None:  # the child ended before it could say it: here then, note and bytes
            pipe.close()
            said: list[dict[str, Any]] = []
            done[number] = _again(function, _exit_code(children[number][0]), said.append)
            note = said[0] if said else {}
        notes.append(note)
    if noted is not None:
        noted(notes)
    results = []
    for number, (function, pipe) in enumerate(zip(functions, pipes, strict=True)):
        if number in done:
            results.append(done[number])
            continue
        with pipe:  # a child that finishes first waits on its full pipe
            content = pipe.read()
        code = _exit_code(children[number][0])
        results.append(content if code == 0 else _again(function, code, lambda note: None))
    return results


def _noting(function: Callable[[Note], bytes], write_end: int) -> Callable[[], bytes]:
    """In the child: `function` whose note goes down the pipe ahead of its bytes (an empty one if it says none)."""

    def run() -> bytes:
        said: list[bool] = []

        def note(message: dict[str, Any]) -> None:
            if not said:
                said.append(True)
                data = json.dumps(message).encode()
                _write_all(write_end, len(data).to_bytes(8, "big") + data)

        content = function(note)
        note({})
        return content

    return run


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _read_note(pipe: Any) -> dict[str, Any] | None:
    size = pipe.read(8)
    if len(size) < 8:
        return None
    data = pipe.read(int.from_bytes(size, "big"))
    note = json.loads(data) if data else None
    return note if isinstance(note, dict) else None


def _exit_code(pid: int) -> int:
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _again(function: Callable[[Note], bytes], code: int, note: Note) -> bytes:
    """What a child that failed was to make, made here (no fork while this process is inside Pango)."""
    logger.warning("naleving: a PDF child process ended with %s: laid out in this process instead", code)
    with _state.lock:
        return function(note)


def _child(function: Callable[[], bytes], write_end: int) -> None:
    code = 1
    try:
        signal.alarm(CHILD_SECONDS)  # a child that hangs ends (SIGALRM's default) rather than stay behind
        gc.disable()
        _state.isolated = (
            False  # what the child lays out it lays out itself (a long report's parts: its children)
        )
        content = function()
        with os.fdopen(write_end, "wb") as out:
            out.write(content)
        code = 0
    finally:
        os._exit(code)


@cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    library = ctypes.CDLL(name) if name else None
    return library if library is not None and hasattr(library, "malloc_trim") else None


def return_memory() -> None:
    """Give freed memory back to the system: a long report's boxes (laid out here) or its workbook and
    signature (with isolation) would otherwise stay resident in a web worker for good (glibc keeps freed memory;
    `malloc_trim` returns it; with the garbage collector's pass some 50 ms)."""
    gc.collect()
    trim_memory()


def trim_memory() -> None:
    """Give the freed memory at the top and inside glibc's heap back to the system (`malloc_trim`), without the
    garbage collector's pass: well under a millisecond when there is little to give, so a web worker does it
    after every request (gunicorn.conf.py post_request): an idle worker keeps only what it uses."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)

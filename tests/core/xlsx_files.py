"""Hand-made .xlsx files for the limit tests: a sheet whose XML repeats one chunk of rows many times, written
without unpacking it (the chunk is compressed once and its deflate blocks repeated), so that a file of a few
hundred KB that unpacks to a gigabyte takes a fraction of a second to make."""

from __future__ import annotations

import struct
import zipfile
import zlib
from xml.sax.saxutils import escape

from tests.conftest import run_python

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b"</Types>"
)
ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="xl/workbook.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    b"</Relationships>"
)
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    b'<Relationship Id="rId2" Target="sharedStrings.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
    b"</Relationships>"
)
STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _workbook(sheet: str) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="' + MAIN + b'" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        b'<sheet name="' + escape(sheet, {'"': "&quot;"}).encode() + b'" sheetId="1" r:id="rId1"/>'
        b"</sheets></workbook>"
    )


def inline_row(values: list[str]) -> bytes:
    """A row of text cells (without row or cell references, as some producers write them)."""
    cells = "".join(f'<c t="inlineStr"><is><t>{escape(value)}</t></is></c>' for value in values)
    return f"<row>{cells}</row>".encode()


def _deflated(data: bytes) -> bytes:
    """`data` as raw deflate blocks ending on a byte boundary, with no reference to what comes before."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


def _member(name: str, parts: list[tuple[bytes, int]]) -> tuple[bytes, bytes, int, int, int]:
    """(name, compressed data, crc, compressed size, size) of a member made of `parts` (chunk, times)."""
    crc = size = 0
    blocks = []
    for chunk, times in parts:
        for _ in range(times):
            crc = zlib.crc32(chunk, crc)
        size += len(chunk) * times
        blocks.append(_deflated(chunk) * times)
    final = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = b"".join(blocks) + final.compress(b"") + final.flush(zlib.Z_FINISH)
    return name.encode(), data, crc, len(data), size


def xlsx(
    sheet: str,
    header: list[str],
    rows: bytes,
    times: int,
    *,
    dimension: str = "",
    strings: tuple[str, ...] = (),
) -> bytes:
    """An .xlsx file with one sheet: the header row, then `rows` (XML of one or more rows) `times` times; with
    `strings`, a table of shared strings (as Excel writes text) that cells refer to by number."""
    head = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="' + MAIN + b'">'
    if dimension:
        head += b'<dimension ref="' + dimension.encode() + b'"/>'
    head += b"<sheetData>" + inline_row(header)
    content_types = (
        CONTENT_TYPES.replace(b"</Types>", STRINGS_TYPE + b"</Types>") if strings else CONTENT_TYPES
    )
    members = [
        _member("[Content_Types].xml", [(content_types, 1)]),
        _member("_rels/.rels", [(ROOT_RELS, 1)]),
        _member("xl/workbook.xml", [(_workbook(sheet), 1)]),
        _member("xl/_rels/workbook.xml.rels", [(WORKBOOK_RELS, 1)]),
        _member("xl/worksheets/sheet1.xml", [(head, 1), (rows, times), (b"</sheetData></worksheet>", 1)]),
    ]
    if strings:
        table = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings).encode()
        members.append(
            _member("xl/sharedStrings.xml", [(b'<sst xmlns="' + MAIN + b'">' + table + b"</sst>", 1)])
        )
    return _zip(members)


def _zip(members: list[tuple[bytes, bytes, int, int, int]]) -> bytes:
    body, directory = b"", b""
    for name, data, crc, compressed, size in members:
        fields = (0, zipfile.ZIP_DEFLATED, 0, 0x21, crc, compressed, size, len(name))  # 0x21: 1 January 1980
        directory += struct.pack(
            "<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 0, 20, 0, *fields, 0, 0, 0, 0, 0, len(body)
        )
        directory += name
        body += struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, *fields, 0) + name + data
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), len(body), 0
    )
    return body + directory + end


MEASURE = """
import sys, time, tracemalloc
from pathlib import Path
def resident():  # the peak resident size of this program (ru_maxrss would count the forking parent's)
    status = Path("/proc/self/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1]) / 1024
data = Path(sys.argv[1]).read_bytes()
{setup}
tracemalloc.start()
start = time.perf_counter()
try:
    {call}
except Exception as error:
    outcome = type(error).__name__ + " " + str(getattr(error, "problems", ""))
else:
    outcome = "accepted"
seconds = time.perf_counter() - start
peak = tracemalloc.get_traced_memory()[1]
print(f"{{seconds:.3f}} {{peak / 2**20:.1f}} {{resident():.1f}}")
print(outcome)
"""


def measure(path, setup: str, call: str, timeout: float = 60) -> tuple[float, float, float, str]:
    """Run `call` on the bytes of `path` (as `data`) in a fresh interpreter: (seconds, peak MB of Python's
    allocations during the call, peak resident MB of the whole process, outcome)."""
    script = MEASURE.format(setup=setup, call=call)
    figures, outcome = run_python(script, str(path), timeout=timeout)[:2]
    seconds, traced, resident = (float(figure) for figure in figures.split())
    return seconds, traced, resident, outcome

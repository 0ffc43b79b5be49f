"""PDF rendering: Jinja templates in reports/templates (autoescaped: user text is always text) through
WeasyPrint, in one pass, as tagged PDF/A-3a that also identifies itself as PDF/UA-1 (reports/pdf_metadata.py),
optionally with the report's data attached as a PDF/A-3 associated file (`DataFile`).

WeasyPrint may only read the templates folder and data: URIs; anything else a template could point to (a URL
in user text, a local file) is refused, so a report can never fetch from the network or leak a file."""

from __future__ import annotations

import io
import json
import threading
import zlib
from dataclasses import asdict, dataclass, is_dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pydyf
from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_decimal, format_percent
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from core import clock
from reports import pdf_child
from reports.language import babel_locale, current_language, gettext, language_note
from reports.pdf_metadata import report_metadata

TEMPLATES = Path(__file__).resolve().parent / "templates"
# PDF/A-3 level A: tagged (the structure tree a screen reader follows), Unicode text, embedded fonts, an sRGB
# output intent, and files may be attached. WeasyPrint writes one variant per pass; PDF/A-3a requires the same
# tags PDF/UA-1 does, so the PDF/UA-1 identification is added to its XMP (reports/pdf_metadata.py).
PDF_VARIANT = "pdf/a-3a"


# pydyf (WeasyPrint's PDF writer) deflates every stream at zlib's level 9. For a report's content streams and font
# subsets level 6 costs about a third of that time (the full SoA: 0.85-0.97 s of writing became 0.60 s of CPU)
# for files about 4 % larger; level 1 saves little more and makes them 40 % larger. pydyf offers no setting, so it
# is handed this stand-in for its `zlib` (it calls only these two; tests/reports/test_pdf_parts.py checks that).
FLATE_LEVEL = 6


class _Deflate:
    @staticmethod
    def compress(data: bytes, level: int = FLATE_LEVEL) -> bytes:
        return zlib.compress(data, FLATE_LEVEL)

    @staticmethod
    def compressobj(level: int = FLATE_LEVEL) -> Any:
        return zlib.compressobj(FLATE_LEVEL)


pydyf.zlib = _Deflate


# WeasyPrint ships no type information, so mypy sees its classes as Any.
class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc]
    """Fetch data: URIs and files of the templates folder; refuse everything else (WeasyPrint then leaves the
    resource out)."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url.startswith("data:") or (url.startswith("file://") and _inside_templates(url)):
            return super().fetch(url, headers)
        raise ValueError(f"report resource refused: {url[:80]}")


def _inside_templates(url: str) -> bool:
    path = unquote(urlsplit(url).path)
    return Path(path).resolve().is_relative_to(TEMPLATES)


def dutch_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = clock.to_local(value).date()
    return format_date(value, "d MMMM y", locale=babel_locale())


def short_date(value: date | datetime | None) -> str:
    """A date as 24-09-2026 (in English 24/09/2026): for the dense lines of long reports."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = clock.to_local(value).date()
    return format_date(value, "short", locale=babel_locale())


def short_datetime(value: datetime | None) -> str:
    """A moment in local time as 16-03-2026 14:05 (in English 16/03/2026 14:05): the short date, then the time."""
    if value is None:
        return ""
    local = clock.to_local(value)
    return f"{short_date(local)} {format_time(local, 'HH:mm', locale=babel_locale())}"


def dutch_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return format_datetime(clock.to_local(value), "d MMMM y HH:mm", locale=babel_locale())


def dutch_number(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=babel_locale())


def dutch_money(value: float | int | None) -> str:
    """Euros without cents, the way a budget paragraph writes them."""
    return "" if value is None else "€ " + dutch_number(round(value))


def dutch_percent(value: float | None, digits: int = 0) -> str:
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return format_percent(value, format=pattern, locale=babel_locale())


@dataclass(frozen=True)
class Document:
    """What the cover, the running header and the footer of every report show."""

    title: str
    kind_label: str
    organisation_name: str
    generated_by: str
    generated_at: datetime
    as_of: date | None = None
    facts: tuple[tuple[str, str], ...] = ()  # further lines of the cover: (label, value)
    has_as_of: bool = True  # False: the report is of a fixed moment (a P&C snapshot), not of a date chosen
    kind: str = ""  # the report's kind (soa, risks, ...): in the PDF's XMP metadata and keywords


@dataclass(frozen=True)
class DataFile:
    """The report's data, attached to its PDF (a PDF/A-3 associated file of the document) so that a reader can
    reuse it: the XLSX of the same report, or JSON. `relationship` is its AFRelationship: Data (the data the
    pages show) or Source (what they were made from)."""

    name: str
    content: bytes
    description: str
    relationship: str = "Data"


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    title: str


@cache
def environment() -> Environment:
    """The reports' own Jinja environment: autoescape on for every template, undefined names are errors."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        date=dutch_date,
        short_date=short_date,
        short_datetime=short_datetime,
        datetime=dutch_datetime,
        number=dutch_number,
        money=dutch_money,
        percent=dutch_percent,
    )
    env.filters["svg"] = trusted_svg
    env.globals.update(
        _=gettext, language=current_language, language_note=language_note
    )  # the report's language (reports.language)
    return env


def trusted_svg(svg: str) -> Markup:
    """Embed an SVG produced by our own code (the heatmap builder escapes what it puts in)."""
    return Markup(svg)  # noqa: S704  # nosec B704 - our own SVG builder's output, never user text


# A template is laid out whole unless reports/pdf_parts.py lays it out as a front and parts: what it sets.
# The front's contents link to a part's anchor so; resolved when the parts are joined.
PART_LINK = "naleving-anker:"
WHOLE: dict[str, Any] = {
    "layout_mode": "whole",  # or "front" (cover, contents, number pages) or "part" (the chapters `show` names)
    "show": lambda anchor: True,
    "toc_pages": {},
    "number_pages": 0,
    "part_link": lambda anchor: PART_LINK + anchor,
}


def render_html(template: str, context: dict[str, Any]) -> str:
    return environment().get_template(template).render(**(WHOLE | context))


@cache
def report_stylesheet() -> CSS:
    """report.css, parsed once per process: parsing it for every document cost more than a short report's
    layout. It is given to WeasyPrint as a user stylesheet, so a template's own <style> overrides it."""
    return CSS(filename=str(TEMPLATES / "report.css"), url_fetcher=_fetcher())


def _fetcher() -> LocalOnlyFetcher:
    return LocalOnlyFetcher(allowed_protocols={"data", "file"})


_fonts = threading.local()


def _font_configuration() -> FontConfiguration:
    """One per thread (Pango's font map is not shared between threads), reused: making one per document cost
    more than laying out a short one."""
    if not hasattr(_fonts, "configuration"):
        _fonts.configuration = FontConfiguration()
    return _fonts.configuration


def html_to_pdf(html: str, *, data: DataFile | None = None, created: datetime | None = None) -> bytes:
    """One pass: tagged PDF/A-3a and PDF/UA-1 with the report's XMP metadata, and `data` attached; in a child
    process that exits with it when the process isolates its PDFs (reports/pdf_child.py, the web workers),
    else here, giving the layout's memory back afterwards."""
    if pdf_child.isolated():
        return pdf_child.run(lambda: _layout(html, data=data, created=created))
    pdf = _layout(html, data=data, created=created)
    pdf_child.return_memory()
    return pdf


def _layout(html: str, *, data: DataFile | None = None, created: datetime | None = None) -> bytes:
    return write_document(render_document(html), data=data, created=created)


def render_document(html: str) -> Any:
    """The laid-out WeasyPrint document of `html` (its pages; nothing drawn yet)."""
    return HTML(string=html, base_url=str(TEMPLATES) + "/", url_fetcher=_fetcher()).render(
        stylesheets=[report_stylesheet()], font_config=_font_configuration(), pdf_variant=PDF_VARIANT
    )


def write_document(document: Any, *, data: DataFile | None = None, created: datetime | None = None) -> bytes:
    """A laid-out document as tagged PDF/A-3a (PDF/UA-1 in its XMP), with `data` attached."""
    document.metadata = report_metadata(document.metadata)
    attachments = []
    if data is not None:
        moment = created or clock.now()
        attachments.append(
            Attachment(
                file_obj=io.BytesIO(data.content),
                name=data.name,
                description=data.description,
                relationship=data.relationship,
                created=moment,
                modified=moment,
            )
        )
    pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT, attachments=attachments)
    return pdf


def render_pdf(template: str, context: dict[str, Any], *, data: DataFile | None = None) -> bytes:
    """Render a report template to PDF bytes (the stable entry point of every report kind). `data`: the report's
    data to attach, for the reports the archive keeps. A long report of chapters: reports.pdf_parts.render_long_pdf."""
    return html_to_pdf(render_html(template, context), data=data, created=created_of(context))


def created_of(context: dict[str, Any]) -> datetime | None:
    document = context.get("document")
    return document.generated_at if isinstance(document, Document) else None


def json_data(name: str, description: str, payload: object) -> DataFile:
    """A report's data as a JSON attachment: dataclasses as objects, dates in ISO 8601, sets as sorted lists."""
    content = json.dumps(payload, default=_json_value, ensure_ascii=False, indent=1, sort_keys=True)
    return DataFile(name, content.encode(), description)


def _json_value(value: object) -> object:
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    if isinstance(value, tuple):
        return list(value)
    return str(value)


def warm_up() -> bytes:
    """Load what the first report would otherwise load (Pango and the fonts, the stylesheet, the compiled
    templates, the PDF/A writer), in this process also when PDFs are laid out in child processes (which start
    from it); returns the small PDF made for it (reports.builders.warm_up)."""
    for template in TEMPLATES.glob("*.html"):
        environment().get_template(template.name)
    pdf = _layout(
        '<!doctype html><html lang="nl"><head><title>Naleving</title></head><body><h1>Naleving</h1>'
        "<p><b>vet</b> <i>cursief</i> <code>code</code></p><table><tr><th>a</th><td>b</td></tr></table>"
        "</body></html>",
        data=DataFile("warm.json", b"{}", "warm up"),
    )
    pdf_child.return_memory()
    return pdf

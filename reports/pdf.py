"""PDF rendering: Jinja templates in reports/templates (autoescaped: user text is always text) through
WeasyPrint.

WeasyPrint may only read the templates folder and data: URIs; anything else a template could point to (a URL
in user text, a local file) is refused, so a report can never fetch from the network or leak a file."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from core import clock
from reports.language import babel_locale, current_language, gettext

TEMPLATES = Path(__file__).resolve().parent / "templates"


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
    """A date as 24-09-2026: for the dense lines of long reports."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = clock.to_local(value).date()
    return value.strftime("%d-%m-%Y")


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
        datetime=dutch_datetime,
        number=dutch_number,
        money=dutch_money,
        percent=dutch_percent,
    )
    env.filters["svg"] = trusted_svg
    env.globals.update(_=gettext, language=current_language)  # the report's language (reports.language)
    return env


def trusted_svg(svg: str) -> Markup:
    """Embed an SVG produced by our own code (the heatmap builder escapes what it puts in)."""
    return Markup(svg)  # noqa: S704  # nosec B704 - our own SVG builder's output, never user text


def render_html(template: str, context: dict[str, Any]) -> str:
    return environment().get_template(template).render(**context)


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


def html_to_pdf(html: str) -> bytes:
    pdf: bytes = HTML(string=html, base_url=str(TEMPLATES) + "/", url_fetcher=_fetcher()).write_pdf(
        stylesheets=[report_stylesheet()], font_config=_font_configuration()
    )
    return pdf


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render a report template to PDF bytes."""
    return html_to_pdf(render_html(template, context))

"""Check a catalogue file: every problem with its line, and the parsed catalogue only when there are none.

This module reads and decodes the file (size, UTF-8) and checks the document as a whole: a mapping of the
known sections, with the header that names the catalogue. controls/catalogue_sections.py checks the items of
each section, and controls/parsed_catalogue.py holds what comes out. The rules are documented in
docs/catalogue.md; each problem is a rule code about an item of the file (the requirement, theme or mapping it
names), worded by the web layer and the CLI (controls/yamlproblems.py).
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

from controls.catalogue_clauses import check_clauses
from controls.catalogue_sections import (
    LIMITS,
    check_controls,
    check_mappings,
    check_measures,
    check_nis2,
    check_references,
    check_themes,
)
from controls.parsed_catalogue import Catalogue, ParsedRequirement
from controls.yamlcheck import FieldChecker, describe
from controls.yamlfile import LineDict, read_yaml
from controls.yamlproblems import CatalogueError, Item, problem
from core.errors import Problem

MAX_CATALOGUE_BYTES = 10 * 1024 * 1024
TOP_LEVEL = (
    "catalogue",
    "themes",
    "controls",
    "measures",
    "nis2_requirements",
    "iso27001_clauses",
    "mappings",
)
VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+_-]{0,39}$")
HEADER_FIELDS = {"version", "name", "published", "sources"}
CATALOGUE = Item("catalogue")


def check_catalogue_text(text: str) -> tuple[Catalogue | None, list[Problem]]:
    """Validate catalogue YAML; returns the parsed catalogue only when there are no problems."""
    document, problems = read_yaml(text)
    checker = FieldChecker()
    checker.problems.extend(problems)
    if document is None and not problems:
        checker.problem(1, "catalogue.empty")
    if document is None:
        return None, checker.problems
    if not isinstance(document, LineDict):
        checker.problem(
            getattr(document, "line", 1),
            "catalogue.not_a_mapping",
            sections=", ".join(TOP_LEVEL),
            found=describe(document),
        )
        return None, checker.problems
    for key in document:
        if key not in TOP_LEVEL:
            checker.problem(
                document.line_of(key), "catalogue.unknown_section", key=key, allowed=", ".join(TOP_LEVEL)
            )

    version, name = _check_header(checker, document)
    check_themes(checker, document)
    seen: dict[str, int] = {}
    requirements: list[ParsedRequirement] = []
    check_controls(checker, document, requirements, seen)
    check_measures(checker, document, requirements, seen)
    check_nis2(checker, document, requirements, seen)
    check_clauses(checker, document, requirements, seen)
    check_references(checker, requirements)
    mappings = check_mappings(checker, document, requirements)

    if checker.problems:
        checker.problems.sort(key=lambda p: p.row or 0)
        return None, checker.problems
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Catalogue(version, name, digest, requirements, mappings), []


def _check_header(checker: FieldChecker, document: LineDict) -> tuple[str, str]:
    header = document.get("catalogue")
    if not isinstance(header, LineDict):
        if "catalogue" in document:
            checker.problem(document.line_of("catalogue"), "catalogue.header_not_mapping")
        else:
            checker.problem(1, "catalogue.header_missing")
        return "", ""
    checker.unknown_fields(header, CATALOGUE, HEADER_FIELDS)
    version = checker.string(header, "version", CATALOGUE, required=True)
    if version and not VERSION.match(version):
        checker.problem(header.line_of("version"), "catalogue.invalid_version", CATALOGUE, version=version)
    name = checker.string(header, "name", CATALOGUE, required=True, limit=LIMITS["name"])
    published = header.get("published")
    if published is not None and not isinstance(published, date):
        checker.problem(header.line_of("published"), "catalogue.published_not_date", CATALOGUE)
    sources = header.get("sources")
    if sources is not None and not (
        isinstance(sources, LineDict) and all(isinstance(v, str) for v in sources.values())
    ):
        checker.problem(header.line_of("sources"), "catalogue.sources_not_mapping", CATALOGUE)
    return version, name


def check_catalogue_file(path: Path) -> tuple[Catalogue | None, list[Problem]]:
    """Validate a catalogue file; its problems with their lines (CatalogueError when it cannot be read)."""
    return check_catalogue_text(read_text_file(path))


def too_large(source: str) -> CatalogueError:
    return CatalogueError(
        source, problem("catalogue.too_large", 1, max_mb=MAX_CATALOGUE_BYTES // (1024 * 1024))
    )


def decode_upload(data: bytes, name: str) -> str:
    """The text of an uploaded or read file; CatalogueError when too large or not UTF-8."""
    if len(data) > MAX_CATALOGUE_BYTES:
        raise too_large(name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CatalogueError(name, problem("catalogue.not_utf8", line, reason=error.reason)) from None


def read_text_file(path: Path) -> str:
    if path.stat().st_size > MAX_CATALOGUE_BYTES:
        raise too_large(str(path))
    return decode_upload(path.read_bytes(), str(path))


def check_catalogue_data(data: bytes, name: str) -> Catalogue:
    """Check an uploaded catalogue; raises CatalogueError with every problem and its line."""
    catalogue, problems = check_catalogue_text(decode_upload(data, name))
    if catalogue is None:
        raise CatalogueError(name, problems)
    return catalogue

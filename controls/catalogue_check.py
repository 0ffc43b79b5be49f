"""Check a catalogue file: every problem with its line, and the parsed catalogue only when there are none.

The rules are documented in docs/catalogue.md; each problem is a rule code about an item of the file (the
requirement, theme or mapping it names), worded by the web layer and the CLI (controls/yamlproblems.py).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from controls.models import Category, Framework, Relationship, RequirementKind, RequirementStatus
from controls.yamlcheck import FieldChecker, describe
from controls.yamlfile import LineDict, LineList, read_yaml
from controls.yamlproblems import CatalogueError, Item, problem
from core.errors import Problem

MAX_CATALOGUE_BYTES = 10 * 1024 * 1024

CONTROL_ID = re.compile(r"^([5-8])\.([1-9][0-9]?)$")
MEASURE_ID = re.compile(r"^([5-8])\.(0[1-9]|[1-9][0-9])\.(0[1-9]|[1-9][0-9])$")
NIS2_ID = re.compile(r"^([1-9][0-9])\.([1-9][0-9]?)(?:\.([a-z]))?$")
VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+_-]{0,39}$")
THEME_SIZES = {5: 37, 6: 8, 7: 14, 8: 34}
TOP_LEVEL = ("catalogue", "themes", "controls", "measures", "nis2_requirements", "mappings")

HEADER_FIELDS = {"version", "name", "published", "sources"}
THEME_FIELDS = {"id", "title"}
CONTROL_FIELDS = {"id", "theme", "title", "summary", "government_measures", "source", "note"}
MEASURE_FIELDS = {
    "id",
    "control",
    "categories",
    "title",
    "summary",
    "status",
    "source",
    "note",
    "moved_to",
    "replaces",
}
NIS2_FIELDS = {"id", "article", "cbw", "title", "summary", "source", "note", "replaces"}
MAPPING_FIELDS = {"from", "to", "relationship", "rationale"}

# Longest text per field, as the database columns allow (summaries are unlimited).
LIMITS = {"title": 300, "note": 500, "rationale": 500, "source": 300, "article": 100, "cbw": 100, "name": 200}
MAX_REPLACES = 200  # the comma-separated `replaces` column

CATALOGUE = Item("catalogue")


@dataclass
class ParsedRequirement:
    code: str
    kind: RequirementKind
    line: int
    theme: int | None
    parent_code: str | None
    title: dict
    summary: dict
    categories: list[str] = field(default_factory=list)
    status: str = RequirementStatus.ACTIVE.value
    moved_to: str | None = None
    government_measures: bool | None = None
    article: str | None = None
    cbw: str | None = None
    source: str = ""
    note: dict = field(default_factory=dict)
    replaces: list[str] = field(default_factory=list)
    moved_to_line: int = 0
    replaces_line: int = 0


@dataclass
class ParsedMapping:
    source: str
    target: str
    relationship: str
    rationale: dict
    line: int


@dataclass
class Catalogue:
    version: str
    name: str
    sha256: str
    requirements: list[ParsedRequirement]
    mappings: list[ParsedMapping]


def sort_key(code: str) -> str:
    """Order ids naturally: 5.2 before 5.10, measures right after their control, NIS2 after BIO2."""
    padded = ".".join(part.zfill(3) if part.isdigit() else part for part in code.split("."))
    return padded if CONTROL_ID.match(code) or MEASURE_ID.match(code) else "z" + padded


def framework_of(kind: RequirementKind | str) -> Framework:
    return Framework.NIS2 if kind == RequirementKind.NIS2 else Framework.BIO2


def control_of_measure(code: str) -> str:
    theme, control, _measure = code.split(".")
    return f"{theme}.{int(control)}"


def _label(kind: str, item: LineDict) -> Item:
    code = item.get("id")
    if isinstance(code, str) and code.strip():
        return Item(kind, f"'{code}'")
    if item.raw.get("id"):
        return Item(kind, str(item.raw["id"]))
    return Item(kind)


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
    _check_themes(checker, document)
    seen: dict[str, int] = {}
    requirements: list[ParsedRequirement] = []
    _check_controls(checker, document, requirements, seen)
    _check_measures(checker, document, requirements, seen)
    _check_nis2(checker, document, requirements, seen)
    _check_references(checker, requirements)
    mappings = _check_mappings(checker, document, requirements)

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


def _check_themes(checker: FieldChecker, document: LineDict) -> None:
    seen: dict[int, int] = {}
    for item in checker.section(document, "themes", required=False):
        theme = item.get("id")
        label = Item("theme", str(theme) if isinstance(theme, int) and not isinstance(theme, bool) else "")
        checker.unknown_fields(item, label, THEME_FIELDS)
        checker.text(item, "title", label, required=True, limit=LIMITS["title"])
        if isinstance(theme, bool) or theme not in THEME_SIZES:
            checker.problem(
                item.line_of("id"), "catalogue.invalid_theme", label, allowed=", ".join(map(str, THEME_SIZES))
            )
        elif theme in seen:
            checker.problem(item.line_of("id"), "catalogue.duplicate_theme", label, first_line=seen[theme])
        else:
            seen[theme] = item.line_of("id")


def _common_texts(checker: FieldChecker, item: LineDict, label: Item, *, summary_required: bool) -> dict:
    return {
        "title": checker.text(item, "title", label, required=True, limit=LIMITS["title"]),
        "summary": checker.text(item, "summary", label, required=summary_required),
        "note": checker.text(item, "note", label, required=False, limit=LIMITS["note"]),
        "source": checker.string(item, "source", label, required=False, limit=LIMITS["source"]),
    }


def _check_controls(checker: FieldChecker, document: LineDict, out: list, seen: dict[str, int]) -> None:
    for item in checker.section(document, "controls", required=True):
        label = _label("control", item)
        checker.unknown_fields(item, label, CONTROL_FIELDS)
        code = checker.code(item, "id", label, CONTROL_ID, "control")
        texts = _common_texts(checker, item, label, summary_required=False)
        measures = item.get("government_measures")
        if not isinstance(measures, bool):
            if "government_measures" in item:
                checker.problem(
                    item.line_of("government_measures"),
                    "catalogue.not_boolean",
                    label,
                    key="government_measures",
                )
            else:
                checker.missing(item, "government_measures", label)
        if code is None:
            continue
        theme, number = (int(part) for part in code.split("."))
        theme_value = item.get("theme")
        if "theme" not in item:
            checker.missing(item, "theme", label)
        elif isinstance(theme_value, bool) or theme_value != theme:
            checker.problem(
                item.line_of("theme"), "catalogue.wrong_theme", label, theme=theme, value=repr(theme_value)
            )
        if number > THEME_SIZES[theme]:
            checker.problem(
                item.line_of("id"), "catalogue.theme_too_small", label, theme=theme, size=THEME_SIZES[theme]
            )
            continue
        if not checker.unique(code, item, label, seen):
            continue
        out.append(
            ParsedRequirement(
                code=code,
                kind=RequirementKind.CONTROL,
                line=item.line,
                theme=theme,
                parent_code=None,
                title=texts["title"],
                summary=texts["summary"],
                note=texts["note"],
                source=texts["source"],
                government_measures=measures if isinstance(measures, bool) else None,
            )
        )


def _check_measures(checker: FieldChecker, document: LineDict, out: list, seen: dict[str, int]) -> None:
    controls = {r.code for r in out if r.kind == RequirementKind.CONTROL}
    statuses = [s.value for s in RequirementStatus]
    categories_allowed = [c.value for c in Category]
    for item in checker.section(document, "measures", required=True):
        label = _label("measure", item)
        checker.unknown_fields(item, label, MEASURE_FIELDS)
        code = checker.code(item, "id", label, MEASURE_ID, "measure")
        texts = _common_texts(checker, item, label, summary_required=True)
        control = checker.code(item, "control", label, CONTROL_ID, "control")
        status = item.get("status", RequirementStatus.ACTIVE.value)
        if not isinstance(status, str) or status not in statuses:
            checker.problem(
                item.line_of("status"),
                "catalogue.unknown_status",
                label,
                status=repr(status),
                allowed=", ".join(statuses),
            )
            status = RequirementStatus.ACTIVE.value
        categories = _categories(checker, item, label, categories_allowed)
        moved_to = None
        if "moved_to" in item:
            moved_to = checker.code(item, "moved_to", label, MEASURE_ID, "measure")
            if status != RequirementStatus.MOVED.value:
                checker.problem(item.line_of("moved_to"), "catalogue.moved_to_without_moved", label)
        elif status == RequirementStatus.MOVED.value:
            checker.problem(item.line_of("status"), "catalogue.moved_without_target", label)
        replaces = checker.codes(item, "replaces", label, MEASURE_ID, "measure", max_length=MAX_REPLACES)
        if code is None:
            continue
        derived = control_of_measure(code)
        theme, number = (int(part) for part in derived.split("."))
        if number > THEME_SIZES[theme]:
            checker.problem(
                item.line_of("id"),
                "catalogue.control_of_measure_missing",
                label,
                control=derived,
                theme=theme,
                size=THEME_SIZES[theme],
            )
            continue
        if control is not None and control != derived:
            checker.problem(
                item.line_of("control"), "catalogue.wrong_control", label, derived=derived, control=control
            )
        elif control is not None and control not in controls:
            checker.problem(item.line_of("control"), "catalogue.unknown_control", label, control=control)
        if not checker.unique(code, item, label, seen):
            continue
        out.append(
            ParsedRequirement(
                code=code,
                kind=RequirementKind.MEASURE,
                line=item.line,
                theme=theme,
                parent_code=derived,
                title=texts["title"],
                summary=texts["summary"],
                note=texts["note"],
                source=texts["source"],
                categories=categories,
                status=status,
                moved_to=moved_to,
                replaces=replaces,
                moved_to_line=item.line_of("moved_to"),
                replaces_line=item.line_of("replaces"),
            )
        )


def _categories(checker: FieldChecker, item: LineDict, label: Item, allowed: list[str]) -> list[str]:
    value = item.get("categories")
    if not isinstance(value, LineList) or not value:
        if "categories" in item and not isinstance(value, LineList):
            checker.problem(item.line_of("categories"), "catalogue.categories_not_list", label)
        else:
            checker.problem(
                item.line_of("categories"), "catalogue.categories_missing", label, allowed=", ".join(allowed)
            )
        return []
    result = []
    for index, category in enumerate(value):
        line = value.line_at(index)
        if not isinstance(category, str) or category not in allowed:
            checker.problem(
                line, "catalogue.unknown_category", label, category=repr(category), allowed=", ".join(allowed)
            )
        elif category in result:
            checker.problem(line, "catalogue.duplicate_category", label, category=category)
        else:
            result.append(category)
    return result


def _article_matches(code: str, article: str) -> bool:
    """Does the article reference name the article, paragraph and point of the id ('21.2.a': art. 21 lid 2 onder a)?"""
    number, paragraph, point = NIS2_ID.match(code).groups()
    wanted = [
        rf"\bart(?:ikel|\.)?\s*{number}\b",
        rf"\blid\s*{paragraph}\b|\b{number}\s*\(\s*{paragraph}\s*\)",
    ]
    if point:
        wanted.append(rf"\bonder\s*{point}\b|\(\s*{point}\s*\)")
    return all(re.search(pattern, article, re.IGNORECASE) for pattern in wanted)


def _check_nis2(checker: FieldChecker, document: LineDict, out: list, seen: dict[str, int]) -> None:
    for item in checker.section(document, "nis2_requirements", required=True):
        label = _label("nis2", item)
        checker.unknown_fields(item, label, NIS2_FIELDS)
        code = checker.code(item, "id", label, NIS2_ID, "nis2")
        texts = _common_texts(checker, item, label, summary_required=True)
        article = checker.string(item, "article", label, required=True, limit=LIMITS["article"])
        cbw = checker.string(item, "cbw", label, required=True, limit=LIMITS["cbw"])
        replaces = checker.codes(item, "replaces", label, NIS2_ID, "nis2", max_length=MAX_REPLACES)
        if code is None:
            continue
        if article and not _article_matches(code, article):
            checker.problem(item.line_of("article"), "catalogue.article_mismatch", label, article=article)
        if not checker.unique(code, item, label, seen):
            continue
        out.append(
            ParsedRequirement(
                code=code,
                kind=RequirementKind.NIS2,
                line=item.line,
                theme=None,
                parent_code=None,
                title=texts["title"],
                summary=texts["summary"],
                note=texts["note"],
                source=texts["source"],
                article=article,
                cbw=cbw,
                replaces=replaces,
                replaces_line=item.line_of("replaces"),
            )
        )


def _check_references(checker: FieldChecker, requirements: list[ParsedRequirement]) -> None:
    """moved_to and replaces agree with each other; controls say truly whether they have measures."""
    by_code = {r.code: r for r in requirements}
    for r in requirements:
        if r.moved_to is not None:
            target = by_code.get(r.moved_to)
            measure = Item("measure", f"'{r.code}'")
            if target is None:
                checker.problem(r.moved_to_line, "catalogue.moved_to_unknown", measure, target=r.moved_to)
            elif target.status != RequirementStatus.ACTIVE.value:
                checker.problem(r.moved_to_line, "catalogue.moved_to_not_active", measure, target=r.moved_to)
            elif r.code not in target.replaces:
                checker.problem(target.line, "catalogue.replaces_missing", measure=target.code, old=r.code)
        for old in r.replaces:
            previous = by_code.get(old)
            if old == r.code:
                checker.problem(r.replaces_line, "catalogue.replaces_itself", new=r.code)
            elif previous is not None and previous.status == RequirementStatus.ACTIVE.value:
                checker.problem(r.replaces_line, "catalogue.replaces_active", new=r.code, old=old)
            elif previous is not None and previous.moved_to not in (None, r.code):
                checker.problem(
                    r.replaces_line,
                    "catalogue.replaces_moved_elsewhere",
                    new=r.code,
                    old=old,
                    target=previous.moved_to,
                )
    active_measures: dict[str, list[str]] = {}
    for r in requirements:
        if r.kind == RequirementKind.MEASURE and r.status == RequirementStatus.ACTIVE.value:
            active_measures.setdefault(r.parent_code, []).append(r.code)
    for r in requirements:
        if r.kind != RequirementKind.CONTROL or r.government_measures is None:
            continue
        measures = active_measures.get(r.code, [])
        control = Item("control", f"'{r.code}'")
        if r.government_measures and not measures:
            checker.problem(r.line, "catalogue.measures_expected", control)
        elif not r.government_measures and measures:
            checker.problem(r.line, "catalogue.measures_unexpected", control, measures=", ".join(measures))


def _check_mappings(checker: FieldChecker, document: LineDict, requirements: list[ParsedRequirement]) -> list:
    by_code = {r.code: r for r in requirements}
    relationships = [r.value for r in Relationship]
    any_id = re.compile("|".join(p.pattern for p in (CONTROL_ID, MEASURE_ID, NIS2_ID)))
    mappings: list[ParsedMapping] = []
    pairs: dict[tuple[str, str], int] = {}
    for item in checker.section(document, "mappings", required=False):
        label = Item("mapping")
        checker.unknown_fields(item, label, MAPPING_FIELDS)
        source = checker.code(item, "from", label, any_id, "catalogue")
        target = checker.code(item, "to", label, any_id, "catalogue")
        if source is not None and target is not None:
            label = Item("mapping", f"{source} -> {target}")
        relationship = item.get("relationship")
        if "relationship" not in item:
            checker.missing(item, "relationship", label)
        elif not isinstance(relationship, str) or relationship not in relationships:
            checker.problem(
                item.line_of("relationship"),
                "catalogue.unknown_relationship",
                label,
                relationship=repr(relationship),
                allowed=", ".join(relationships),
            )
        rationale = checker.text(item, "rationale", label, required=True, limit=LIMITS["rationale"])
        ok = source is not None and target is not None
        for key, code in (("from", source), ("to", target)):
            if code is not None and code not in by_code:
                checker.problem(item.line_of(key), "catalogue.mapping_unknown_id", label, target=code)
                ok = False
        if not ok:
            continue
        if framework_of(by_code[source].kind) != Framework.BIO2:
            checker.problem(item.line_of("from"), "catalogue.mapping_from_not_bio2", label)
        elif framework_of(by_code[target].kind) != Framework.NIS2:
            checker.problem(item.line_of("to"), "catalogue.mapping_to_not_nis2", label)
        elif by_code[source].status != RequirementStatus.ACTIVE.value:
            checker.problem(
                item.line_of("from"),
                "catalogue.mapping_from_not_active",
                label,
                source=source,
                status=by_code[source].status,
            )
        elif (source, target) in pairs:
            checker.problem(
                item.line,
                "catalogue.mapping_twice",
                source=source,
                target=target,
                first_line=pairs[(source, target)],
            )
        elif relationship in relationships and rationale:
            pairs[(source, target)] = item.line
            mappings.append(ParsedMapping(source, target, relationship, rationale, item.line))
    return mappings


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

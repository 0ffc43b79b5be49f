"""The checks of the items of each section of a catalogue file: the themes, the controls, the measures, the
NIS2 requirements, the references between them and the mappings. Each adds its problems to the checker and
gives what it parsed; controls/catalogue_check.py reads the file and runs them in order."""

from __future__ import annotations

import re
from dataclasses import dataclass

from controls.models import Category, Framework, Relationship, RequirementKind, RequirementStatus
from controls.parsed_catalogue import (
    CLAUSE_ID,
    CONTROL_ID,
    MEASURE_ID,
    NIS2_ID,
    ParsedMapping,
    ParsedRequirement,
    control_of_measure,
    framework_of,
)
from controls.yamlcheck import FieldChecker
from controls.yamlfile import LineDict, LineList
from controls.yamlproblems import Item

THEME_SIZES = {5: 37, 6: 8, 7: 14, 8: 34}

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


def label_of(kind: str, item: LineDict) -> Item:
    code = item.get("id")
    if isinstance(code, str) and code.strip():
        return Item(kind, f"'{code}'")
    if item.raw.get("id"):
        return Item(kind, str(item.raw["id"]))
    return Item(kind)


def check_themes(checker: FieldChecker, document: LineDict) -> None:
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


@dataclass(frozen=True)
class Texts:
    title: dict[str, str]
    summary: dict[str, str]
    note: dict[str, str]
    source: str


def common_texts(checker: FieldChecker, item: LineDict, label: Item, *, summary_required: bool) -> Texts:
    return Texts(
        title=checker.text(item, "title", label, required=True, limit=LIMITS["title"]),
        summary=checker.text(item, "summary", label, required=summary_required),
        note=checker.text(item, "note", label, required=False, limit=LIMITS["note"]),
        source=checker.string(item, "source", label, required=False, limit=LIMITS["source"]),
    )


def check_controls(
    checker: FieldChecker, document: LineDict, out: list[ParsedRequirement], seen: dict[str, int]
) -> None:
    for item in checker.section(document, "controls", required=True):
        label = label_of("control", item)
        checker.unknown_fields(item, label, CONTROL_FIELDS)
        code = checker.code(item, "id", label, CONTROL_ID, "control")
        texts = common_texts(checker, item, label, summary_required=False)
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
                title=texts.title,
                summary=texts.summary,
                note=texts.note,
                source=texts.source,
                government_measures=measures if isinstance(measures, bool) else None,
            )
        )


def check_measures(
    checker: FieldChecker, document: LineDict, out: list[ParsedRequirement], seen: dict[str, int]
) -> None:
    controls = {r.code for r in out if r.kind == RequirementKind.CONTROL}
    statuses = [s.value for s in RequirementStatus]
    categories_allowed = [c.value for c in Category]
    for item in checker.section(document, "measures", required=True):
        label = label_of("measure", item)
        checker.unknown_fields(item, label, MEASURE_FIELDS)
        code = checker.code(item, "id", label, MEASURE_ID, "measure")
        texts = common_texts(checker, item, label, summary_required=True)
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
                title=texts.title,
                summary=texts.summary,
                note=texts.note,
                source=texts.source,
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
    number, paragraph, *point_or_none = code.split(".")  # the id matches NIS2_ID
    point = point_or_none[0] if point_or_none else ""
    wanted = [
        rf"\bart(?:ikel|\.)?\s*{number}\b",
        rf"\blid\s*{paragraph}\b|\b{number}\s*\(\s*{paragraph}\s*\)",
    ]
    if point:
        wanted.append(rf"\bonder\s*{point}\b|\(\s*{point}\s*\)")
    return all(re.search(pattern, article, re.IGNORECASE) for pattern in wanted)


def check_nis2(
    checker: FieldChecker, document: LineDict, out: list[ParsedRequirement], seen: dict[str, int]
) -> None:
    for item in checker.section(document, "nis2_requirements", required=True):
        label = label_of("nis2", item)
        checker.unknown_fields(item, label, NIS2_FIELDS)
        code = checker.code(item, "id", label, NIS2_ID, "nis2")
        texts = common_texts(checker, item, label, summary_required=True)
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
                title=texts.title,
                summary=texts.summary,
                note=texts.note,
                source=texts.source,
                article=article,
                cbw=cbw,
                replaces=replaces,
                replaces_line=item.line_of("replaces"),
            )
        )


def check_references(checker: FieldChecker, requirements: list[ParsedRequirement]) -> None:
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
            active_measures.setdefault(control_of_measure(r.code), []).append(r.code)
    for r in requirements:
        if r.kind != RequirementKind.CONTROL or r.government_measures is None:
            continue
        measures = active_measures.get(r.code, [])
        control = Item("control", f"'{r.code}'")
        if r.government_measures and not measures:
            checker.problem(r.line, "catalogue.measures_expected", control)
        elif not r.government_measures and measures:
            checker.problem(r.line, "catalogue.measures_unexpected", control, measures=", ".join(measures))


def check_mappings(
    checker: FieldChecker, document: LineDict, requirements: list[ParsedRequirement]
) -> list[ParsedMapping]:
    by_code = {r.code: r for r in requirements}
    relationships = [r.value for r in Relationship]
    any_id = re.compile("|".join(p.pattern for p in (CONTROL_ID, MEASURE_ID, NIS2_ID, CLAUSE_ID)))
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
        known = True
        for key, code in (("from", source), ("to", target)):
            if code is not None and code not in by_code:
                checker.problem(item.line_of(key), "catalogue.mapping_unknown_id", label, target=code)
                known = False
        if source is None or target is None or not known:
            continue
        if framework_of(by_code[source].kind) not in (Framework.BIO2, Framework.ISO27001):
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

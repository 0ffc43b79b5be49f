"""The checks of the `iso27001_clauses` section of a catalogue file: the ISO/IEC 27001:2022 clauses 4.1-10.2 that
BIO2 part 1 makes mandatory (the ISMS), answered like controls. A sub-clause (6.1.2) belongs to its clause (6.1),
which must be in the section too; `source` must name the clause, as a NIS2 point's `article` names its article."""

from __future__ import annotations

import re

from controls.catalogue_sections import MAX_REPLACES, common_texts, label_of
from controls.models import RequirementKind
from controls.parsed_catalogue import CLAUSE_ID, ParsedRequirement, clause_number, parent_clause
from controls.yamlcheck import FieldChecker
from controls.yamlfile import LineDict

SECTION = "iso27001_clauses"
CLAUSE_FIELDS = {"id", "title", "summary", "source", "note", "replaces"}


def names_clause(code: str, source: str) -> bool:
    """Does `source` cite ISO/IEC 27001 and this clause's number ('ISO/IEC 27001:2022 clause 6.1.2')?"""
    number = re.escape(clause_number(code))
    return bool(re.search(r"27001", source) and re.search(rf"(?<![0-9.]){number}(?![0-9]|\.[0-9])", source))


def check_clauses(
    checker: FieldChecker, document: LineDict, out: list[ParsedRequirement], seen: dict[str, int]
) -> None:
    clauses: list[tuple[ParsedRequirement, LineDict]] = []
    for item in checker.section(document, SECTION, required=False):
        label = label_of("clause", item)
        checker.unknown_fields(item, label, CLAUSE_FIELDS)
        code = checker.code(item, "id", label, CLAUSE_ID, "clause")
        texts = common_texts(checker, item, label, summary_required=True)
        source = texts.source  # read by common_texts, which words a wrong type or length; required here
        if item.get("source") is None or (isinstance(item.get("source"), str) and not source):
            checker.missing(item, "source", label)
        replaces = checker.codes(item, "replaces", label, CLAUSE_ID, "clause", max_length=MAX_REPLACES)
        if code is None:
            continue
        if source and not names_clause(code, source):
            checker.problem(
                item.line_of("source"), "catalogue.source_names_no_clause", label, number=clause_number(code)
            )
        if not checker.unique(code, item, label, seen):
            continue
        parsed = ParsedRequirement(
            code=code,
            kind=RequirementKind.CLAUSE,
            line=item.line,
            theme=None,
            parent_code=parent_clause(code),
            title=texts.title,
            summary=texts.summary,
            note=texts.note,
            source=source,
            replaces=replaces,
            replaces_line=item.line_of("replaces"),
        )
        clauses.append((parsed, item))
        out.append(parsed)
    codes = {parsed.code for parsed, _item in clauses}
    for parsed, item in clauses:
        if parsed.parent_code is not None and parsed.parent_code not in codes:
            checker.problem(
                item.line_of("id"),
                "catalogue.clause_parent_missing",
                label_of("clause", item),
                parent=parsed.parent_code,
            )

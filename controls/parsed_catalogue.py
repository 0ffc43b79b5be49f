"""The catalogue as the checker hands it over: its requirements and mappings, the id patterns, and the id
helpers the loader, the overlay and the browse pages share (controls/catalogue_check.py builds it)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from controls.models import Framework, RequirementKind, RequirementStatus

CONTROL_ID = re.compile(r"^([5-8])\.([1-9][0-9]?)$")
MEASURE_ID = re.compile(r"^([5-8])\.(0[1-9]|[1-9][0-9])\.(0[1-9]|[1-9][0-9])$")
NIS2_ID = re.compile(r"^([1-9][0-9]?)\.([1-9][0-9]?)(?:\.([a-z]))?$")
# ISO/IEC 27001:2022 clauses 4.1-10.2 and their sub-clauses (6.1.2): with a prefix, since 5.1-8.3 are controls too.
CLAUSE_PREFIX = "27001-"
CLAUSE_ID = re.compile(r"^27001-([4-9]|10)\.([1-9])(?:\.([1-9]))?$")


@dataclass
class ParsedRequirement:
    code: str
    kind: RequirementKind
    line: int
    theme: int | None
    parent_code: str | None
    title: dict[str, str]
    summary: dict[str, str]
    categories: list[str] = field(default_factory=list)
    status: str = RequirementStatus.ACTIVE.value
    moved_to: str | None = None
    government_measures: bool | None = None
    article: str | None = None
    cbw: str | None = None
    source: str = ""
    note: dict[str, str] = field(default_factory=dict)
    replaces: list[str] = field(default_factory=list)
    moved_to_line: int = 0
    replaces_line: int = 0


@dataclass
class ParsedMapping:
    source: str
    target: str
    relationship: str
    rationale: dict[str, str]
    line: int


@dataclass
class Catalogue:
    version: str
    name: str
    sha256: str
    requirements: list[ParsedRequirement]
    mappings: list[ParsedMapping]


def sort_key(code: str) -> str:
    """Order ids naturally: 5.2 before 5.10, measures right after their control, NIS2 after BIO2; the ISO 27001
    clauses first, as the ISMS (BIO2 part 1) comes before the controls (part 2): '0006.001.002' < '005.001'."""
    clause = CLAUSE_ID.match(code)
    number = code.removeprefix(CLAUSE_PREFIX) if clause else code
    padded = ".".join(part.zfill(3) if part.isdigit() else part for part in number.split("."))
    if clause:
        return "0" + padded
    return padded if CONTROL_ID.match(code) or MEASURE_ID.match(code) else "z" + padded


def framework_of(kind: RequirementKind | str) -> Framework:
    if kind == RequirementKind.CLAUSE:
        return Framework.ISO27001
    return Framework.NIS2 if kind == RequirementKind.NIS2 else Framework.BIO2


def control_of_measure(code: str) -> str:
    theme, control, _measure = code.split(".")
    return f"{theme}.{int(control)}"


def clause_number(code: str) -> str:
    """The clause as ISO/IEC 27001 numbers it: '27001-6.1.2' -> '6.1.2'."""
    return code.removeprefix(CLAUSE_PREFIX)


def parent_clause(code: str) -> str | None:
    """The clause a sub-clause belongs to ('27001-6.1.2' -> '27001-6.1'); None for a clause such as 4.1."""
    parts = code.split(".")
    return ".".join(parts[:2]) if len(parts) == 3 else None

"""The catalogue as the checker hands it over: its requirements and mappings, the id patterns, and the id
helpers the loader, the overlay and the browse pages share (controls/catalogue_check.py builds it)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from controls.models import Framework, RequirementKind, RequirementStatus

CONTROL_ID = re.compile(r"^([5-8])\.([1-9][0-9]?)$")
MEASURE_ID = re.compile(r"^([5-8])\.(0[1-9]|[1-9][0-9])\.(0[1-9]|[1-9][0-9])$")
NIS2_ID = re.compile(r"^([1-9][0-9]?)\.([1-9][0-9]?)(?:\.([a-z]))?$")


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
    """Order ids naturally: 5.2 before 5.10, measures right after their control, NIS2 after BIO2."""
    padded = ".".join(part.zfill(3) if part.isdigit() else part for part in code.split("."))
    return padded if CONTROL_ID.match(code) or MEASURE_ID.match(code) else "z" + padded


def framework_of(kind: RequirementKind | str) -> Framework:
    return Framework.NIS2 if kind == RequirementKind.NIS2 else Framework.BIO2


def control_of_measure(code: str) -> str:
    theme, control, _measure = code.split(".")
    return f"{theme}.{int(control)}"

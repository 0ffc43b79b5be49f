"""NIS2 coverage that holds (docs/rules.md): per NIS2 point, whether the organisation's answers cover it, and
why, from the point's own answer and the mappings with their relationship and the opzet and bestaan of the
answers they lead to. The statement (controls.soa) calls `nis2_coverage` with its entries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from controls.answer_models import Assessment, Status
from controls.models import Relationship, RequirementKind


class Judged(Protocol):
    @property
    def design(self) -> str: ...
    @property
    def existence(self) -> str: ...


class CoverageEntry(Protocol):
    """What coverage needs of a statement entry (controls.soa.Entry)."""

    @property
    def requirement_id(self) -> int: ...
    @property
    def code(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def article(self) -> str | None: ...
    @property
    def active(self) -> bool: ...
    @property
    def judged_answer(self) -> Judged | None: ...


@dataclass(frozen=True)
class Contribution:
    code: str
    title: str
    kind: str
    status: str
    relationship: str  # seen from the NIS2 point: what the contributing requirement is of it
    assessed: bool = False  # its opzet and bestaan judged sufficient


@dataclass(frozen=True)
class Nis2Coverage:
    code: str
    title: str
    article: str
    status: str  # the organisation's own answer on the NIS2 point
    state: str  # covered, partial, gap, unmapped
    contributors: tuple[Contribution, ...]
    gaps: tuple[Contribution, ...]  # applicable contributors not (yet) implemented
    reason: str = ""  # why the state is what it is (a key of controls.labels.COVERAGE_REASON)
    basis: tuple[str, ...] = ()  # the codes of the answers the reason names


# Read once: the loops below ask them for every link and entry (an enum member's `.value` is a descriptor call).
_NIS2 = RequirementKind.NIS2.value
_SUFFICIENT = Assessment.SUFFICIENT.value
FULL_LINKS = {Relationship.EQUAL.value, Relationship.SUPERSET.value}
FLIPPED = {
    Relationship.SUBSET.value: Relationship.SUPERSET.value,
    Relationship.SUPERSET.value: Relationship.SUBSET.value,
}


def nis2_coverage(
    *, entries: Sequence[CoverageEntry], links: Iterable[tuple[int, int, str]]
) -> tuple[Nis2Coverage, ...]:
    """The coverage of every active NIS2 point among `entries` (the statement's), in their order, through the
    catalogue's mappings `links` as (source id, target id, relationship) (`catalogue_view(...).mappings`)."""
    by_id = {e.requirement_id: e for e in entries if e.active}
    contributions: dict[int, list[Contribution]] = {}
    for source_id, target_id, relationship in links:
        for nis2_id, other_id in ((target_id, source_id), (source_id, target_id)):
            nis2, other = by_id.get(nis2_id), by_id.get(other_id)
            if nis2 is None or other is None or nis2.kind != _NIS2:
                continue
            if other.kind == _NIS2:
                continue
            # the relationship says what `from` is of `to`: seen from the NIS2 point, a reversed link flips
            seen = relationship if nis2_id == target_id else FLIPPED.get(relationship, relationship)
            judged = other.judged_answer
            assessed = judged is not None and judged.design == judged.existence == _SUFFICIENT
            contributions.setdefault(nis2_id, []).append(
                Contribution(other.code, other.title, other.kind, other.status, seen, assessed)
            )
    coverage = []
    for entry in entries:
        if entry.kind != _NIS2 or not entry.active:
            continue
        contributors = tuple(
            sorted(contributions.get(entry.requirement_id, []), key=lambda c: _order(c.code))
        )
        coverage.append(_point(entry, contributors))
    return tuple(coverage)


def _point(entry: CoverageEntry, contributors: tuple[Contribution, ...]) -> Nis2Coverage:
    """A NIS2 point is covered by its own implemented answer, or when every mapped requirement that is equal to
    it or goes further (relationship equal or superset) is implemented with opzet and bestaan sufficient.
    Links that cover a part (subset) or overlap (intersect) give at most "partial"."""
    implemented = Status.IMPLEMENTED.value
    relevant = [c for c in contributors if c.status != Status.NOT_APPLICABLE.value]
    gaps = tuple(c for c in relevant if c.status != implemented)
    full = [c for c in relevant if c.relationship in FULL_LINKS]
    done = [c for c in relevant if c.status == implemented]

    def point(state: str, reason: str, basis: list[Contribution] | tuple[str, ...]) -> Nis2Coverage:
        codes = tuple(basis) if isinstance(basis, tuple) else tuple(c.code for c in basis)
        return Nis2Coverage(
            entry.code,
            entry.title,
            entry.article or "",
            entry.status,
            state,
            contributors,
            gaps,
            reason,
            codes,
        )

    if entry.status == implemented:
        return point("covered", "own_answer", (entry.code,))
    if full and all(c.status == implemented and c.assessed for c in full):
        return point("covered", "full_links", full)
    if not contributors:
        return point("unmapped", "no_links", ())
    if done:
        if not full:
            return point("partial", "only_partial_links", done)
        if all(c.status == implemented for c in full):
            return point("partial", "full_links_not_assessed", [c for c in full if not c.assessed])
        return point("partial", "full_links_open", [c for c in full if c.status != implemented])
    if entry.status == Status.PARTIALLY.value:
        return point("partial", "own_partial", (entry.code,))
    return point("gap", "nothing_implemented", list(gaps))


def _order(code: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in code.split("."))

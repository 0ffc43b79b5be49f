"""Reading the catalogue: filtered and grouped for browsing (the ISO 27001 clauses by chapter with sub-clauses under
their clause, BIO2 by theme with measures under their control, NIS2 by article), and one requirement with everything
around it. A fixed number of queries, whatever the size."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from controls.models import Mapping, Requirement, RequirementKind, RequirementText
from controls.parsed_catalogue import CLAUSE_PREFIX, clause_number, control_of_measure
from core.dbtypes import id_of

ID_QUERY = re.compile(r"^(27001-)?[0-9]{1,2}(\.[0-9a-z]{1,2}){0,2}\.?$")


def fold(text: str) -> str:
    """Lower case without accents, for searching ('Hygiëne' finds 'hygiene' and the other way round)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class CatalogueFilter:
    """What to show: a search (an id or words) and filters; empty values show everything."""

    query: str = ""
    framework: str = ""  # bio2 | nis2 | iso27001
    theme: int | None = None
    kind: str = ""  # clause | control | measure | nis2
    category: str = ""
    status: str = ""  # active | withdrawn | moved

    @property
    def is_id_query(self) -> bool:
        return bool(ID_QUERY.match(self.query.strip()))

    def matches(self, requirement: Requirement, full_text: str = "") -> bool:
        r = requirement
        if self.framework and r.framework != self.framework:
            return False
        if self.theme is not None and r.theme != self.theme:
            return False
        if self.kind and r.kind != self.kind:
            return False
        if self.category and self.category not in r.category_list:
            return False
        if self.status and r.status != self.status:
            return False
        return self.matches_query(r, full_text)

    def matches_query(self, r: Requirement, full_text: str = "") -> bool:
        query = self.query.strip()
        if not query:
            return True
        if self.is_id_query:
            code = query.rstrip(".")
            if r.kind == RequirementKind.CLAUSE:  # '6.1' and '27001-6.1' find clause 6.1 and its sub-clauses
                number, wanted = clause_number(r.code), clause_number(code)
                return number == wanted or number.startswith(wanted + ".")
            if code.startswith(CLAUSE_PREFIX):
                return False
            return (
                r.code == code
                or r.code.startswith(code + ".")
                or (r.kind == RequirementKind.MEASURE and control_of_measure(r.code) == code)
            )
        texts = (r.code, r.title_nl, r.title_en, r.summary_nl, r.summary_en, r.categories, full_text)
        haystack = fold(" ".join(texts))
        return all(word in haystack for word in fold(query).split())


@dataclass
class ControlGroup:
    """A BIO2 control with its measures that match; `shown_for_context` when only its measures match."""

    control: Requirement
    measures: list[Requirement] = field(default_factory=list)
    shown_for_context: bool = False


@dataclass
class ClauseGroup:
    """An ISO 27001 clause with its sub-clauses that match; `shown_for_context` when only its sub-clauses match."""

    clause: Requirement
    subclauses: list[Requirement] = field(default_factory=list)
    shown_for_context: bool = False


@dataclass
class ChapterGroup:
    chapter: int  # 4-10
    clauses: list[ClauseGroup] = field(default_factory=list)


@dataclass
class ThemeGroup:
    theme: int
    controls: list[ControlGroup] = field(default_factory=list)


@dataclass
class ArticleGroup:
    article: int
    requirements: list[Requirement] = field(default_factory=list)


@dataclass
class CatalogueListing:
    chapters: list[ChapterGroup]
    themes: list[ThemeGroup]
    articles: list[ArticleGroup]
    matched: int  # requirements that match (controls shown for context not counted)
    total: int  # requirements in the catalogue
    mapping_counts: dict[int, int]  # requirement id -> mappings in either direction


def browse_catalogue(*, session: Session, filters: CatalogueFilter, organisation_id: int) -> CatalogueListing:
    """The requirements that match, grouped: clauses by chapter, BIO2 by theme and control, NIS2 by article."""
    rows = session.exec(select(Requirement).order_by(Requirement.sort_key)).all()
    full_texts = (
        _full_texts(session=session, organisation_id=organisation_id)
        if filters.query.strip() and not filters.is_id_query
        else {}
    )
    matching = {id_of(r) for r in rows if filters.matches(r, full_texts.get(id_of(r), ""))}
    themes: dict[int, ThemeGroup] = {}
    groups: dict[int, ControlGroup] = {}
    articles: dict[int, ArticleGroup] = {}
    for r in rows:
        if r.kind == RequirementKind.CONTROL:
            groups[id_of(r)] = ControlGroup(r, shown_for_context=r.id not in matching)
        elif r.kind == RequirementKind.MEASURE and r.id in matching and r.parent_id is not None:
            if r.parent_id in groups:
                groups[r.parent_id].measures.append(r)
        elif r.kind == RequirementKind.NIS2 and r.id in matching:
            article = int(r.code.split(".")[0])
            articles.setdefault(article, ArticleGroup(article)).requirements.append(r)
    for group in groups.values():
        if not group.shown_for_context or group.measures:
            theme = group.control.theme or 0
            themes.setdefault(theme, ThemeGroup(theme)).controls.append(group)
    return CatalogueListing(
        chapters=_chapters(rows, matching),
        themes=[themes[t] for t in sorted(themes)],
        articles=[articles[a] for a in sorted(articles)],
        matched=len(matching),
        total=len(rows),
        mapping_counts=_mapping_counts(session=session),
    )


def _chapters(rows: Sequence[Requirement], matching: set[int]) -> list[ChapterGroup]:
    """The clauses that match by chapter (4-10), each sub-clause under its clause (rows in sort order)."""
    groups: dict[int, ClauseGroup] = {}
    for r in rows:
        if r.kind != RequirementKind.CLAUSE:
            continue
        if r.parent_id is None:
            groups[id_of(r)] = ClauseGroup(r, shown_for_context=r.id not in matching)
        elif r.id in matching and r.parent_id in groups:
            groups[r.parent_id].subclauses.append(r)
    chapters: dict[int, ChapterGroup] = {}
    for group in groups.values():
        if not group.shown_for_context or group.subclauses:
            chapter = int(clause_number(group.clause.code).split(".")[0])
            chapters.setdefault(chapter, ChapterGroup(chapter)).clauses.append(group)
    return [chapters[c] for c in sorted(chapters)]


def _full_texts(*, session: Session, organisation_id: int) -> dict[int, str]:
    rows = session.exec(
        select(RequirementText.requirement_id, RequirementText.text_nl, RequirementText.text_en).where(
            RequirementText.organisation_id == organisation_id
        )
    ).all()
    return {requirement_id: f"{nl} {en}" for requirement_id, nl, en in rows}


def _mapping_counts(*, session: Session) -> dict[int, int]:
    counts: dict[int, int] = {}
    for column in (col(Mapping.source_id), col(Mapping.target_id)):
        for requirement_id, count in session.exec(select(column, func.count()).group_by(column)).all():
            counts[requirement_id] = counts.get(requirement_id, 0) + count
    return counts


@dataclass
class MappingLine:
    """One mapping seen from a requirement: the requirement at the other end, the relationship and why."""

    other: Requirement
    mapping: Mapping


@dataclass
class RequirementDetail:
    requirement: Requirement
    parent: Requirement | None
    children: list[Requirement]
    children_targets: dict[int, list[Requirement]]  # child id -> NIS2 requirements it maps to
    contributes_to: list[MappingLine]  # this requirement -> NIS2
    contributions: list[MappingLine]  # BIO2 -> this NIS2 requirement
    moved_to: Requirement | None
    replaces: list[Requirement]  # earlier ids whose answers carry over to this one
    replaced_by: list[Requirement]
    full_text: RequirementText | None


def requirement_detail(*, session: Session, code: str, organisation_id: int) -> RequirementDetail | None:
    """One requirement with its parent, children, mappings in both directions, its successors and predecessors,
    and the organisation's full text (overlay), or None when the code is unknown."""
    requirement = session.exec(select(Requirement).where(Requirement.code == code)).first()
    if requirement is None:
        return None
    r = requirement
    replaces_codes = [c for c in r.replaces.split(",") if c]
    related = session.exec(
        select(Requirement).where(
            or_(
                col(Requirement.id) == (r.parent_id or -1),
                col(Requirement.parent_id) == r.id,
                col(Requirement.code).in_([*replaces_codes, r.moved_to or ""]),
                col(Requirement.replaces).contains(r.code),
            )
        )
    ).all()
    by_code = {other.code: other for other in related}
    children = sorted((o for o in related if o.parent_id == r.id), key=lambda o: o.sort_key)
    return RequirementDetail(
        requirement=r,
        parent=next((o for o in related if o.id == r.parent_id), None),
        children=children,
        children_targets=_targets_of(session=session, requirement_ids=[id_of(c) for c in children]),
        contributes_to=_mapping_lines(session=session, requirement_id=id_of(r), outgoing=True),
        contributions=_mapping_lines(session=session, requirement_id=id_of(r), outgoing=False),
        moved_to=by_code.get(r.moved_to) if r.moved_to else None,
        replaces=[by_code[c] for c in replaces_codes if c in by_code],
        replaced_by=sorted((o for o in related if r.code in o.replaces.split(",")), key=lambda o: o.sort_key),
        full_text=session.exec(
            select(RequirementText).where(
                RequirementText.organisation_id == organisation_id, RequirementText.requirement_id == r.id
            )
        ).first(),
    )


def _mapping_lines(*, session: Session, requirement_id: int, outgoing: bool) -> list[MappingLine]:
    other = aliased(Requirement)
    here, there = (
        (col(Mapping.source_id), col(Mapping.target_id))
        if outgoing
        else (col(Mapping.target_id), col(Mapping.source_id))
    )
    rows = session.exec(
        select(Mapping, other)
        .join(other, col(other.id) == there)
        .where(here == requirement_id)
        .order_by(other.sort_key)
    ).all()
    return [MappingLine(requirement, mapping) for mapping, requirement in rows]


def _targets_of(*, session: Session, requirement_ids: list[int]) -> dict[int, list[Requirement]]:
    if not requirement_ids:
        return {}
    rows = session.exec(
        select(Mapping.source_id, Requirement)
        .join(Requirement, col(Requirement.id) == col(Mapping.target_id))
        .where(col(Mapping.source_id).in_(requirement_ids))
        .order_by(Requirement.sort_key)
    ).all()
    targets: dict[int, list[Requirement]] = {}
    for source_id, target in rows:
        targets.setdefault(source_id, []).append(target)
    return targets

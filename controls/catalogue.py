"""The catalogue file: load it into the database (checking it first: controls.catalogue_check).

A load never deletes a requirement or an answer: requirements that leave the file are marked withdrawn (or
moved, when exactly one new requirement `replaces:` them), and a requirement's `replaces:` lets answers given to
old ids carry over to the new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, delete, select

from controls.carry_over import carry_over_answers
from controls.catalogue_cache import forget_catalogue
from controls.catalogue_check import (
    MAX_CATALOGUE_BYTES,
    check_catalogue_file,
    check_catalogue_text,
    read_text_file,
)
from controls.models import CatalogueLoad, Mapping, Requirement, RequirementStatus
from controls.parsed_catalogue import (
    Catalogue,
    ParsedMapping,
    ParsedRequirement,
    control_of_measure,
    framework_of,
    sort_key,
)
from controls.yamlproblems import CatalogueError
from core.actor import Actor
from core.audit import changed_fields, record_event
from core.dbtypes import id_of

__all__ = [
    "MAX_CATALOGUE_BYTES",
    "SHIPPED_CATALOGUE",
    "Catalogue",
    "CatalogueError",
    "LoadResult",
    "ParsedMapping",
    "ParsedRequirement",
    "check_catalogue_file",
    "check_catalogue_text",
    "control_of_measure",
    "current_catalogue",
    "framework_of",
    "load_catalogue",
    "load_catalogue_file",
    "read_text_file",
    "sort_key",
]

SHIPPED_CATALOGUE = Path(__file__).resolve().parent.parent / "data" / "bio_controls.yaml"


@dataclass
class LoadResult:
    """What a load did. `replacements` lists every (old, new) pair the file names in `replaces:`, on every load of
    that file, so carrying answers over must leave a new requirement that already has an answer alone."""

    load: CatalogueLoad
    unchanged: bool
    replacements: list[tuple[str, str]]  # (old code, new code) whose answers were carried over


def _columns(parsed: ParsedRequirement) -> dict[str, Any]:
    return {
        "kind": parsed.kind.value,
        "framework": framework_of(parsed.kind).value,
        "theme": parsed.theme,
        "sort_key": sort_key(parsed.code),
        "title_nl": parsed.title.get("nl", ""),
        "title_en": parsed.title.get("en", ""),
        "summary_nl": parsed.summary.get("nl", ""),
        "summary_en": parsed.summary.get("en", ""),
        "categories": ",".join(parsed.categories),
        "status": parsed.status,
        "moved_to": parsed.moved_to,
        "government_measures": parsed.government_measures,
        "article": parsed.article,
        "cbw": parsed.cbw,
        "source": parsed.source,
        "note_nl": parsed.note.get("nl", ""),
        "note_en": parsed.note.get("en", ""),
        "replaces": ",".join(parsed.replaces),
    }


def load_catalogue(
    *, session: Session, catalogue: Catalogue, actor: Actor | None = None, organisation_id: int | None = None
) -> LoadResult:
    """Load or upgrade the catalogue in the session's transaction (the caller commits, so a failure loads nothing).

    New requirements appear unanswered; requirements no longer in the file are marked withdrawn, or moved when
    exactly one new requirement replaces them (their answers stay); `replaces:` carries the answers of old ids to
    the new one. Mappings are replaced by the file's. Loading the same file twice changes nothing. The audit
    event belongs to `organisation_id` when a page of an organisation loads it, else to no organisation.
    """
    latest = session.exec(select(CatalogueLoad).order_by(col(CatalogueLoad.id).desc())).first()
    if latest is not None and latest.sha256 == catalogue.sha256:
        return LoadResult(latest, True, [])
    existing = {r.code: r for r in session.exec(select(Requirement)).all()}
    in_file = {p.code for p in catalogue.requirements}
    added = changed = withdrawn = 0
    for parsed in catalogue.requirements:
        values = _columns(parsed)
        row = existing.get(parsed.code)
        if row is None:
            withdrawn_in = None if parsed.status == RequirementStatus.ACTIVE.value else catalogue.version
            row = Requirement(
                code=parsed.code, introduced_in=catalogue.version, withdrawn_in=withdrawn_in, **values
            )
            session.add(row)
            existing[parsed.code] = row
            added += 1
            continue
        if any(getattr(row, key) != values[key] for key in values):
            for key, value in values.items():
                setattr(row, key, value)
            changed += 1
        active = parsed.status == RequirementStatus.ACTIVE.value
        row.withdrawn_in = None if active else (row.withdrawn_in or catalogue.version)
        session.add(row)
    successors: dict[str, list[str]] = {}
    for parsed in catalogue.requirements:
        for old in parsed.replaces:
            successors.setdefault(old, []).append(parsed.code)
    for code, row in existing.items():
        if code not in in_file and row.status == RequirementStatus.ACTIVE.value:
            _retire(row, successors.get(code, []), catalogue.version)
            session.add(row)
            withdrawn += 1
    session.flush()
    for parsed in catalogue.requirements:
        row = existing[parsed.code]
        parent = existing.get(parsed.parent_code) if parsed.parent_code else None
        row.parent_id = parent.id if parent else None
        session.add(row)
    session.exec(delete(Mapping))
    for mapping in catalogue.mappings:
        session.add(
            Mapping(
                source_id=id_of(existing[mapping.source]),
                target_id=id_of(existing[mapping.target]),
                relationship=mapping.relationship,
                rationale_nl=mapping.rationale.get("nl", ""),
                rationale_en=mapping.rationale.get("en", ""),
            )
        )
    replacements = [(old, p.code) for p in catalogue.requirements for old in p.replaces]
    carried_over = carry_over_answers(session=session, replacements=replacements, version=catalogue.version)
    load = CatalogueLoad(
        version=catalogue.version,
        name=catalogue.name,
        sha256=catalogue.sha256,
        added=added,
        changed=changed,
        withdrawn=withdrawn,
        carried_over=carried_over,
    )
    session.add(load)
    # this process reads the catalogue anew; the others see another key (controls.catalogue_cache)
    forget_catalogue(session=session)
    record_event(
        session=session,
        action="catalogue.loaded",
        actor=actor,
        organisation_id=organisation_id,
        subject=f"{catalogue.name} {catalogue.version}",
        detail=f"{added} nieuw, {changed} gewijzigd, {withdrawn} vervallen, {carried_over} antwoorden overgenomen",
        changes=changed_fields(
            {"version": latest.version if latest else None}, {"version": catalogue.version}
        ),
    )
    session.flush()
    return LoadResult(load, False, replacements)


def _retire(row: Requirement, successors: list[str], version: str) -> None:
    """A requirement that left the catalogue: moved to its one successor, otherwise withdrawn."""
    if len(successors) == 1:
        row.status = RequirementStatus.MOVED.value
        row.moved_to = successors[0]
    else:
        row.status = RequirementStatus.WITHDRAWN.value
    row.withdrawn_in = version


def load_catalogue_file(
    *, session: Session, path: Path = SHIPPED_CATALOGUE, actor: Actor | None = None
) -> LoadResult:
    """Check and load a catalogue file; raises CatalogueError with every problem and loads nothing."""
    catalogue, problems = check_catalogue_file(path)
    if catalogue is None:
        raise CatalogueError(str(path), problems)
    return load_catalogue(session=session, catalogue=catalogue, actor=actor)


def current_catalogue(*, session: Session) -> CatalogueLoad | None:
    return session.exec(select(CatalogueLoad).order_by(col(CatalogueLoad.id).desc())).first()

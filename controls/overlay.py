"""Overlays: an organisation that holds a licensed copy of the official texts (ISO/IEC 27002, BIO2) loads them for
its own use. The shipped catalogue carries our summaries only; the full texts live per organisation in
RequirementText and are shown to that organisation's members alone.

An overlay file (format in docs/catalogue.md) is checked as a whole against the loaded catalogue and loaded all
or nothing: every problem is reported with its line, and a file with problems changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, delete, func, select

from controls.catalogue_check import MAX_CATALOGUE_BYTES, decode_upload, too_large
from controls.models import Requirement, RequirementText
from controls.parsed_catalogue import CLAUSE_ID, CONTROL_ID, MEASURE_ID, NIS2_ID
from controls.yamlcheck import FieldChecker
from controls.yamlfile import LineDict, read_yaml
from controls.yamlproblems import CatalogueError, Item
from core import clock
from core.actor import Actor
from core.audit import changed_fields, record_event
from core.dbtypes import id_of
from core.errors import Problem

OVERLAY_TOP_LEVEL = ("overlay", "texts")
OVERLAY_HEADER_FIELDS = {"source", "name"}
TEXT_FIELDS = {"id", "text", "source"}
MAX_TEXT_CHARS = 50_000
ANY_ID = re.compile("|".join(pattern.pattern for pattern in (CONTROL_ID, MEASURE_ID, NIS2_ID, CLAUSE_ID)))
OVERLAY = Item("overlay")


@dataclass
class OverlayText:
    code: str
    text_nl: str
    text_en: str
    source: str
    line: int


@dataclass
class Overlay:
    source: str
    texts: list[OverlayText]


@dataclass
class OverlayResult:
    added: int
    replaced: int


def check_overlay_text(text: str, *, session: Session) -> tuple[Overlay | None, list[Problem]]:
    """Validate overlay YAML against the loaded catalogue; the overlay only when there are no problems."""
    document, problems = read_yaml(text)
    checker = FieldChecker()
    checker.problems.extend(problems)
    if document is None:
        if not problems:
            checker.problem(1, "catalogue.empty")
        return None, checker.problems
    if not isinstance(document, LineDict):
        checker.problem(getattr(document, "line", 1), "overlay.not_a_mapping")
        return None, checker.problems
    for key in document:
        if key not in OVERLAY_TOP_LEVEL:
            checker.problem(
                document.line_of(key),
                "catalogue.unknown_section",
                key=key,
                allowed=", ".join(OVERLAY_TOP_LEVEL),
            )
    header = document.get("overlay")
    source = ""
    if isinstance(header, LineDict):
        checker.unknown_fields(header, OVERLAY, OVERLAY_HEADER_FIELDS)
        source = checker.string(header, "source", OVERLAY, required=True, limit=300)
    else:
        checker.problem(document.line_of("overlay"), "overlay.header_missing")
    texts = _check_texts(checker, document, default_source=source, session=session)
    if checker.problems:
        checker.problems.sort(key=lambda p: p.row or 0)
        return None, checker.problems
    return Overlay(source, texts), []


def _check_texts(
    checker: FieldChecker, document: LineDict, *, default_source: str, session: Session
) -> list[OverlayText]:
    seen: dict[str, int] = {}
    texts: list[OverlayText] = []
    for item in checker.section(document, "texts", required=True):
        code = item.get("id")
        label = Item("text", f"'{code}'" if isinstance(code, str) else "")
        checker.unknown_fields(item, label, TEXT_FIELDS)
        code = checker.code(item, "id", label, ANY_ID, "overlay")
        text = checker.text(item, "text", label, required=True, limit=MAX_TEXT_CHARS)
        source = checker.string(item, "source", label, required=False, limit=300)
        if code is not None and checker.unique(code, item, label, seen) and text:
            texts.append(
                OverlayText(code, text["nl"], text["en"], source or default_source, item.line_of("id"))
            )
    known = (
        set(session.exec(select(col(Requirement.code)).where(col(Requirement.code).in_(seen))).all())
        if seen
        else set()
    )
    for code, line in seen.items():
        if code not in known:
            checker.problem(line, "overlay.unknown_id", Item("text", f"'{code}'"))
    return texts


def check_overlay_data(data: bytes, name: str, *, session: Session) -> Overlay:
    """Check uploaded or read bytes; raises CatalogueError with every problem and its line."""
    overlay, problems = check_overlay_text(decode_upload(data, name), session=session)
    if overlay is None:
        raise CatalogueError(name, problems)
    return overlay


def load_overlay(
    *, session: Session, organisation_id: int, overlay: Overlay, actor: Actor | None = None, name: str = ""
) -> OverlayResult:
    """Add or replace the organisation's full texts for the overlay's ids; texts of other ids stay."""
    ids = {
        requirement.code: id_of(requirement)
        for requirement in session.exec(
            select(Requirement).where(col(Requirement.code).in_([t.code for t in overlay.texts]))
        )
    }
    existing = {
        row.requirement_id: row
        for row in session.exec(
            select(RequirementText).where(col(RequirementText.organisation_id) == organisation_id)
        )
    }
    added = replaced = 0
    for text in overlay.texts:
        row = existing.get(ids[text.code])
        if row is None:
            row = RequirementText(organisation_id=organisation_id, requirement_id=ids[text.code])
            added += 1
        else:
            replaced += 1
        row.text_nl, row.text_en, row.source, row.loaded_at = (
            text.text_nl,
            text.text_en,
            text.source,
            clock.now(),
        )
        session.add(row)
    record_event(
        session=session,
        action="catalogue.texts_loaded",
        actor=actor,
        organisation_id=organisation_id,
        subject=name[:254],
        detail=f"{added} nieuw, {replaced} vervangen; bron: {overlay.source}"[:2000],
    )
    session.flush()
    return OverlayResult(added, replaced)


def load_overlay_file(
    *, session: Session, organisation_id: int, path: Path, actor: Actor | None = None
) -> OverlayResult:
    """Check and load an overlay file; raises CatalogueError with every problem and loads nothing."""
    if path.stat().st_size > MAX_CATALOGUE_BYTES:
        raise too_large(str(path))
    overlay = check_overlay_data(path.read_bytes(), str(path), session=session)
    return load_overlay(
        session=session, organisation_id=organisation_id, overlay=overlay, actor=actor, name=path.name
    )


def remove_overlay(*, session: Session, organisation_id: int, actor: Actor | None = None) -> int:
    """Remove all full texts of the organisation (its licence ended); returns how many there were."""
    count = overlay_count(session=session, organisation_id=organisation_id)
    session.exec(delete(RequirementText).where(col(RequirementText.organisation_id) == organisation_id))
    record_event(
        session=session,
        action="catalogue.texts_removed",
        actor=actor,
        organisation_id=organisation_id,
        changes=changed_fields({"texts": count}, {"texts": 0}),
    )
    session.flush()
    return count


def overlay_count(*, session: Session, organisation_id: int) -> int:
    """How many requirements the organisation has a full text for."""
    return session.exec(
        select(func.count())
        .select_from(RequirementText)
        .where(RequirementText.organisation_id == organisation_id)
    ).one()

"""OSCAL 1.1 documents (NIST's Open Security Controls Assessment Language, JSON): the catalogue as an OSCAL
catalog, an organisation's answers as a system security plan (its implementation of each requirement) and its
assessed answers as assessment results.

Ids: OSCAL ids are tokens that start with a letter, so a requirement's id is its framework and its code
(`bio2-5.01.01`, `nis2-21.2.a`). What OSCAL has no field for (the English texts, the Cbw article, a mapping's
rationale in English) is kept as properties and parts in Naleving's namespace (`NS`), so that an exported
catalog loads back as the same catalogue (reports/oscal_import.py). Uuids are derived from what they name
(uuid5), so the same data gives the same document.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from controls.catalogue import current_catalogue
from controls.labels import THEME
from controls.models import Mapping, Requirement, RequirementStatus
from core import clock
from core.labels import translator

OSCAL_VERSION = "1.1.3"
NS = "https://naleving.nl/ns/oscal"
UUID_NAMESPACE = uuid.UUID("6f1c2a52-3f0e-5b8e-9a47-1d0c6e5b7a10")


def oscal_id(requirement: Requirement) -> str:
    return f"{requirement.framework}-{requirement.code}"


def derived_uuid(*parts: object) -> str:
    return str(uuid.uuid5(UUID_NAMESPACE, "/".join(str(part) for part in parts)))


def timestamp(moment: datetime) -> str:
    return clock.to_local(moment).isoformat(timespec="seconds")


def prop(name: str, value: object, *, ns: bool = True, of: str = "") -> dict[str, str] | None:
    """A property, or None for an empty value (OSCAL refuses empty and padded strings)."""
    text = " ".join(str(value).split()) if value is not None else ""
    if not text:
        return None
    prop = {"name": name, "value": text}
    if ns:
        prop["ns"] = NS
    if of:
        prop["class"] = of
    return prop


def props(*props: dict[str, str] | None) -> list[dict[str, str]]:
    return [prop for prop in props if prop is not None]


def metadata(title: str, modified: datetime, version: str, **more: Any) -> dict[str, Any]:
    return {
        "title": title,
        "last-modified": timestamp(modified),
        "version": version or "onbekend",
        "oscal-version": OSCAL_VERSION,
        **more,
    }


def to_json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


# --- the catalog


def oscal_catalog(*, session: Session) -> dict[str, Any]:
    """The loaded catalogue: a group per framework (BIO2 by theme, each measure inside its control)."""
    load = current_catalogue(session=session)
    requirements = session.exec(select(Requirement).order_by(col(Requirement.sort_key))).all()
    mappings = session.exec(select(Mapping)).all()
    by_id = {requirement.id: requirement for requirement in requirements}
    links: dict[int, list[Mapping]] = defaultdict(list)
    for mapping in mappings:
        links[mapping.source_id].append(mapping)
    children: dict[int, list[Requirement]] = defaultdict(list)
    for requirement in requirements:
        if requirement.parent_id is not None:
            children[requirement.parent_id].append(requirement)

    def control(requirement: Requirement) -> dict[str, Any]:
        return _control(
            requirement,
            links[requirement.id or 0],
            by_id,
            [control(c) for c in children[requirement.id or 0]],
        )

    groups = []
    for framework in dict.fromkeys(r.framework for r in requirements):
        top = [r for r in requirements if r.framework == framework and r.parent_id is None]
        themes = sorted({r.theme for r in top if r.theme is not None})
        group: dict[str, Any] = {"id": framework, "title": framework.upper()}
        if themes:
            group["groups"] = [
                _theme_group(framework, theme, [control(r) for r in top if r.theme == theme])
                for theme in themes
            ]
        loose = [control(r) for r in top if r.theme is None]
        if loose:
            group["controls"] = loose
        groups.append(group)
    version = load.version if load else ""
    return {
        "catalog": {
            "uuid": derived_uuid("catalog", version, load.sha256 if load else ""),
            "metadata": metadata(
                load.name if load else "Naleving",
                load.loaded_at if load else clock.now(),
                version,
                props=props(prop("catalogue-sha256", load.sha256 if load else "")),
            ),
            "groups": groups,
        }
    }


def _theme_group(framework: str, theme: int, controls: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": f"{framework}-theme-{theme}",
        "class": "theme",
        "title": THEME.of(str(theme)),
        "props": props(
            prop("label", str(theme), ns=False), prop("title-en", THEME.of(str(theme), translator("en")))
        ),
        "controls": controls,
    }


def _control(
    requirement: Requirement,
    mappings: Iterable[Mapping],
    by_id: dict[int | None, Requirement],
    children: list[dict[str, Any]],
) -> dict[str, Any]:
    identifier = oscal_id(requirement)
    status = requirement.status
    result: dict[str, Any] = {
        "id": identifier,
        "class": requirement.kind,
        "title": requirement.title_nl,
        "props": props(
            prop("label", requirement.code, ns=False),
            prop("status", "withdrawn", ns=False) if status != RequirementStatus.ACTIVE.value else None,
            prop("naleving-status", status),
            prop("title-en", requirement.title_en),
            prop("moved-to", requirement.moved_to),
            prop("government-measures", _yes_no(requirement.government_measures)),
            prop("categories", requirement.categories.replace(",", " ")),
            prop("article", requirement.article),
            prop("cbw", requirement.cbw),
            prop("source", requirement.source),
            prop("replaces", requirement.replaces.replace(",", " ")),
            prop("introduced-in", requirement.introduced_in),
            prop("withdrawn-in", requirement.withdrawn_in),
        ),
    }
    parts = _parts(identifier, requirement)
    if parts:
        result["parts"] = parts
    mapped = [(m, by_id[m.target_id]) for m in mappings if m.target_id in by_id]
    if mapped:
        result["links"] = [
            {
                "href": f"#{oscal_id(target)}",
                "rel": m.relationship,
                **({"text": m.rationale_nl} if m.rationale_nl else {}),
            }
            for m, target in mapped
        ]
        result["props"] += props(*(prop("mapping-en", m.rationale_en, of=oscal_id(t)) for m, t in mapped))
    if children:
        result["controls"] = children
    return result


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _parts(identifier: str, requirement: Requirement) -> list[dict[str, Any]]:
    texts = [
        ("statement", "", requirement.summary_nl, False),
        ("statement", "en", requirement.summary_en, True),
        ("note", "nl", requirement.note_nl, True),
        ("note", "en", requirement.note_en, True),
    ]
    parts = []
    for name, language, prose, own in texts:
        if not prose:
            continue
        part: dict[str, Any] = {
            "id": f"{identifier}_{name}{'.' + language if language else ''}",
            "name": name,
        }
        if own:
            part |= {"ns": NS, "class": language}
        parts.append(part | {"prose": prose})
    return parts

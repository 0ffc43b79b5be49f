"""Load an OSCAL 1.1 catalog (JSON) as the catalogue: it is turned into the catalogue's own YAML form and then
checked and loaded exactly as `naleving catalogue load` checks and loads a YAML file, so the same rules hold
and nothing is loaded when anything is wrong. Naleving's own export (reports/oscal.py) loads back as the same
catalogue; a catalog from elsewhere loads when its controls carry what the catalogue needs (a `class` naming
the kind, a `label` with the code, the properties in Naleving's namespace)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

import yaml
from sqlmodel import Session

from controls.catalogue import LoadResult, load_catalogue
from controls.catalogue_check import check_catalogue_text
from controls.models import RequirementKind
from controls.yamlproblems import CatalogueError
from core.errors import Problem
from reports.oscal import NS

MAX_OSCAL_BYTES = 20 * 1024 * 1024
SECTIONS = {  # the catalogue's section for each kind of requirement, in the file's order
    RequirementKind.CONTROL.value: "controls",
    RequirementKind.MEASURE.value: "measures",
    RequirementKind.NIS2.value: "nis2_requirements",
    RequirementKind.CLAUSE.value: "iso27001_clauses",
}
# Our properties -> the catalogue's fields, per section (a field a section does not know is not written).
FIELDS = {
    "controls": {"government-measures": "government_measures", "source": "source"},
    "measures": {
        "categories": "categories",
        "source": "source",
        "moved-to": "moved_to",
        "replaces": "replaces",
    },
    "nis2_requirements": {"article": "article", "cbw": "cbw", "source": "source", "replaces": "replaces"},
    "iso27001_clauses": {"source": "source", "replaces": "replaces"},  # a sub-clause's parent is in its id
}
LISTS = {"categories", "replaces"}


def _problem(code: str, **params: Any) -> Problem:
    return Problem(code, params)


@dataclass
class _Document:
    """The catalogue's YAML document being built from the catalog."""

    themes: dict[int, dict[str, str]] = field(default_factory=dict)
    sections: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {s: [] for s in SECTIONS.values()}
    )
    mappings: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_oscal_catalog(data: bytes, name: str) -> dict[str, Any]:
    """The catalog object of an OSCAL JSON file; CatalogueError for anything that is not one."""
    if len(data) > MAX_OSCAL_BYTES:
        raise CatalogueError(name, _problem("oscal.too_large", max_mb=MAX_OSCAL_BYTES // (1024 * 1024)))
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CatalogueError(name, _problem("oscal.not_json", reason=str(error)[:200])) from None
    catalog = document.get("catalog") if isinstance(document, dict) else None
    if not isinstance(catalog, dict):
        raise CatalogueError(name, _problem("oscal.not_catalog"))
    return catalog


def catalogue_yaml(catalog: dict[str, Any], name: str) -> str:
    """The catalog as the text of a catalogue file (CatalogueError when its structure is not usable)."""
    metadata = catalog.get("metadata")
    if not isinstance(metadata, dict) or not metadata.get("version") or not metadata.get("title"):
        raise CatalogueError(
            name, _problem("oscal.invalid", path="catalog.metadata", wanted="title, version")
        )
    built = _Document()
    for index, group in enumerate(_list(catalog, "groups", "catalog", built)):
        _group(group, f"catalog.groups[{index}]", built, theme=None)
    if built.problems:
        raise CatalogueError(name, built.problems)
    document: dict[str, Any] = {
        "catalogue": {"version": str(metadata["version"]), "name": str(metadata["title"])},
        "themes": [{"id": theme, "title": title} for theme, title in sorted(built.themes.items())],
        **{section: items for section, items in built.sections.items() if items},
        "mappings": built.mappings,
    }
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=1000)


def _list(owner: dict[str, Any], key: str, path: str, built: _Document) -> list[dict[str, Any]]:
    value = owner.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        built.problems.append(
            _problem("oscal.invalid", path=f"{path}.{key}", wanted="een lijst van objecten")
        )
        return []
    return value


def _props(item: dict[str, Any]) -> dict[str, str]:
    """The item's properties: the plain OSCAL ones (label, status) and those in our namespace."""
    props = item.get("props", [])
    found: dict[str, str] = {}
    for prop in props if isinstance(props, list) else []:
        if isinstance(prop, dict) and prop.get("ns", NS) == NS and isinstance(prop.get("value"), str):
            key = str(prop.get("name"))
            if key == "mapping-en":
                key = f"mapping-en:{prop.get('class', '')}"
            found.setdefault(key, prop["value"])
    return found


def _group(group: dict[str, Any], path: str, built: _Document, theme: int | None) -> None:
    props = _props(group)
    if group.get("class") == "theme":
        label = props.get("label", "")
        if not label.isdigit():
            built.problems.append(
                _problem("oscal.invalid", path=f"{path}.props", wanted="label: themanummer")
            )
            return
        theme = int(label)
        built.themes[theme] = {"nl": str(group.get("title", "")), "en": props.get("title-en", "")}
    for index, sub in enumerate(_list(group, "groups", path, built)):
        _group(sub, f"{path}.groups[{index}]", built, theme)
    for index, control in enumerate(_list(group, "controls", path, built)):
        _control(control, f"{path}.controls[{index}]", built, theme, parent=None)


def _control(
    control: dict[str, Any], path: str, built: _Document, theme: int | None, parent: str | None
) -> None:
    props = _props(control)
    kind, code = control.get("class"), props.get("label")
    section = SECTIONS.get(str(kind))
    if section is None or not code:
        built.problems.append(
            _problem(
                "oscal.unknown_control", path=path, id=str(control.get("id", "")), kinds=", ".join(SECTIONS)
            )
        )
        return
    for index, child in enumerate(_list(control, "controls", path, built)):
        _control(child, f"{path}.controls[{index}]", built, theme, parent=code)
    withdrawn = props.get("naleving-status", "active") != "active"
    if withdrawn and section != "measures":
        return  # a withdrawn control or NIS2 point is withdrawn by being left out of the file
    item: dict[str, Any] = {"id": code}
    if section == "controls":
        item["theme"] = theme
    if section == "measures" and parent:
        item["control"] = parent
    item["title"] = {"nl": str(control.get("title", "")), "en": props.get("title-en", "")}
    texts = _texts(control)
    if texts.get("statement"):
        item["summary"] = texts["statement"]
    if texts.get("note"):
        item["note"] = texts["note"]
    if section == "measures":
        item["status"] = props.get("naleving-status", "active")
    for prop, key in FIELDS[section].items():
        if prop in props:
            item[key] = _value(key, props[prop])
    built.sections[section].append(item)
    _mappings(control, code, props, built)


def _texts(control: dict[str, Any]) -> dict[str, dict[str, str]]:
    texts: dict[str, dict[str, str]] = {}
    for part in control.get("parts", []) if isinstance(control.get("parts"), list) else []:
        if not isinstance(part, dict) or not isinstance(part.get("prose"), str):
            continue
        language = "nl" if part.get("ns") is None else str(part.get("class", ""))
        if part.get("name") in ("statement", "note") and language in ("nl", "en"):
            texts.setdefault(str(part["name"]), {})[language] = part["prose"]
    return texts


def _value(key: str, value: str) -> Any:
    if key == "government_measures":
        return value == "yes"
    if key in LISTS:
        return value.split()
    return value


def _mappings(control: dict[str, Any], code: str, props: dict[str, str], built: _Document) -> None:
    for link in control.get("links", []) if isinstance(control.get("links"), list) else []:
        href = str(link.get("href", "")) if isinstance(link, dict) else ""
        if not href.startswith("#") or "-" not in href:
            continue
        target = href[1:].split("-", 1)[1]
        mapping: dict[str, Any] = {"from": code, "to": target, "relationship": str(link.get("rel", ""))}
        rationale = {"nl": str(link.get("text", "")), "en": props.get(f"mapping-en:{href[1:]}", "")}
        if any(rationale.values()):
            mapping["rationale"] = rationale
        built.mappings.append(mapping)


def import_oscal_catalog(*, session: Session, data: bytes, name: str) -> LoadResult:
    """Check and load an OSCAL catalog as the catalogue (in the caller's transaction: it commits)."""
    text = catalogue_yaml(read_oscal_catalog(data, name), name)
    catalogue, problems = check_catalogue_text(text)
    if catalogue is None:
        # The lines are those of the converted file, which the user never saw: the problems name their item.
        raise CatalogueError(name, [replace(problem, row=None) for problem in problems])
    return load_catalogue(session=session, catalogue=catalogue)

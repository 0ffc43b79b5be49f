"""The catalogue file: validate it (every problem with its line) and load it into the database.

A load never deletes a requirement or an answer: requirements that leave the file are marked withdrawn, and a
requirement's `replaces:` lets answers given to old ids carry over to the new one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, delete, select

from controls.models import (
    CatalogueLoad,
    Category,
    Framework,
    Mapping,
    Relationship,
    Requirement,
    RequirementKind,
    RequirementStatus,
)
from controls.yamlfile import LineDict, Problem, read_yaml

SHIPPED_CATALOGUE = Path(__file__).resolve().parent.parent / "data" / "bio_controls.yaml"
MAX_CATALOGUE_BYTES = 10 * 1024 * 1024

CONTROL_ID = re.compile(r"^([5-8])\.([1-9][0-9]?)$")
MEASURE_ID = re.compile(r"^([5-8])\.([0-9]{2})\.([0-9]{2})$")
NIS2_ID = re.compile(r"^([0-9]{2})\.([0-9]+)(?:\.([a-z]))?$")
THEME_SIZES = {5: 37, 6: 8, 7: 14, 8: 34}
TOP_LEVEL = ("catalogue", "themes", "controls", "measures", "nis2_requirements", "mappings")

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


class CatalogueError(ValueError):
    """The catalogue file has problems; nothing was loaded."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} probleem/problemen in de catalogus")
        self.problems = problems


@dataclass
class ParsedRequirement:
    code: str
    kind: RequirementKind
    line: int
    theme: int | None
    parent_code: str | None
    title: dict
    summary: dict
    categories: list[str] = field(default_factory=list)
    status: str = RequirementStatus.ACTIVE.value
    moved_to: str | None = None
    government_measures: bool | None = None
    article: str | None = None
    cbw: str | None = None
    source: str = ""
    note: dict = field(default_factory=dict)
    replaces: list[str] = field(default_factory=list)


@dataclass
class ParsedMapping:
    source: str
    target: str
    relationship: str
    rationale: dict
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
    parts = re.split(r"\.", code)
    return (
        ".".join(p.zfill(3) if p.isdigit() else p for p in parts)
        if code[0] in "5678"
        else "z" + ".".join(p.zfill(3) if p.isdigit() else p for p in parts)
    )


def framework_of(kind: RequirementKind | str) -> Framework:
    return Framework.NIS2 if kind == RequirementKind.NIS2 else Framework.BIO2


def control_of_measure(code: str) -> str:
    theme, control, _measure = code.split(".")
    return f"{theme}.{int(control)}"


class _Checker:
    """Collects problems while turning the YAML document into Catalogue parts."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message))

    def text_pair(self, item: LineDict, key: str, *, required: bool) -> dict:
        value = item.get(key)
        if value is None:
            if required:
                self.problem(item.line, f"{self._label(item)}: veld '{key}' ontbreekt")
            return {}
        if isinstance(value, str):
            return {"nl": value, "en": ""}
        if not isinstance(value, dict) or not isinstance(value.get("nl"), str) or not value.get("nl").strip():
            self.problem(
                item.line_of(key), f"{self._label(item)}: '{key}' moet een tekst of {{nl: ..., en: ...}} zijn"
            )
            return {}
        unknown = set(value) - {"nl", "en"}
        if unknown:
            self.problem(
                item.line_of(key),
                f"{self._label(item)}: onbekende taal in '{key}': {', '.join(sorted(map(str, unknown)))}",
            )
        return {"nl": value["nl"].strip(), "en": str(value.get("en") or "").strip()}

    @staticmethod
    def _label(item: LineDict) -> str:
        code = item.get("id") if isinstance(item, dict) else None
        return f"'{code}'" if isinstance(code, str) else "item"

    def items(self, document: LineDict, key: str, *, required: bool = True) -> list[LineDict]:
        if key not in document:
            if required:
                self.problem(1, f"onderdeel '{key}' ontbreekt")
            return []
        value = document[key]
        if not isinstance(value, list):
            self.problem(document.line_of(key), f"'{key}' moet een lijst zijn")
            return []
        result = []
        for index, item in enumerate(value):
            if not isinstance(item, LineDict):
                self.problem(document.line_of(key), f"'{key}' item {index + 1} moet een mapping zijn")
                continue
            result.append(item)
        return result

    def unknown_fields(self, item: LineDict, allowed: set[str]) -> None:
        for key in item:
            if key not in allowed:
                self.problem(item.line_of(key), f"{self._label(item)}: onbekend veld '{key}'")

    def code(self, item: LineDict, key: str, pattern: re.Pattern, kind: str) -> str | None:
        value = item.get(key)
        if value is None:
            self.problem(item.line, f"{kind}: veld '{key}' ontbreekt")
            return None
        if not isinstance(value, str):
            self.problem(
                item.line_of(key), f"{kind} '{value}': id moet tussen aanhalingstekens staan (tekst)"
            )
            return None
        if not pattern.match(value):
            self.problem(item.line_of(key), f"{kind} '{value}': ongeldig id")
            return None
        return value


def check_catalogue_text(text: str) -> tuple[Catalogue | None, list[Problem]]:
    """Validate catalogue YAML; returns the parsed catalogue only when there are no problems."""
    document, problems = read_yaml(text)
    checker = _Checker()
    checker.problems.extend(problems)
    if document is None and not checker.problems:
        checker.problem(1, "het bestand is leeg")
    if checker.problems and document is None:
        return None, checker.problems
    if not isinstance(document, LineDict):
        checker.problem(1, "het bestand moet een mapping bevatten met " + ", ".join(TOP_LEVEL))
        return None, checker.problems
    for key in document:
        if key not in TOP_LEVEL:
            checker.problem(document.line_of(key), f"onbekend onderdeel '{key}'")

    header = document.get("catalogue")
    version = name = ""
    if not isinstance(header, LineDict):
        checker.problem(
            document.line_of("catalogue"), "onderdeel 'catalogue' met 'version' en 'name' ontbreekt"
        )
    else:
        version = str(header.get("version") or "").strip()
        name = str(header.get("name") or "").strip()
        if not version:
            checker.problem(header.line, "catalogue: veld 'version' ontbreekt")
        if not name:
            checker.problem(header.line, "catalogue: veld 'name' ontbreekt")

    requirements: list[ParsedRequirement] = []
    _check_controls(checker, document, requirements)
    _check_measures(checker, document, requirements)
    _check_nis2(checker, document, requirements)
    _check_references(checker, requirements)
    mappings = _check_mappings(checker, document, requirements)

    if checker.problems:
        checker.problems.sort(key=lambda p: p.line)
        return None, checker.problems
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Catalogue(version, name, digest, requirements, mappings), []


def _check_controls(checker: _Checker, document: LineDict, out: list[ParsedRequirement]) -> None:
    seen = {r.code for r in out}
    for item in checker.items(document, "controls"):
        checker.unknown_fields(item, CONTROL_FIELDS)
        code = checker.code(item, "id", CONTROL_ID, "control")
        title = checker.text_pair(item, "title", required=True)
        summary = checker.text_pair(item, "summary", required=False)
        note = checker.text_pair(item, "note", required=False)
        theme = item.get("theme")
        gm = item.get("government_measures")
        if code is None:
            continue
        if code in seen:
            checker.problem(item.line_of("id"), f"control '{code}': id komt twee keer voor")
            continue
        seen.add(code)
        expected_theme = int(code.split(".")[0])
        if theme != expected_theme:
            checker.problem(item.line_of("theme"), f"control '{code}': thema moet {expected_theme} zijn")
        number = int(code.split(".")[1])
        if number > THEME_SIZES[expected_theme]:
            checker.problem(
                item.line_of("id"),
                f"control '{code}': thema {expected_theme} heeft maar {THEME_SIZES[expected_theme]} controls",
            )
        if not isinstance(gm, bool):
            checker.problem(
                item.line_of("government_measures") if "government_measures" in item else item.line,
                f"control '{code}': veld 'government_measures' (true/false) ontbreekt",
            )
        out.append(
            ParsedRequirement(
                code=code,
                kind=RequirementKind.CONTROL,
                line=item.line,
                theme=expected_theme,
                parent_code=None,
                title=title,
                summary=summary,
                government_measures=gm if isinstance(gm, bool) else None,
                source=str(item.get("source") or ""),
                note=note,
            )
        )


def _string_list(checker: _Checker, item: LineDict, key: str) -> list[str]:
    value = item.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        checker.problem(
            item.line_of(key), f"{checker._label(item)}: '{key}' moet een lijst van ids (tekst) zijn"
        )
        return []
    return value


def _check_measures(checker: _Checker, document: LineDict, out: list[ParsedRequirement]) -> None:
    seen = {r.code for r in out}
    controls = {r.code for r in out if r.kind == RequirementKind.CONTROL}
    statuses = {s.value for s in RequirementStatus}
    for item in checker.items(document, "measures"):
        checker.unknown_fields(item, MEASURE_FIELDS)
        code = checker.code(item, "id", MEASURE_ID, "maatregel")
        title = checker.text_pair(item, "title", required=True)
        summary = checker.text_pair(item, "summary", required=True)
        note = checker.text_pair(item, "note", required=False)
        if code is None:
            continue
        if code in seen:
            checker.problem(item.line_of("id"), f"maatregel '{code}': id komt twee keer voor")
            continue
        seen.add(code)
        control = item.get("control")
        derived = control_of_measure(code)
        if control is None:
            checker.problem(item.line, f"maatregel '{code}': veld 'control' ontbreekt")
        elif not isinstance(control, str) or control not in controls:
            checker.problem(
                item.line_of("control"), f"maatregel '{code}' hoort bij onbekende control '{control}'"
            )
        elif control != derived:
            checker.problem(
                item.line_of("control"), f"maatregel '{code}' hoort bij control {derived}, niet {control}"
            )
        status = item.get("status", RequirementStatus.ACTIVE.value)
        if status not in statuses:
            checker.problem(
                item.line_of("status"),
                f"maatregel '{code}': onbekende status '{status}' (kies uit {', '.join(sorted(statuses))})",
            )
        categories = item.get("categories")
        if not isinstance(categories, list) or not categories:
            checker.problem(
                item.line_of("categories") if "categories" in item else item.line,
                f"maatregel '{code}': veld 'categories' ontbreekt of is leeg",
            )
            categories = []
        for category in categories:
            if category not in {c.value for c in Category}:
                checker.problem(
                    item.line_of("categories"), f"maatregel '{code}': onbekende categorie '{category}'"
                )
        moved_to = item.get("moved_to")
        if status == RequirementStatus.MOVED.value and not moved_to:
            checker.problem(item.line, f"maatregel '{code}': status moved vraagt om 'moved_to'")
        if moved_to is not None and status != RequirementStatus.MOVED.value:
            checker.problem(
                item.line_of("moved_to"), f"maatregel '{code}': 'moved_to' past alleen bij status moved"
            )
        out.append(
            ParsedRequirement(
                code=code,
                kind=RequirementKind.MEASURE,
                line=item.line,
                theme=int(code[0]),
                parent_code=derived,
                title=title,
                summary=summary,
                categories=[c for c in categories if isinstance(c, str)],
                status=status if status in statuses else "active",
                moved_to=moved_to if isinstance(moved_to, str) else None,
                source=str(item.get("source") or ""),
                note=note,
                replaces=_string_list(checker, item, "replaces"),
            )
        )


def _check_nis2(checker: _Checker, document: LineDict, out: list[ParsedRequirement]) -> None:
    seen = {r.code for r in out}
    for item in checker.items(document, "nis2_requirements"):
        checker.unknown_fields(item, NIS2_FIELDS)
        code = checker.code(item, "id", NIS2_ID, "NIS2-eis")
        title = checker.text_pair(item, "title", required=True)
        summary = checker.text_pair(item, "summary", required=True)
        note = checker.text_pair(item, "note", required=False)
        if code is None:
            continue
        if code in seen:
            checker.problem(item.line_of("id"), f"NIS2-eis '{code}': id komt twee keer voor")
            continue
        seen.add(code)
        for key in ("article", "cbw"):
            if not isinstance(item.get(key), str) or not item.get(key).strip():
                checker.problem(item.line, f"NIS2-eis '{code}': veld '{key}' ontbreekt")
        out.append(
            ParsedRequirement(
                code=code,
                kind=RequirementKind.NIS2,
                line=item.line,
                theme=None,
                parent_code=None,
                title=title,
                summary=summary,
                article=str(item.get("article") or ""),
                cbw=str(item.get("cbw") or ""),
                source=str(item.get("source") or ""),
                note=note,
                replaces=_string_list(checker, item, "replaces"),
            )
        )


def _check_references(checker: _Checker, requirements: list[ParsedRequirement]) -> None:
    by_code = {r.code: r for r in requirements}
    for r in requirements:
        if r.moved_to is not None:
            target = by_code.get(r.moved_to)
            if target is None:
                checker.problem(
                    r.line, f"maatregel '{r.code}': 'moved_to' verwijst naar onbekend id '{r.moved_to}'"
                )
            elif not target.replaces or r.code not in target.replaces:
                checker.problem(
                    target.line, f"'{target.code}' moet 'replaces: [\"{r.code}\"]' hebben (verplaatst)"
                )
        for old in r.replaces:
            if old not in by_code:
                checker.problem(r.line, f"'{r.code}': 'replaces' verwijst naar onbekend id '{old}'")
            elif old == r.code:
                checker.problem(r.line, f"'{r.code}' kan zichzelf niet vervangen")


def _check_mappings(
    checker: _Checker, document: LineDict, requirements: list[ParsedRequirement]
) -> list[ParsedMapping]:
    by_code = {r.code: r for r in requirements}
    relationships = {r.value for r in Relationship}
    mappings: list[ParsedMapping] = []
    pairs: set[tuple[str, str]] = set()
    for item in checker.items(document, "mappings", required=False):
        checker.unknown_fields(item, MAPPING_FIELDS)
        source, target = item.get("from"), item.get("to")
        ok = True
        for key, value in (("from", source), ("to", target)):
            if value is None:
                checker.problem(item.line, f"mapping: veld '{key}' ontbreekt")
                ok = False
            elif not isinstance(value, str) or value not in by_code:
                checker.problem(item.line_of(key), f"mapping naar onbekend id '{value}'")
                ok = False
        relationship = item.get("relationship")
        if relationship not in relationships:
            checker.problem(
                item.line_of("relationship") if "relationship" in item else item.line,
                f"mapping: relatie moet een van {', '.join(sorted(relationships))} zijn",
            )
            ok = False
        rationale = checker.text_pair(item, "rationale", required=True)
        if not ok:
            continue
        if framework_of(by_code[source].kind) == framework_of(by_code[target].kind):
            checker.problem(item.line, f"mapping {source} -> {target}: beide eisen horen bij hetzelfde kader")
            continue
        if by_code[source].status != RequirementStatus.ACTIVE.value:
            checker.problem(item.line, f"mapping vanaf '{source}', dat niet meer actief is")
            continue
        if (source, target) in pairs:
            checker.problem(item.line, f"mapping {source} -> {target} komt twee keer voor")
            continue
        pairs.add((source, target))
        mappings.append(ParsedMapping(source, target, relationship, rationale, item.line))
    return mappings


def check_catalogue_file(path: Path) -> tuple[Catalogue | None, list[str]]:
    """Validate a catalogue file; problems formatted as file:line: message."""
    text = read_text_file(path)
    catalogue, problems = check_catalogue_text(text)
    return catalogue, [p.format(str(path)) for p in problems]


def read_text_file(path: Path) -> str:
    if path.stat().st_size > MAX_CATALOGUE_BYTES:
        raise CatalogueError([f"{path}:1: bestand groter dan {MAX_CATALOGUE_BYTES // (1024 * 1024)} MB"])
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise CatalogueError([f"{path}:1: geen UTF-8-tekst ({error.reason})"]) from None


@dataclass
class LoadResult:
    load: CatalogueLoad
    unchanged: bool
    replacements: list[tuple[str, str]]  # (old code, new code) whose answers were carried over


def _columns(parsed: ParsedRequirement) -> dict:
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


def load_catalogue(*, session: Session, catalogue: Catalogue) -> LoadResult:
    """Load or upgrade the catalogue in the session's transaction (the caller commits).

    New requirements appear unanswered; requirements no longer in the file are marked withdrawn (their answers
    stay); `replaces:` carries the answers of old ids to the new one. Loading the same file twice changes nothing.
    """
    latest = session.exec(select(CatalogueLoad).order_by(CatalogueLoad.id.desc())).first()
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
    for code, row in existing.items():
        if code not in in_file and row.status == RequirementStatus.ACTIVE.value:
            row.status = RequirementStatus.WITHDRAWN.value
            row.withdrawn_in = catalogue.version
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
                source_id=existing[mapping.source].id,
                target_id=existing[mapping.target].id,
                relationship=mapping.relationship,
                rationale_nl=mapping.rationale.get("nl", ""),
                rationale_en=mapping.rationale.get("en", ""),
            )
        )
    replacements = [(old, p.code) for p in catalogue.requirements for old in p.replaces]
    load = CatalogueLoad(
        version=catalogue.version,
        name=catalogue.name,
        sha256=catalogue.sha256,
        added=added,
        changed=changed,
        withdrawn=withdrawn,
    )
    session.add(load)
    session.flush()
    return LoadResult(load, False, replacements)


def load_catalogue_file(*, session: Session, path: Path = SHIPPED_CATALOGUE) -> LoadResult:
    """Check and load a catalogue file; raises CatalogueError with every problem and loads nothing."""
    catalogue, problems = check_catalogue_file(path)
    if catalogue is None:
        raise CatalogueError(problems)
    return load_catalogue(session=session, catalogue=catalogue)


def current_catalogue(session: Session) -> CatalogueLoad | None:
    return session.exec(select(CatalogueLoad).order_by(CatalogueLoad.id.desc())).first()

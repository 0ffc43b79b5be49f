"""The `iso27001_clauses` section of a catalogue file: what the checker accepts and refuses, how the catalogue pages
show the clauses, and the database's CHECK constraint (the migration 0015: tests/test_migrations.py)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from controls.catalogue import check_catalogue_text, load_catalogue
from controls.catalogue_browse import CatalogueFilter
from controls.parsed_catalogue import sort_key
from core.models import Role
from tests.conftest import MINI_CATALOGUE
from tests.test_catalogue_pages import BASE, codes_on, get

MINI = MINI_CATALOGUE.read_text(encoding="utf-8")
SECTION = """iso27001_clauses:
  - id: "27001-6.1"
    title: {nl: "Risico's en kansen", en: "Risks and opportunities"}
    summary: {nl: "Plan de aanpak van risico's.", en: "Plan how risks are addressed."}
    source: "ISO/IEC 27001:2022 clause 6.1"
  - id: "27001-6.1.2"
    title: {nl: "Risicobeoordeling", en: "Risk assessment"}
    summary: {nl: "Beoordeel risico's volgens vaste criteria.", en: "Assess risks against set criteria."}
    source: "ISO/IEC 27001:2022 clause 6.1.2; BIO2 deel 1 §13"
  - id: "27001-10.2"
    title: {nl: "Afwijkingen", en: "Nonconformity"}
    summary: {nl: "Corrigeer afwijkingen en hun oorzaak.", en: "Correct nonconformities and their cause."}
    source: "ISO/IEC 27001:2022 clause 10.2"
"""
WITH_CLAUSES = MINI + SECTION


def problems_of(text_: str) -> list[tuple[int | None, str, str]]:
    catalogue, problems = check_catalogue_text(text_)
    assert catalogue is None
    return [(p.row, p.code, p.message) for p in problems]


def line_of(text_: str, fragment: str) -> int:
    return text_[: text_.index(fragment)].count("\n") + 1


def test_a_clauses_section_is_read_with_parents_and_sort_order():
    catalogue, problems = check_catalogue_text(WITH_CLAUSES)
    assert problems == []
    clauses = {r.code: r for r in catalogue.requirements if r.kind.value == "clause"}
    assert list(clauses) == ["27001-6.1", "27001-6.1.2", "27001-10.2"]
    assert clauses["27001-6.1.2"].parent_code == "27001-6.1" and clauses["27001-6.1"].parent_code is None
    assert clauses["27001-6.1.2"].source.startswith("ISO/IEC 27001:2022 clause 6.1.2")
    keys = [
        sort_key(code) for code in ("27001-6.1", "27001-6.1.2", "27001-6.2", "27001-10.2", "5.1", "21.2.a")
    ]
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    ("change", "code", "words"),
    [
        (('id: "27001-10.2"', 'id: "27001-11.1"'), "catalogue.invalid_id", "'27001-4.1'"),
        (('id: "27001-10.2"', 'id: "6.1"'), "catalogue.invalid_id", "ongeldig id '6.1'"),
        (('id: "27001-6.1"\n', 'id: "27001-6.1"\n    bio2: "§13"\n'), "catalogue.unknown_field", "bio2"),
        (("clause 10.2", "clause 10"), "catalogue.source_names_no_clause", "clause 10.2"),
        (("clause 6.1.2; BIO2", "clause 6.1; BIO2"), "catalogue.source_names_no_clause", "6.1.2"),
        (('    source: "ISO/IEC 27001:2022 clause 10.2"\n', ""), "catalogue.field_missing", "source"),
        (('id: "27001-6.1"', 'id: "27001-6.2"'), "catalogue.clause_parent_missing", "'27001-6.1'"),
        (('id: "27001-10.2"', 'id: "27001-6.1"'), "catalogue.duplicate_id", "eerder op regel"),
    ],
)
def test_the_checker_refuses_a_bad_clause_at_its_line(change, code, words):
    old, new = change
    assert old in SECTION
    broken = MINI + SECTION.replace(old, new, 1)
    found = [p for p in problems_of(broken) if p[1] == code]
    assert found, problems_of(broken)
    row, _code, message = found[0]
    assert words in message and "clausule" in message or code == "catalogue.unknown_field"
    assert row > line_of(broken, "iso27001_clauses:")


def test_a_mapping_from_a_clause_is_accepted_and_one_to_a_clause_refused():
    mapping = (
        'mappings:\n  - from: "27001-6.1.2"\n    to: "21.2.a"\n'
        '    relationship: subset\n    rationale: "Risicobeoordeling."\n'
    )
    assert "mappings:" in MINI
    catalogue, problems = check_catalogue_text(WITH_CLAUSES.replace("mappings:\n", mapping, 1))
    assert problems == [] and catalogue is not None
    assert ("27001-6.1.2", "21.2.a", "subset") in {
        (m.source, m.target, m.relationship) for m in catalogue.mappings
    }
    backwards = mapping.replace('"27001-6.1.2"', '"21.2.a"').replace('to: "21.2.a"', 'to: "27001-6.1.2"')
    assert [p[1] for p in problems_of(WITH_CLAUSES.replace("mappings:\n", backwards, 1))] == [
        "catalogue.mapping_from_not_bio2"
    ]


@pytest.fixture
def clauses_loaded(db, mini_catalogue):
    load_catalogue(session=db, catalogue=check_catalogue_text(WITH_CLAUSES.replace("test.1", "test.3"))[0])
    db.commit()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "",
            [
                "27001-6.1",
                "27001-6.1.2",
                "27001-10.2",
                "5.1",
                "5.01.01",
                "5.01.02",
                "5.01.03",
                "5.2",
                "5.10",
                "5.10.01",
                "21.2.a",
            ],
        ),
        ("q=6.1", ["27001-6.1", "27001-6.1.2"]),
        ("q=27001-6.1.2", ["27001-6.1", "27001-6.1.2"]),  # the clause is shown as context
        ("q=5.1", ["5.1", "5.01.01", "5.01.02", "5.01.03"]),  # clause 5.1 is not in this file
        ("q=10", ["27001-10.2"]),
        ("kader=iso27001", ["27001-6.1", "27001-6.1.2", "27001-10.2"]),
        ("soort=clause&q=oorzaak", ["27001-10.2"]),
        ("thema=5&soort=clause", []),
    ],
)
def test_the_catalogue_page_lists_clauses_by_chapter(
    client, world, clauses_loaded, login_as, query, expected
):
    login_as(Role.AUDITOR)
    page = get(client, f"{BASE}/?{query}")
    assert codes_on(page) == expected
    if not query:
        assert "6. Planning van het ISMS" in page and "10. Verbetering" in page
        assert "Managementsysteem: clausules van ISO/IEC 27001 (BIO2 deel 1)" in page


def test_the_requirement_page_of_a_clause(client, world, clauses_loaded, login_as):
    login_as(Role.CISO)
    page = get(client, f"{BASE}/eis/27001-6.1.2")
    assert "clausule managementsysteem (ISO 27001)" in page and "ISO 27001 (ISMS)" in page
    assert "Onderdeel van clausule" in page and re.search(r'href="[^"]+/eis/27001-6.1"', page)
    parent = get(client, f"{BASE}/eis/27001-6.1")
    assert "Onderdelen van deze clausule" in parent and "/eis/27001-6.1.2" in parent
    assert "Overheidsmaatregelen" not in parent


def test_the_filter_form_offers_the_framework_and_kind(client, world, clauses_loaded, login_as):
    login_as(Role.MANAGEMENT)
    page = get(client, f"{BASE}/")
    assert '<option value="iso27001">ISO 27001 (ISMS)</option>' in page
    assert '<option value="clause">clausule managementsysteem (ISO 27001)</option>' in page
    assert CatalogueFilter(query="27001-9.3").is_id_query and not CatalogueFilter(query="27001 9").is_id_query


def test_the_database_refuses_an_unknown_kind_and_takes_a_clause(db, clauses_loaded):
    rows = db.exec(text("SELECT code, kind, framework FROM requirement WHERE kind = 'clause'")).all()
    assert {tuple(row) for row in rows} >= {("27001-6.1", "clause", "iso27001")}
    with pytest.raises(IntegrityError):
        db.exec(text("UPDATE requirement SET kind = 'clausule' WHERE code = '27001-6.1'"))
    db.rollback()

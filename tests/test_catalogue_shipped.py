"""The shipped catalogue (data/bio_controls.yaml): the counts BIO2 v1.3, ISO/IEC 27001 and NIS2 prescribe, every
id in its format, every mapping resolving, every NIS2 21(2) point covered; and `naleving init` end to end."""

from __future__ import annotations

import re
import uuid
from collections import Counter

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, func, select

from controls.catalogue import SHIPPED_CATALOGUE, check_catalogue_file
from controls.models import CatalogueLoad, Mapping, Requirement
from controls.parsed_catalogue import (
    CLAUSE_ID,
    CONTROL_ID,
    MEASURE_ID,
    NIS2_ID,
    clause_number,
    control_of_measure,
)
from tests.conftest import POSTGRES_URL, TEST_DB, engine_of, make_test_config


@pytest.fixture(scope="module")
def shipped():
    catalogue, problems = check_catalogue_file(SHIPPED_CATALOGUE)
    assert problems == [], problems[:10]
    return catalogue


def of_kind(catalogue, kind: str):
    return [r for r in catalogue.requirements if r.kind.value == kind]


def test_93_controls_in_four_themes(shipped):
    controls = of_kind(shipped, "control")
    assert len(controls) == 93
    assert Counter(r.theme for r in controls) == {5: 37, 6: 8, 7: 14, 8: 34}
    expected = {
        f"{theme}.{n}" for theme, size in {5: 37, 6: 8, 7: 14, 8: 34}.items() for n in range(1, size + 1)
    }
    assert {r.code for r in controls} == expected


def test_measures_per_status(shipped):
    measures = of_kind(shipped, "measure")
    assert Counter(r.status for r in measures) == {"active": 118, "withdrawn": 4, "moved": 4}
    assert sorted(r.code for r in measures if r.status == "withdrawn") == [
        "5.21.01",
        "5.35.01",
        "7.01.01",
        "8.24.03",
    ]
    moved = {r.code: r.moved_to for r in measures if r.status == "moved"}
    assert moved == {"5.04.02": "5.10.02", "5.04.03": "5.10.03", "5.24.06": "5.21.05", "5.25.01": "5.26.02"}
    by_code = {r.code: r for r in measures}
    for old, new in moved.items():
        assert old in by_code[new].replaces and by_code[new].status == "active"


def test_controls_with_and_without_government_measures(shipped):
    controls = of_kind(shipped, "control")
    without = [r.code for r in controls if not r.government_measures]
    assert len(without) == 39
    active_parents = {r.parent_code for r in of_kind(shipped, "measure") if r.status == "active"}
    assert active_parents == {r.code for r in controls if r.government_measures}
    assert len(active_parents) == 93 - 39


def test_well_known_measures(shipped):
    by_code = {r.code: r for r in shipped.requirements}
    for code in ("5.01.02", "5.36.01", "5.35.02"):  # the measures tied to the P&C cycle
        assert by_code[code].status == "active" and "basishygiene" in by_code[code].categories
    assert "5.03.01" not in by_code  # a "Geen overheidsmaatregel" heading is not a measure


# ISO/IEC 27001:2022 (with Amd 1:2024) clauses 4.1-10.2 as the issue lists them: 34 requirements.
CLAUSES = [
    "4.1",
    "4.2",
    "4.3",
    "4.4",
    "5.1",
    "5.2",
    "5.3",
    "6.1",
    "6.1.1",
    "6.1.2",
    "6.1.3",
    "6.2",
    "6.3",
    "7.1",
    "7.2",
    "7.3",
    "7.4",
    "7.5",
    "7.5.1",
    "7.5.2",
    "7.5.3",
    "8.1",
    "8.2",
    "8.3",
    "9.1",
    "9.2",
    "9.2.1",
    "9.2.2",
    "9.3",
    "9.3.1",
    "9.3.2",
    "9.3.3",
    "10.1",
    "10.2",
]


def test_the_iso27001_clauses(shipped):
    clauses = {r.code: r for r in of_kind(shipped, "clause")}
    assert [clause_number(code) for code in clauses] == CLAUSES
    parents = {code: r.parent_code for code, r in clauses.items() if r.parent_code}
    assert parents == {
        f"27001-{sub}": f"27001-{sub.rsplit('.', 1)[0]}"
        for sub in (
            "6.1.1",
            "6.1.2",
            "6.1.3",
            "7.5.1",
            "7.5.2",
            "7.5.3",
            "9.2.1",
            "9.2.2",
            "9.3.1",
            "9.3.2",
            "9.3.3",
        )
    }
    for code, r in clauses.items():
        assert f"ISO/IEC 27001:2022 clause {clause_number(code)}" in r.source, code
        assert r.status == "active" and r.theme is None and not r.categories
    assert "klimaat" in clauses["27001-4.1"].summary["nl"]  # Amd 1:2024
    assert "verklaring van toepasselijkheid" in clauses["27001-6.1.3"].summary["nl"]


def test_every_id_in_its_format(shipped):
    patterns = {"control": CONTROL_ID, "measure": MEASURE_ID, "nis2": NIS2_ID, "clause": CLAUSE_ID}
    for r in shipped.requirements:
        assert patterns[r.kind.value].match(r.code), r.code
        if r.kind.value == "measure":
            assert r.parent_code == control_of_measure(r.code)
            assert r.categories and set(r.categories) <= {"basishygiene", "ketenhygiene", "overheidsrisicos"}


def test_nis2_requirements(shipped):
    nis2 = {r.code: r for r in of_kind(shipped, "nis2")}
    points = {f"21.2.{letter}" for letter in "abcdefghij"}
    assert points <= set(nis2)
    assert {"20.1", "20.2"} <= set(nis2)
    assert any(code.startswith("23.") for code in nis2)
    for r in nis2.values():
        assert r.article and r.cbw.startswith("Cbw"), r.code
    reporting = " ".join(r.summary["nl"] for code, r in nis2.items() if code.startswith("23."))
    for deadline in ("24 uur", "72 uur", "een maand"):
        assert deadline in reporting


def test_every_nis2_21_2_point_has_a_mapping(shipped):
    targets = Counter(m.target for m in shipped.mappings)
    for letter in "abcdefghij":
        assert targets[f"21.2.{letter}"] >= 1, letter


def test_every_active_measure_has_a_mapping(shipped):
    sources = {m.source for m in shipped.mappings}
    unmapped = [r.code for r in of_kind(shipped, "measure") if r.status == "active" and r.code not in sources]
    assert unmapped == []


def test_the_isms_clauses_map_to_nis2_never_fully(shipped):
    """A clause asks for an ISMS process; it never covers a NIS2 point alone (coverage: docs/rules.md)."""
    links = {(m.source, m.target): m.relationship for m in shipped.mappings if m.source.startswith("27001-")}
    for pair in (
        ("27001-5.1", "20.1"),
        ("27001-6.1.2", "21.2.a"),
        ("27001-9.1", "21.2.f"),
        ("27001-10.2", "21.4"),
    ):
        assert pair in links, pair
    assert set(links.values()) <= {"subset", "intersect"}


def test_the_5_17_01_summary_names_what_the_measure_asks(shipped):
    summary = next(r.summary for r in shipped.requirements if r.code == "5.17.01")
    for words in ("CISO", "passkey", "tweede factor", "formele procedures", "use cases"):
        assert words in summary["nl"], words
    for words in ("CISO", "passkey", "second factor", "formal procedures", "use cases"):
        assert words in summary["en"], words


def test_every_mapping_resolves_and_has_a_rationale(shipped):
    by_code = {r.code: r for r in shipped.requirements}
    for m in shipped.mappings:
        assert (
            by_code[m.source].kind.value in ("control", "measure", "clause")
            and by_code[m.source].status == "active"
        )
        assert by_code[m.target].kind.value == "nis2"
        assert m.relationship in ("equal", "subset", "superset", "intersect")
        assert m.rationale["nl"] and m.rationale["en"]


def test_texts_in_both_languages_with_a_source(shipped):
    for r in shipped.requirements:
        assert r.title["nl"] and r.title["en"], r.code
        assert r.summary.get("nl") and r.summary.get("en"), r.code
        assert r.source, r.code


def test_the_shipped_file_is_ours_only():
    """Our own summaries: no official full text (that is the overlay's job), no aliases, no tags."""
    text = SHIPPED_CATALOGUE.read_text(encoding="utf-8")
    assert not re.search(r"^\s*(text|full_text|text_nl|text_en):", text, re.MULTILINE)
    assert "!!" not in text


def test_loaded_catalogue_matches_the_file(db, catalogue, shipped):
    rows = {r.code: r for r in db.exec(select(Requirement)).all()}
    assert len(rows) == len(shipped.requirements) == 34 + 93 + 126 + len(of_kind(shipped, "nis2"))
    by_id = {r.id: r for r in rows.values()}
    mappings = db.exec(select(Mapping)).all()
    assert len(mappings) == len(shipped.mappings)
    assert all(m.source_id in by_id and m.target_id in by_id for m in mappings)
    for r in rows.values():
        if r.kind == "measure":
            assert by_id[r.parent_id].code == control_of_measure(r.code)
        if r.kind == "clause":
            assert r.framework == "iso27001"
            assert (by_id[r.parent_id].code if r.parent_id else None) == shipped_parent(shipped, r.code)
    ordered = [r.code for r in sorted(rows.values(), key=lambda r: r.sort_key)]
    assert ordered[:34] == [f"27001-{number}" for number in CLAUSES]  # the ISMS first (BIO2 part 1)
    assert ordered[34:36] == ["5.1", "5.01.01"] and ordered[-1] == "23.4.e"


def shipped_parent(shipped, code):
    return next(r.parent_code for r in shipped.requirements if r.code == code)


def test_catalogue_check_on_the_shipped_file_exits_0(cli):
    result = cli("catalogue", "check")
    assert result.exit_code == 0, result.stderr
    assert "34 clause, 93 control, 126 measure" in result.stdout


@pytest.fixture
def fresh_database_url(tmp_path):
    """An empty database without any schema: a new SQLite file, or a new PostgreSQL database."""
    if TEST_DB == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite'}"
        return
    name = f"naleving_fresh_{uuid.uuid4().hex[:10]}"
    admin = create_engine(make_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_init_twice_on_a_fresh_database(cli, tmp_path, monkeypatch, make_app, fresh_database_url):
    monkeypatch.setenv("NALEVING_DATABASE_URL", fresh_database_url)
    first = cli("init")
    assert first.exit_code == 0, first.stderr
    assert "catalogus 2026.3: 277 nieuw" in first.stdout
    second = cli("init")
    assert second.exit_code == 0, second.stderr
    assert "ongewijzigd" in second.stdout
    app = make_app(make_test_config(fresh_database_url, tmp_path / "instance"))
    with Session(engine_of(app)) as session:
        assert session.exec(select(func.count()).select_from(Requirement)).one() == 34 + 93 + 126 + 24
        assert session.exec(select(func.count()).select_from(Mapping)).one() == 271
        assert session.exec(select(func.count()).select_from(CatalogueLoad)).one() == 1

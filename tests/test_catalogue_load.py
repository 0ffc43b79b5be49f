"""Loading and upgrading the catalogue: nothing is ever deleted, withdrawn requirements are kept and marked,
new ones appear, `replaces:` links old ids to new ones, a re-load changes nothing and a bad file loads nothing."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from controls import catalogue as catalogue_module
from controls.catalogue import CatalogueError, check_catalogue_text, load_catalogue, load_catalogue_file
from controls.models import CatalogueLoad, Mapping, Requirement
from tests.conftest import MINI_CATALOGUE

V1 = MINI_CATALOGUE.read_text(encoding="utf-8")

# Version 2 of the mini catalogue:
# - 5.01.02 is removed from the file (withdrawn);
# - 5.01.01 is renumbered to 5.10.02, which `replaces:` it (the old id is no longer in the file);
# - 5.10.03 is new;
# - the mapping from 5.01.01 now comes from 5.10.02, and 5.10.03 maps to 21.2.a as well;
# - control 5.1, with none of its measures left, says so (government_measures: false).
V2 = (
    V1.replace('version: "test.1"', 'version: "test.2"')
    .replace(
        """  - id: "5.01.01"
    control: "5.1"
    categories: [basishygiene]
    title: {nl: "Beleid vastgesteld", en: "Policy adopted"}
    summary: {nl: "Het bestuur stelt het beleid vast.", en: "The board adopts the policy."}
    status: active
  - id: "5.01.02"
    control: "5.1"
    categories: [basishygiene, overheidsrisicos]
    title: {nl: "Jaarlijkse herziening", en: "Yearly review"}
    summary: {nl: "Jaarlijks herzien in de P&C-cyclus.", en: "Reviewed yearly in the P&C cycle."}
""",
        "",
    )
    .replace(
        """    replaces: ["5.01.03"]
""",
        """    replaces: ["5.01.03"]
  - id: "5.10.02"
    control: "5.10"
    categories: [basishygiene]
    title: {nl: "Beleid vastgesteld (nieuw nummer)", en: "Policy adopted (new number)"}
    summary: {nl: "Het bestuur stelt het beleid vast.", en: "The board adopts the policy."}
    replaces: ["5.01.01"]
  - id: "5.10.03"
    control: "5.10"
    categories: [ketenhygiene]
    title: {nl: "Nieuwe eis", en: "New requirement"}
    summary: {nl: "Nieuw in versie 2.", en: "New in version 2."}
""",
    )
    .replace('  - from: "5.01.01"', '  - from: "5.10.02"')
    # 5.1 has no measure in force any more
    .replace(
        '    government_measures: true\n    source: "ISO/IEC 27002:2022 5.1"',
        "    government_measures: false",
    )
    + """  - from: "5.10.03"
    to: "21.2.a"
    relationship: intersect
    rationale: {nl: "Nieuwe eis raakt 21.2.a.", en: "New requirement touches 21.2.a."}
"""
)


def parsed(text: str):
    catalogue, problems = check_catalogue_text(text)
    assert problems == [], problems
    return catalogue


def requirements(db) -> dict[str, Requirement]:
    db.expire_all()
    return {r.code: r for r in db.exec(select(Requirement)).all()}


def mapping_pairs(db) -> set[tuple[str, str, str]]:
    rows = requirements(db)
    by_id = {r.id: code for code, r in rows.items()}
    return {(by_id[m.source_id], by_id[m.target_id], m.relationship) for m in db.exec(select(Mapping)).all()}


def load(db, text: str):
    result = load_catalogue(session=db, catalogue=parsed(text))
    db.commit()
    return result


def test_v2_is_a_valid_catalogue():
    """The scenario below relies on V2 being accepted by the checker, with 5.1 still having measures."""
    catalogue = parsed(V2)
    assert {r.code for r in catalogue.requirements} == {
        "5.1",
        "5.2",
        "5.10",
        "5.01.03",
        "5.10.01",
        "5.10.02",
        "5.10.03",
        "21.2.a",
    }


def test_first_load(db, mini_catalogue):
    rows = requirements(db)
    assert len(rows) == 8
    assert {code for code, r in rows.items() if r.kind == "control"} == {"5.1", "5.2", "5.10"}
    assert all(r.introduced_in == "test.1" for r in rows.values())
    assert rows["5.01.01"].parent_id == rows["5.1"].id and rows["5.10.01"].parent_id == rows["5.10"].id
    assert rows["5.01.03"].status == "moved" and rows["5.01.03"].moved_to == "5.10.01"
    assert rows["5.01.03"].withdrawn_in == "test.1" and rows["5.01.01"].withdrawn_in is None
    assert rows["5.01.02"].category_list == ["basishygiene", "overheidsrisicos"]
    assert rows["5.1"].title("en") == "Policies" and rows["5.1"].title("nl") == "Beleid"
    assert rows["5.2"].summary("en") == "" and rows["5.1"].government_measures is True
    assert rows["21.2.a"].framework == "nis2" and rows["21.2.a"].cbw == "Cbw art. 21"
    assert mapping_pairs(db) == {("5.01.01", "21.2.a", "subset"), ("5.1", "21.2.a", "intersect")}
    load_row = db.exec(select(CatalogueLoad)).one()
    assert (load_row.version, load_row.added, load_row.changed, load_row.withdrawn) == ("test.1", 8, 0, 0)
    assert mini_catalogue.replacements == [("5.01.03", "5.10.01")]


def test_upgrade_keeps_withdraws_adds_and_replaces(db, mini_catalogue):
    ids_before = {code: r.id for code, r in requirements(db).items()}
    result = load(db, V2)
    rows = requirements(db)

    # nothing is deleted: every v1 requirement keeps its row (and with it its answers)
    assert {code: rows[code].id for code in ids_before} == ids_before
    # removed from the file: withdrawn, out of the active catalogue, with the version it left in
    withdrawn = rows["5.01.02"]
    assert (withdrawn.status, withdrawn.withdrawn_in, withdrawn.introduced_in) == (
        "withdrawn",
        "test.2",
        "test.1",
    )
    assert not withdrawn.is_active
    # renumbered: the old id is kept, marked moved to the one requirement that replaces it
    renumbered = rows["5.01.01"]
    assert (renumbered.status, renumbered.moved_to, renumbered.withdrawn_in) == ("moved", "5.10.02", "test.2")
    assert rows["5.10.02"].replaces == "5.01.01" and rows["5.10.02"].introduced_in == "test.2"
    assert ("5.01.01", "5.10.02") in result.replacements and ("5.01.03", "5.10.01") in result.replacements
    # new: present, active, introduced in v2
    new = rows["5.10.03"]
    assert (new.status, new.introduced_in, new.withdrawn_in, new.parent_id) == (
        "active",
        "test.2",
        None,
        rows["5.10"].id,
    )
    # unchanged requirements keep their version of introduction
    assert rows["5.1"].introduced_in == "test.1" and rows["5.1"].is_active
    # mappings are the file's: the old one from 5.01.01 is gone
    assert mapping_pairs(db) == {
        ("5.10.02", "21.2.a", "subset"),
        ("5.1", "21.2.a", "intersect"),
        ("5.10.03", "21.2.a", "intersect"),
    }
    load_row = result.load
    assert (load_row.version, load_row.added, load_row.withdrawn) == ("test.2", 2, 2)
    assert db.exec(select(func.count()).select_from(CatalogueLoad)).one() == 2


def test_active_totals_leave_withdrawn_and_moved_out(db, mini_catalogue):
    load(db, V2)
    active = db.exec(select(Requirement.code).where(Requirement.status == "active")).all()
    assert sorted(active) == sorted(["5.1", "5.2", "5.10", "5.10.01", "5.10.02", "5.10.03", "21.2.a"])


def test_reloading_the_same_file_changes_nothing(db, mini_catalogue):
    load(db, V2)
    before = {
        code: (r.status, r.withdrawn_in, r.introduced_in, r.title_nl) for code, r in requirements(db).items()
    }
    mappings_before = mapping_pairs(db)
    again = load(db, V2)
    assert again.unchanged and again.load.version == "test.2"
    after = {
        code: (r.status, r.withdrawn_in, r.introduced_in, r.title_nl) for code, r in requirements(db).items()
    }
    assert after == before and mapping_pairs(db) == mappings_before
    assert db.exec(select(func.count()).select_from(CatalogueLoad)).one() == 2


def test_a_later_version_keeps_the_version_of_withdrawal(db, mini_catalogue):
    load(db, V2)
    load(
        db, V2.replace('version: "test.2"', 'version: "test.3"').replace("Nieuwe eis", "Nieuwe eis, herzien")
    )
    rows = requirements(db)
    assert rows["5.01.02"].withdrawn_in == "test.2" and rows["5.01.01"].withdrawn_in == "test.2"
    assert rows["5.10.03"].title_nl == "Nieuwe eis, herzien" and rows["5.10.03"].introduced_in == "test.2"


def test_a_returning_requirement_is_active_again(db, mini_catalogue):
    load(db, V2)
    load(db, V1.replace('version: "test.1"', 'version: "test.3"'))
    rows = requirements(db)
    assert rows["5.01.02"].status == "active" and rows["5.01.02"].withdrawn_in is None
    assert rows["5.10.03"].status == "withdrawn"  # v3 no longer has it


def test_a_bad_file_loads_nothing(db, mini_catalogue, tmp_path):
    before = {code: (r.status, r.title_nl) for code, r in requirements(db).items()}
    broken = tmp_path / "v2.yaml"
    broken.write_text(V2.replace('  - id: "5.10.03"', '  - id: "5.10.3"'), encoding="utf-8")
    with pytest.raises(CatalogueError) as error:
        load_catalogue_file(session=db, path=broken)
    db.rollback()
    assert error.value.source == str(broken)
    assert any("ongeldig id '5.10.3'" in problem.message for problem in error.value.problems)
    assert {code: (r.status, r.title_nl) for code, r in requirements(db).items()} == before
    assert db.exec(select(func.count()).select_from(CatalogueLoad)).one() == 1


def test_a_failure_halfway_leaves_the_previous_catalogue(db, mini_catalogue, monkeypatch):
    """The loader only flushes; the caller's rollback undoes the half-done load."""
    before = {code: (r.status, r.title_nl, r.withdrawn_in) for code, r in requirements(db).items()}
    mappings_before = mapping_pairs(db)

    def failing_mapping(**_values):
        raise RuntimeError("database gone")

    monkeypatch.setattr(catalogue_module, "Mapping", failing_mapping)
    with pytest.raises(RuntimeError):
        load_catalogue(session=db, catalogue=parsed(V2))
    db.rollback()
    monkeypatch.undo()
    assert {code: (r.status, r.title_nl, r.withdrawn_in) for code, r in requirements(db).items()} == before
    assert mapping_pairs(db) == mappings_before
    assert db.exec(select(func.count()).select_from(CatalogueLoad)).one() == 1


def test_cli_load_upgrades_and_reports(cli, db, mini_catalogue, tmp_path):
    path = tmp_path / "v2.yaml"
    path.write_text(V2, encoding="utf-8")
    result = cli("catalogue", "load", str(path))
    assert result.exit_code == 0, result.stderr
    assert "catalogus test.2 geladen: 2 nieuw" in result.stdout and "2 vervallen" in result.stdout
    again = cli("catalogue", "load", str(path))
    assert again.exit_code == 0 and "was al geladen" in again.stdout


def test_cli_load_of_a_bad_file_prints_every_problem_and_loads_nothing(cli, db, mini_catalogue, tmp_path):
    path = tmp_path / "v2.yaml"
    path.write_text(
        V2.replace('    to: "21.2.a"\n', '    to: "21.2.x"\n', 1).replace("[ketenhygiene]", "[keten]", 1),
        encoding="utf-8",
    )
    result = cli("catalogue", "load", str(path))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"{path}:") and "onbekende categorie 'keten'" in line for line in lines)
    assert any(line.startswith(f"{path}:") and "onbekend id '21.2.x'" in line for line in lines)
    assert lines[-1].startswith("naleving: ")
    assert db.exec(select(func.count()).select_from(CatalogueLoad)).one() == 1

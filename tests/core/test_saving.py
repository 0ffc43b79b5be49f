"""core.tabular.apply_rows: the one row loop of the register imports. Every row's problems before anything is
saved, the order of the saves, a save's broken rule placed at its row, a conflict as StaleEdit, and a dry run
that saves in a savepoint it rolls back."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from core.errors import Problem, RuleError, StaleEdit
from core.models import Organisation
from core.tabular import Change, Column, ImportResult, Row, SheetSpec, apply_rows

SPEC = SheetSpec(
    name="Gemeenten", ref="slug", columns=(Column("Slug", key="slug"), Column("Naam", key="name"))
)


def rows(*refs: str) -> list[tuple[Row, str]]:
    """One row a reference (blank: a new row), numbered from 2, with its name as what the area made of it."""
    return [
        (Row(number, ref, {"revision": None}), f"Gemeente {number}") for number, ref in enumerate(refs, 2)
    ]


def add_organisation(db):
    def save(row: Row, name: str, result: ImportResult) -> None:
        slug = row.ref or f"nieuw-{row.number}"
        db.add(Organisation(slug=slug, name=name))
        db.flush()
        result.add_created(row, slug)

    return save


def slugs(db) -> list[str]:
    return list(db.exec(select(Organisation.slug).where(col(Organisation.slug).like("%-%"))).all())


def test_every_rows_problems_come_before_any_save(db):
    checked = rows("a-1", "b-2", "c-3")
    checked[0][0].problem("tabular.not_an_integer", "name", value="x")
    checked[2][0].problem("tabular.duplicate", "slug", first_row=2)
    with pytest.raises(RuleError) as caught:
        apply_rows(SPEC, [*checked, (Row(5, "d-4"), None)], add_organisation(db), session=db, dry_run=False)
    assert [(p.code, p.row) for p in caught.value.problems] == [
        ("tabular.not_an_integer", 2),
        ("tabular.duplicate", 4),
    ]
    assert slugs(db) == []


def test_a_lower_group_first_then_the_rows_that_name_their_reference(db):
    saved: list[int] = []
    result = apply_rows(
        SPEC,
        rows("", "p-1", "", "s-1", "p-2"),
        lambda row, _name, _result: saved.append(row.number),
        session=db,
        dry_run=False,
        group=lambda row: 1 if row.ref.startswith("s") else 0,
    )
    assert saved == [3, 6, 2, 4, 5]  # p-1, p-2 named; the new rows; then the group of s-1
    assert not result.dry_run


def test_a_rule_a_save_breaks_is_placed_at_its_row(db):
    def save(row: Row, _name: str, _result: ImportResult) -> None:
        if row.number == 3:
            raise RuleError(Problem("risk.reference_taken", {"reference": "b-2"}, "reference"))

    with pytest.raises(RuleError) as caught:
        apply_rows(SPEC, rows("a-1", "b-2"), save, session=db, dry_run=False)
    assert [(p.code, p.row, p.ref) for p in caught.value.problems] == [("risk.reference_taken", 3, "b-2")]


@pytest.mark.parametrize(("ref", "subject"), [("dubbel-1", "dubbel-1"), ("", "Gemeenten")])
def test_a_conflict_in_the_database_is_a_stale_edit_of_the_row_or_the_sheet(db, ref, subject):
    db.add(Organisation(slug="dubbel-1" if ref else "nieuw-2", name="Er al"))
    db.flush()
    with pytest.raises(StaleEdit) as caught:
        apply_rows(SPEC, rows(ref), add_organisation(db), session=db, dry_run=False)
    assert caught.value.subject == subject
    db.rollback()


def test_a_dry_run_saves_every_row_and_leaves_nothing(db):
    result = apply_rows(SPEC, rows("a-1", "", "b-2"), add_organisation(db), session=db, dry_run=True)
    assert result.dry_run and result.created == ["a-1", "b-2", "nieuw-3"]
    assert slugs(db) == []
    result = apply_rows(SPEC, rows("a-1", "", "b-2"), add_organisation(db), session=db, dry_run=False)
    assert sorted(slugs(db)) == ["a-1", "b-2", "nieuw-3"]


def test_a_dry_run_whose_save_fails_leaves_nothing_either(db):
    def save(row: Row, name: str, result: ImportResult) -> None:
        add_organisation(db)(row, name, result)
        if row.number == 3:
            raise RuleError(Problem("risk.reference_taken", {"reference": row.ref}))

    with pytest.raises(RuleError):
        apply_rows(SPEC, rows("a-1", "b-2"), save, session=db, dry_run=True)
    assert slugs(db) == []


def test_the_result_names_each_saved_row_with_its_change():
    """The one bookkeeping of the register imports (plan, scope, risk): made and changed rows with their cells."""
    result = ImportResult()
    result.add_created(Row(2, ""), "R-001")
    result.add_updated(Row(3, "R-002"), "R-002", ["Titel", "Eigenaar"])
    result.unchanged.append("R-003")
    assert (result.created, result.updated, result.unchanged) == (["R-001"], ["R-002"], ["R-003"])
    assert result.changes == [Change(2, "R-001", new=True), Change(3, "R-002", ("Titel", "Eigenaar"))]

"""Saving a register's checked rows, all or nothing: the one row loop of the risks, actions and scope imports.

A dry run saves too, in a savepoint it rolls back: so it reports exactly what the save would do (the
references new rows would get, what the save's steps would hold for approval or make) and leaves nothing
behind, as the answers import does."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from core.errors import RuleError, StaleEdit
from core.tabular.reader import ImportResult, Row
from core.tabular.spec import SheetSpec

if TYPE_CHECKING:
    from sqlmodel import Session

T = TypeVar("T")


def apply_rows(
    spec: SheetSpec,
    rows: Sequence[tuple[Row, T | None]],
    save: Callable[[Row, T, ImportResult], None],
    *,
    session: Session,
    dry_run: bool,
    group: Callable[[Row], int] = lambda _row: 0,
) -> ImportResult:
    """Run every row through the area's `save(row, checked, result)`, which saves it and counts it in the
    result; `checked` is what the area made of the row, None when its cells are wrong (then it has problems).
    RuleError with every row's problems, before anything is saved; a RuleError of a save (another save
    took a reference meanwhile) placed at its row; StaleEdit when another save wrote a revision meanwhile.

    The rows are saved a `group` after the other (lowest first: the scope's processes before the systems that
    name them), and within one the rows that name their reference first, so that the numbers given to new rows
    cannot collide with them."""
    from sqlalchemy.exc import IntegrityError  # when rows are saved: core.tabular loads no database layer

    problems = [problem for row, _checked in rows for problem in row.problems]
    if problems:
        raise RuleError(problems)
    checked = [(row, item) for row, item in rows if item is not None]
    result = ImportResult(dry_run=dry_run)
    savepoint = session.begin_nested() if dry_run else None
    try:
        for row, item in sorted(checked, key=lambda pair: (group(pair[0]), not pair[0].ref, pair[0].number)):
            try:
                save(row, item, result)
            except RuleError as error:
                raise RuleError(
                    [problem.at(row=row.number, ref=row.ref) for problem in error.problems]
                ) from None
            except IntegrityError:
                raise StaleEdit(row.ref or spec.name, row.values.get("revision"), None) from None
    finally:
        if savepoint is not None:
            savepoint.rollback()
    return result

"""What a restored database must pass. The `record` branch's `naleving verify` joins RESTORED_CHECKS as one
line (see the comment there)."""

from __future__ import annotations

from sqlalchemy import and_, exists, func, not_, select, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel

from tests.conftest import engine_of


def orphans(app) -> list[str]:
    """Every foreign key that names a missing row, as 'table.[columns] -> parent: N rows' (none: [])."""
    found = []
    with engine_of(app).connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            for constraint in table.foreign_key_constraints:
                parent = constraint.referred_table.alias("parent")  # an alias: a table may refer to itself
                pairs = [(element.parent, parent.c[element.column.name]) for element in constraint.elements]
                matched = exists().where(and_(*(p == c for c, p in pairs))).select_from(parent)
                query = (
                    select(func.count())
                    .select_from(table)
                    .where(and_(*(c.is_not(None) for c, _p in pairs)), not_(matched))
                )
                count = connection.execute(query).scalar_one()
                if count:
                    columns = [c.name for c, _p in pairs]
                    found.append(f"{table.name}.{columns} -> {constraint.referred_table.name}: {count} rows")
    return found


def triggers(app) -> dict[str, set[str]]:
    """The triggers of the database, by table."""
    with engine_of(app).connect() as connection:
        if connection.dialect.name == "postgresql":
            query = (
                "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal"
            )
        else:
            query = "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'"
        found: dict[str, set[str]] = {}
        for table, name in connection.execute(text(query)):
            found.setdefault(table, set()).add(name)
    return found


def refuses_changes(app, statement: str) -> bool:
    """Whether the database refuses `statement` (nothing it did is kept either way)."""
    with engine_of(app).connect() as connection:
        try:
            connection.execute(text(statement))
        except DBAPIError:
            return True
        finally:
            connection.rollback()
    return False


def check_foreign_keys(app, cli) -> None:
    found = orphans(app)
    assert found == [], found


def check_append_only(app, cli) -> None:
    """Every append-only history table still has its triggers (which refuse UPDATE and DELETE)."""
    guarded = [t.name for t in SQLModel.metadata.sorted_tables if t.info.get("append_only")]
    present = triggers(app)
    assert guarded and all(present.get(name) for name in guarded), (guarded, present)


RESTORED_CHECKS = [
    check_foreign_keys,
    check_append_only,
    # once `naleving verify` exists (record branch):
    # lambda app, cli: (result := cli("verify")).exit_code == 0 or pytest.fail(result.stderr),
]


def check_restored(app, cli) -> None:
    for check in RESTORED_CHECKS:
        check(app, cli)

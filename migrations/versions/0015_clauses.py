"""clauses: the catalogue's requirements may be ISO/IEC 27001:2022 clauses (kind 'clause', framework 'iso27001')

Revision ID: 0015
Revises: 0011_scope
Create Date: 2026-12-01

Only the CHECK constraints of `requirement` change: they allow the new kind and framework. The clauses themselves
come with the catalogue file (`naleving catalogue load` or `naleving init`), as every requirement does. On SQLite
the table is rebuilt (batch mode); migrations/env.py turns foreign keys off meanwhile and checks them after.
Downgrading refuses while clauses are in the catalogue: their answers would lose their requirement's kind.
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0011_scope"
branch_labels = None
depends_on = None

# Written out, as core.dbtypes.enum_check renders them for the models, so this migration does not change when the
# enums do.
KINDS_BEFORE = "kind IN ('control', 'measure', 'nis2')"
KINDS_AFTER = "kind IN ('clause', 'control', 'measure', 'nis2')"
FRAMEWORKS_BEFORE = "framework IN ('bio2', 'nis2')"
FRAMEWORKS_AFTER = "framework IN ('bio2', 'nis2', 'iso27001')"


def _replace_checks(kinds: str, frameworks: str) -> None:
    with op.batch_alter_table("requirement", schema=None) as batch_op:
        batch_op.drop_constraint("ck_requirement_kind", type_="check")
        batch_op.drop_constraint("ck_requirement_framework", type_="check")
        batch_op.create_check_constraint("ck_requirement_kind", sa.text(kinds))
        batch_op.create_check_constraint("ck_requirement_framework", sa.text(frameworks))


def upgrade() -> None:
    _replace_checks(KINDS_AFTER, FRAMEWORKS_AFTER)


def downgrade() -> None:
    clauses = (
        op.get_bind().execute(sa.text("SELECT count(*) FROM requirement WHERE kind = 'clause'")).scalar()
    )
    if clauses:
        raise RuntimeError(
            f"the catalogue holds {clauses} ISO 27001 clauses, which no catalogue load removes; "
            "restore a backup made before revision 0015 instead"
        )
    _replace_checks(KINDS_BEFORE, FRAMEWORKS_BEFORE)

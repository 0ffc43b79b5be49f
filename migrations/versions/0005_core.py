"""core: one head for the areas' branches; the audit trail keeps the actor's name and what changed

Revision ID: 0005
Revises: 0002, 0003, 0004
Create Date: 2026-12-01

The tables of organisations, users, memberships and the audit trail keep their names (they moved from the web
layer to `core/` in the code only), so every row stays where it is. The two new columns of `auditevent` get
empty defaults, and the actor's name is filled in from the user table for the events recorded before.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = ("0002", "0003", "0004")
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("actor_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("changes", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default="")
        )
    op.execute(
        "UPDATE auditevent SET actor_name = (SELECT COALESCE(NULLIF(u.name, ''), u.email) FROM user_account u "
        "WHERE u.id = auditevent.actor_id) WHERE actor_id IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        batch_op.drop_column("changes")
        batch_op.drop_column("actor_name")

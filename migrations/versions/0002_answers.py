"""answers: answers, their revisions and evidence

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('requirement_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.ForeignKeyConstraint(['requirement_id'], ['requirement.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('organisation_id', 'requirement_id')
    )
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_answer_requirement_id'), ['requirement_id'], unique=False)

    op.create_table('answerrevision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('applicability', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('implementation', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('design', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('existence', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('operation', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('planned_on', sa.Date(), nullable=True),
    sa.Column('owner', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('risk_reference', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('last_reviewed_on', sa.Date(), nullable=False),
    sa.Column('next_review_due', sa.Date(), nullable=False),
    sa.CheckConstraint("applicability IN ('applicable', 'not_applicable', 'inherited')", name='ck_answerrevision_applicability'),
    sa.CheckConstraint("design IN ('not_assessed', 'insufficient', 'sufficient')", name='ck_answerrevision_design'),
    sa.CheckConstraint("existence IN ('not_assessed', 'insufficient', 'sufficient')", name='ck_answerrevision_existence'),
    sa.CheckConstraint("implementation IN ('implemented', 'partially', 'planned', 'not_implemented')", name='ck_answerrevision_implementation'),
    sa.CheckConstraint("operation IN ('not_assessed', 'insufficient', 'sufficient')", name='ck_answerrevision_operation'),
    sa.ForeignKeyConstraint(['answer_id'], ['answer.id'], ),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('answer_id', 'number')
    )
    with op.batch_alter_table('answerrevision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answerrevision_answer_id'), ['answer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_answerrevision_recorded_at'), ['recorded_at'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('stored_name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('added_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('added_by_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('removed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('removed_by_id', sa.Integer(), nullable=True),
    sa.Column('removed_by_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.CheckConstraint("kind IN ('file', 'link')", name='ck_evidence_kind'),
    sa.ForeignKeyConstraint(['added_by_id'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['answer_id'], ['answer.id'], ),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.ForeignKeyConstraint(['removed_by_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_answer_id'), ['answer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_organisation_id'), ['organisation_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_answer_id'))

    op.drop_table('evidence')
    with op.batch_alter_table('answerrevision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answerrevision_recorded_at'))
        batch_op.drop_index(batch_op.f('ix_answerrevision_answer_id'))

    op.drop_table('answerrevision')
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_requirement_id'))
        batch_op.drop_index(batch_op.f('ix_answer_organisation_id'))

    op.drop_table('answer')

"""The tables of comply-or-explain answers: an answer per organisation and requirement, its append-only
revisions, and the evidence tied to it."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core import clock
from core.chain import Chained, history
from core.dbtypes import enum_check, table_of


class Applicability(StrEnum):
    APPLICABLE = "applicable"
    NOT_APPLICABLE = "not_applicable"
    INHERITED = "inherited"  # carried out by the provider organisation (shared service)


class Implementation(StrEnum):
    IMPLEMENTED = "implemented"
    PARTIALLY = "partially"
    PLANNED = "planned"
    NOT_IMPLEMENTED = "not_implemented"


class Assessment(StrEnum):
    """How design, existence or operation (opzet, bestaan, werking) was judged."""

    NOT_ASSESSED = "not_assessed"
    INSUFFICIENT = "insufficient"
    SUFFICIENT = "sufficient"


class Status(StrEnum):
    """Where a requirement stands for an organisation: its implementation, or why it has none."""

    UNANSWERED = "unanswered"
    HELD = "held"  # ter goedkeuring: the latest decision waits for a second person; counts as undecided
    IMPLEMENTED = "implemented"
    PARTIALLY = "partially"
    PLANNED = "planned"
    NOT_IMPLEMENTED = "not_implemented"
    NOT_APPLICABLE = "not_applicable"


class EvidenceKind(StrEnum):
    FILE = "file"
    LINK = "link"


class Answer(SQLModel, table=True):
    """The comply-or-explain record of one organisation for one requirement; the content is in revisions."""

    __table_args__ = (UniqueConstraint("organisation_id", "requirement_id"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    requirement_id: int = Field(foreign_key="requirement.id", index=True)
    created_at: datetime = Field(default_factory=clock.now)


class AnswerRevision(Chained, table=True):
    """One saved state of an answer. Rows are only ever added; (answer, number) is unique, so two saves from
    the same loaded revision cannot both succeed."""

    __table_args__ = (
        UniqueConstraint("answer_id", "number"),
        enum_check("applicability", Applicability, name="ck_answerrevision_applicability"),
        enum_check("implementation", Implementation, name="ck_answerrevision_implementation"),
        enum_check("design", Assessment, name="ck_answerrevision_design"),
        enum_check("existence", Assessment, name="ck_answerrevision_existence"),
        enum_check("operation", Assessment, name="ck_answerrevision_operation"),
    )

    id: int | None = Field(default=None, primary_key=True)
    answer_id: int = Field(foreign_key="answer.id", index=True)
    number: int
    recorded_at: datetime = Field(default_factory=clock.now, index=True)
    author_id: int | None = Field(default=None, foreign_key="user_account.id")
    author_name: str = Field(default="", max_length=200)  # as it was when saved
    note: str = Field(default="", max_length=300)  # e.g. "overgenomen van 5.04.02", "Excel-import"
    applicability: str = Field(max_length=20)
    implementation: str | None = Field(default=None, max_length=20)
    design: str = Field(default=Assessment.NOT_ASSESSED.value, max_length=20)
    existence: str = Field(default=Assessment.NOT_ASSESSED.value, max_length=20)
    operation: str = Field(default=Assessment.NOT_ASSESSED.value, max_length=20)
    explanation: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # the explanation meant for the public VvT (/publiek/<slug>/); NULL in revisions from before it existed
    public_explanation: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    planned_on: date | None = None
    owner: str = Field(default="", max_length=200)
    risk_reference: str = Field(default="", max_length=20)  # a risk of the register, e.g. "R-003"
    last_reviewed_on: date
    next_review_due: date
    # a copy of another organisation's answer (plan.copying): the revision it was copied from
    source_revision_id: int | None = Field(default=None, foreign_key="answerrevision.id")


class Evidence(Chained, table=True):
    """An uploaded file or a link supporting an answer. Rows never change: removal adds an
    `EvidenceRemoval`, and the row and file stay."""

    __table_args__ = (enum_check("kind", EvidenceKind, name="ck_evidence_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    answer_id: int = Field(foreign_key="answer.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    kind: str = Field(max_length=10)
    description: str = Field(default="", max_length=300)
    filename: str = Field(default="", max_length=255)  # the uploader's name for the file, for display
    stored_name: str = Field(default="", max_length=64)  # random name under instance/evidence/<org id>/
    content_type: str = Field(default="", max_length=100)
    size: int = 0
    sha256: str = Field(default="", max_length=64)
    url: str = Field(default="", max_length=2000)
    added_at: datetime = Field(default_factory=clock.now)
    added_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    added_by_name: str = Field(default="", max_length=200)


class EvidenceRemoval(Chained, table=True):
    """That evidence was removed, by whom and when: a row of its own, since evidence rows never change."""

    __tablename__ = "evidence_removal"

    id: int | None = Field(default=None, primary_key=True)
    evidence_id: int = Field(foreign_key="evidence.id", unique=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    removed_at: datetime = Field(default_factory=clock.now)
    removed_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    removed_by_name: str = Field(default="", max_length=200)


history(
    table_of(AnswerRevision),
    organisation="answer_id",
    parent="answer",
    added=("source_revision_id", "public_explanation"),
)
history(table_of(Evidence))
history(table_of(EvidenceRemoval))

"""The catalogue tables: requirements of every framework, mappings between them, loads and text overlays."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core import clock
from core.dbtypes import enum_check


class RequirementKind(StrEnum):
    CLAUSE = "clause"  # ISO/IEC 27001:2022 clause 4.1-10.2 (the ISMS that BIO2 part 1 makes mandatory)
    CONTROL = "control"  # ISO/IEC 27002:2022 control as BIO2 uses it
    MEASURE = "measure"  # BIO2 overheidsmaatregel
    NIS2 = "nis2"  # article point of NIS2 / Cbw


class Framework(StrEnum):
    BIO2 = "bio2"
    NIS2 = "nis2"
    ISO27001 = "iso27001"


class RequirementStatus(StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"
    MOVED = "moved"


_ACTIVE = RequirementStatus.ACTIVE.value  # read once: `is_active` is asked for every requirement of a page


class Category(StrEnum):
    BASISHYGIENE = "basishygiene"
    KETENHYGIENE = "ketenhygiene"
    OVERHEIDSRISICOS = "overheidsrisicos"


class Relationship(StrEnum):
    EQUAL = "equal"
    SUBSET = "subset"
    SUPERSET = "superset"
    INTERSECT = "intersect"


class CatalogueLoad(SQLModel, table=True):
    """One load of a catalogue file into this installation; the newest is the catalogue in force."""

    id: int | None = Field(default=None, primary_key=True)
    version: str = Field(max_length=40)
    name: str = Field(max_length=200)
    sha256: str = Field(max_length=64)
    loaded_at: datetime = Field(default_factory=clock.now)
    added: int = 0
    changed: int = 0
    withdrawn: int = 0
    carried_over: int = 0


class Requirement(SQLModel, table=True):
    __table_args__ = (
        enum_check("kind", RequirementKind, name="ck_requirement_kind"),
        enum_check("status", RequirementStatus, name="ck_requirement_status"),
        enum_check("framework", Framework, name="ck_requirement_framework"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=20, unique=True, index=True)  # "5.1", "5.01.01", "21.2.a", "27001-6.1.2"
    kind: str = Field(max_length=10, index=True)
    framework: str = Field(max_length=10)
    theme: int | None = Field(default=None, index=True)  # 5-8 for controls and measures
    parent_id: int | None = Field(default=None, foreign_key="requirement.id")  # control; clause of 6.1.1
    sort_key: str = Field(max_length=40, index=True)
    title_nl: str = Field(max_length=300)
    title_en: str = Field(max_length=300)
    summary_nl: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    summary_en: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    categories: str = Field(default="", max_length=100)  # comma-separated Category values, measures only
    status: str = Field(default=RequirementStatus.ACTIVE.value, max_length=10)
    moved_to: str | None = Field(default=None, max_length=20)
    government_measures: bool | None = None  # controls: does BIO2 give overheidsmaatregelen?
    article: str | None = Field(default=None, max_length=100)  # NIS2 article reference
    cbw: str | None = Field(default=None, max_length=100)  # Cyberbeveiligingswet article
    source: str = Field(default="", max_length=300)
    note_nl: str = Field(default="", max_length=500)
    note_en: str = Field(default="", max_length=500)
    replaces: str = Field(default="", max_length=200)  # comma-separated codes whose answers carry over
    introduced_in: str = Field(max_length=40)
    withdrawn_in: str | None = Field(default=None, max_length=40)

    @property
    def category_list(self) -> list[str]:
        return [c for c in self.categories.split(",") if c]

    @property
    def is_active(self) -> bool:
        return self.status == _ACTIVE

    def title(self, locale: str) -> str:
        return self.title_en if locale == "en" and self.title_en else self.title_nl

    def summary(self, locale: str) -> str:
        return self.summary_en if locale == "en" and self.summary_en else self.summary_nl


class Mapping(SQLModel, table=True):
    """A link between requirements of two frameworks: source contributes to target."""

    __table_args__ = (
        UniqueConstraint("source_id", "target_id"),
        enum_check("relationship", Relationship, name="ck_mapping_relationship"),
    )

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="requirement.id", index=True)
    target_id: int = Field(foreign_key="requirement.id", index=True)
    relationship: str = Field(max_length=10)
    rationale_nl: str = Field(default="", max_length=500)
    rationale_en: str = Field(default="", max_length=500)


class RequirementText(SQLModel, table=True):
    """Full official text of a requirement, loaded by an organisation that holds a licensed copy (an overlay)."""

    __table_args__ = (UniqueConstraint("organisation_id", "requirement_id"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    requirement_id: int = Field(foreign_key="requirement.id")
    text_nl: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    text_en: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    source: str = Field(default="", max_length=300)
    loaded_at: datetime = Field(default_factory=clock.now)

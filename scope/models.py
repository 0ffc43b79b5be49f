"""The tables of the scope register: processes and information systems (one table, a kind each) with their
append-only revisions, the processes a system supports, suppliers with their assurance evidence, quickscans
and scope statements.

A `scope_item` row is the head of its history, like a risk: its fields equal its newest revision, and it carries
the outcome of its newest quickscan, so the register is one plain query. Revisions, quickscans and scope
statements never change (`append_only`)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core import clock
from core.chain import Chained, history
from core.dbtypes import enum_check, table_of


class ItemKind(StrEnum):
    PROCESS = "process"  # bedrijfsproces
    SYSTEM = "system"  # informatiesysteem


class InformationKind(StrEnum):
    """The kinds of information BIO2 part 1 §26 asks to weigh."""

    OPEN_DATA = "open_data"
    PERSONAL = "personal"
    SPECIAL_PERSONAL = "special_personal"  # bijzondere persoonsgegevens
    SENSITIVE = "sensitive"  # gevoelige of interne informatie
    CLASSIFIED = "classified"  # gerubriceerde informatie


class Hosting(StrEnum):
    OWN_PREMISES = "own_premises"
    DUTCH_PROVIDER = "dutch_provider"
    EU_CLOUD = "eu_cloud"
    NON_EU_CLOUD = "non_eu_cloud"


class Jurisdiction(StrEnum):
    """Under whose law the supplier's parent company falls."""

    NL = "nl"
    EU = "eu"
    NON_EU = "non_eu"


class ClassLevel(StrEnum):
    """The quickscan's level of one aspect (BIV)."""

    LOW = "low"  # laag
    MEDIUM = "medium"  # midden
    HIGH = "high"  # hoog


class Outcome(StrEnum):
    BASELINE_SUFFICIENT = "baseline_sufficient"  # basisniveau toereikend
    RISK_ANALYSIS_NEEDED = "risk_analysis_needed"  # aanvullende risicoanalyse nodig


class EvidenceKind(StrEnum):
    ISO27001 = "iso27001"
    ISAE3402 = "isae3402"
    SOC2 = "soc2"
    PENTEST = "pentest"
    TPM_DIGID = "tpm_digid"


def _item_checks(table: str) -> tuple[CheckConstraint, ...]:
    return (
        CheckConstraint(
            "hosting IS NULL OR hosting IN (" + ", ".join(f"'{h.value}'" for h in Hosting) + ")",
            name=f"ck_{table}_hosting",
        ),
        CheckConstraint(
            "jurisdiction IS NULL OR jurisdiction IN ("
            + ", ".join(f"'{j.value}'" for j in Jurisdiction)
            + ")",
            name=f"ck_{table}_jurisdiction",
        ),
    )


class ScopeItemFields(SQLModel):
    """What a revision of a process or system says; the head and every revision carry the same fields."""

    name: str = Field(max_length=200)
    description: str = Field(default="", sa_type=Text)
    owner: str = Field(default="", max_length=200)  # the line manager who owns it (BIO2 part 1 §22)
    information_kinds: str = Field(default="", max_length=200)  # comma-separated InformationKind values
    hosting: str | None = Field(default=None, max_length=20)  # systems only
    jurisdiction: str | None = Field(default=None, max_length=10)  # of the supplier's parent company
    in_scope: bool = True  # critical to the services, so inside the ISMS (BIO2 part 1 §6)
    review_on: date | None = None
    # As the revision was saved, for history; the head's links are in scope_item_process / scope_item_supplier.
    process_refs: str = Field(default="", sa_type=Text)  # comma-separated references of supported processes
    supplier_names: str = Field(default="", sa_type=Text)  # comma-separated supplier names


class ScopeItem(ScopeItemFields, table=True):
    """The head of a process or system: identity, the fields of its newest revision, its newest quickscan."""

    __tablename__ = "scope_item"
    __table_args__ = (
        UniqueConstraint("organisation_id", "reference"),
        enum_check("kind", ItemKind, name="ck_scope_item_kind"),
        CheckConstraint(
            "outcome IS NULL OR outcome IN (" + ", ".join(f"'{o.value}'" for o in Outcome) + ")",
            name="ck_scope_item_outcome",
        ),
        *_item_checks("scope_item"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    kind: str = Field(max_length=10)
    reference: str = Field(max_length=12)  # P-001 for a process, S-001 for a system
    revision: int = 1
    created_at: datetime = Field(default_factory=clock.now)
    changed_at: datetime = Field(default_factory=clock.now)
    availability: str | None = Field(default=None, max_length=10)  # ClassLevel of the newest quickscan
    integrity: str | None = Field(default=None, max_length=10)
    confidentiality: str | None = Field(default=None, max_length=10)
    outcome: str | None = Field(default=None, max_length=30)
    quickscan_number: int = 0


class ScopeItemRevision(Chained, ScopeItemFields, table=True):
    """One state of a process or system, with who made it and when. Append-only."""

    __tablename__ = "scope_item_revision"
    __table_args__ = (UniqueConstraint("item_id", "number"), *_item_checks("scope_item_revision"))

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="scope_item.id", index=True)
    number: int
    note: str = Field(default="", max_length=500)
    changed_at: datetime = Field(default_factory=clock.now, index=True)
    changed_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    changed_by: str = Field(default="", max_length=254)


class ScopeItemProcess(SQLModel, table=True):
    """A process that a system supports (the newest revision's links)."""

    __tablename__ = "scope_item_process"

    system_id: int = Field(foreign_key="scope_item.id", primary_key=True)
    process_id: int = Field(foreign_key="scope_item.id", primary_key=True, index=True)


class Supplier(SQLModel, table=True):
    """A party delivering services; a neighbouring organisation of this installation may be one (shared service)."""

    __table_args__ = (
        UniqueConstraint("organisation_id", "name"),
        enum_check("jurisdiction", Jurisdiction, name="ck_supplier_jurisdiction"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    name: str = Field(max_length=200)
    services: str = Field(default="", sa_type=Text)
    parent_company: str = Field(default="", max_length=200)
    jurisdiction: str = Field(max_length=10)
    contract_end: date | None = None
    exit_strategy: str = Field(default="", sa_type=Text)
    changed_at: datetime = Field(default_factory=clock.now)


class SupplierEvidence(SQLModel, table=True):
    """A piece of assurance a supplier delivered: a certificate or report, with its date and expiry."""

    __tablename__ = "supplier_evidence"
    __table_args__ = (enum_check("kind", EvidenceKind, name="ck_supplier_evidence_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    supplier_id: int = Field(foreign_key="supplier.id", index=True)
    kind: str = Field(max_length=15)
    issued_on: date
    expires_on: date | None = None
    note: str = Field(default="", max_length=300)


class ScopeItemSupplier(SQLModel, table=True):
    """A supplier a process or system depends on (the newest revision's links)."""

    __tablename__ = "scope_item_supplier"

    item_id: int = Field(foreign_key="scope_item.id", primary_key=True)
    supplier_id: int = Field(foreign_key="supplier.id", primary_key=True, index=True)


class Quickscan(Chained, SQLModel, table=True):
    """One quickscan of a process or system: the answers as given, the levels and outcome the rule gave. Append-only."""

    __table_args__ = (
        UniqueConstraint("item_id", "number"),
        enum_check("availability", ClassLevel, name="ck_quickscan_availability"),
        enum_check("integrity", ClassLevel, name="ck_quickscan_integrity"),
        enum_check("confidentiality", ClassLevel, name="ck_quickscan_confidentiality"),
        enum_check("outcome", Outcome, name="ck_quickscan_outcome"),
    )

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="scope_item.id", index=True)
    number: int
    questions_version: str = Field(max_length=40)
    answers_json: str = Field(sa_type=Text)  # {"question id": "level"}
    availability: str = Field(max_length=10)
    integrity: str = Field(max_length=10)
    confidentiality: str = Field(max_length=10)
    outcome: str = Field(max_length=30)
    performed_at: datetime = Field(default_factory=clock.now)
    performed_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    performed_by: str = Field(default="", max_length=254)


class AnswerException(SQLModel, table=True):
    """An answer refined per system: the answer does not hold for this system, with the reason."""

    __tablename__ = "answer_exception"

    answer_id: int = Field(foreign_key="answer.id", primary_key=True)
    item_id: int = Field(foreign_key="scope_item.id", primary_key=True, index=True)
    reason: str = Field(max_length=500)
    recorded_at: datetime = Field(default_factory=clock.now)
    recorded_by: str = Field(default="", max_length=254)


class ScopeStatement(Chained, SQLModel, table=True):
    """A version of the scope statement (reikwijdte): the text and the in-scope items as they were. Append-only."""

    __tablename__ = "scope_statement"
    __table_args__ = (UniqueConstraint("organisation_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    number: int
    text: str = Field(sa_type=Text)
    items_json: str = Field(sa_type=Text)  # [[reference, kind, name], ...] in scope when it was recorded
    recorded_at: datetime = Field(default_factory=clock.now)
    recorded_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    recorded_by: str = Field(default="", max_length=254)


history(table_of(ScopeItemRevision), organisation="item_id", parent="scope_item")
history(table_of(Quickscan), organisation="item_id", parent="scope_item")
history(table_of(ScopeStatement))

"""The tables of the risk area: risks with append-only revisions, the matrix settings, P&C moments, snapshots.

A `risk` row is the head of its history: its fields always equal its newest `risk_revision`, so the current
register is one plain query. Only `risk.register` writes it, and only together with a new revision. Revisions
and snapshots never change: the database refuses UPDATE and DELETE on them (`append_only`).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core import clock
from core.chain import Chained, history
from core.dbtypes import enum_check, table_of


class Aspect(StrEnum):
    """Which quality of information the risk threatens (BIV)."""

    AVAILABILITY = "availability"
    INTEGRITY = "integrity"
    CONFIDENTIALITY = "confidentiality"


class ImpactArea(StrEnum):
    """The impact areas BIO2 asks to weigh."""

    POLITICAL = "political"  # politieke schade voor een bestuurder
    DIPLOMATIC = "diplomatic"
    FINANCIAL = "financial"
    REPUTATION = "reputation"
    PUBLIC_TRUST = "public_trust"
    PUBLICITY = "publicity"  # negatieve publiciteit
    STAFF_MOTIVATION = "staff_motivation"
    MANAGEMENT_CONTROL = "management_control"  # verlies van sturing


class Treatment(StrEnum):
    AVOID = "avoid"
    REDUCE = "reduce"
    TRANSFER = "transfer"
    ACCEPT = "accept"


class RiskStatus(StrEnum):
    OPEN = "open"  # identified, treatment not yet started
    IN_TREATMENT = "in_treatment"
    MONITORING = "monitoring"  # treated; watched and reviewed
    CLOSED = "closed"  # no longer a risk; kept for history, left out of heatmaps and figures


class Level(StrEnum):
    """The level of a cell of the 5x5 matrix, from low to very high."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"


class MomentKind(StrEnum):
    """The documents of the planning-and-control cycle, in the order of a year."""

    KADERNOTA = "kadernota"
    BEGROTING = "begroting"
    TUSSENRAPPORTAGE = "tussenrapportage"
    JAARREKENING = "jaarrekening"


PROBABILITY_CLASSES = (10, 30, 50, 70, 90)  # percent, as municipal risk tables use them
SCALE = range(1, 6)  # likelihood and impact


def _field_checks(table: str) -> tuple[CheckConstraint, ...]:
    checks = [
        enum_check("treatment", Treatment, name=f"ck_{table}_treatment"),
        enum_check("status", RiskStatus, name=f"ck_{table}_status"),
        CheckConstraint(
            "probability IS NULL OR probability IN (" + ", ".join(map(str, PROBABILITY_CLASSES)) + ")",
            name=f"ck_{table}_probability",
        ),
        CheckConstraint(
            "impact_minimum >= 0 AND impact_minimum <= impact_most_likely "
            "AND impact_most_likely <= impact_maximum",
            name=f"ck_{table}_amounts",
        ),
    ]
    for column in ("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact"):
        checks.append(CheckConstraint(f"{column} BETWEEN 1 AND 5", name=f"ck_{table}_{column}"))
    return tuple(checks)


class RiskFields(SQLModel):
    """What a revision of a risk says; the head (`Risk`) and every `RiskRevision` carry the same fields."""

    title: str = Field(max_length=200)
    description: str = Field(default="", sa_type=Text)
    cause: str = Field(default="", sa_type=Text)
    consequence: str = Field(default="", sa_type=Text)
    aspects: str = Field(default="", max_length=100)  # comma-separated Aspect values
    impact_areas: str = Field(default="", max_length=200)  # comma-separated ImpactArea values
    owner: str = Field(default="", max_length=200)
    inherent_likelihood: int
    inherent_impact: int
    treatment: str = Field(max_length=10)
    residual_likelihood: int
    residual_impact: int
    status: str = Field(max_length=15)
    accepted_by: str = Field(default="", max_length=200)
    accepted_on: date | None = None
    acceptance_expires_on: date | None = None
    review_on: date | None = None
    probability: int | None = None  # P&C probability class, percent
    impact_minimum: int | None = Field(default=None, sa_type=BigInteger)  # euros
    impact_most_likely: int | None = Field(default=None, sa_type=BigInteger)
    impact_maximum: int | None = Field(default=None, sa_type=BigInteger)
    requirement_codes: str = Field(
        default="", sa_type=Text
    )  # comma-separated codes of mitigating requirements


class Risk(RiskFields, table=True):
    """The head of a risk: identity plus the fields of its newest revision."""

    __tablename__ = "risk"
    __table_args__ = (
        UniqueConstraint("organisation_id", "reference"),
        Index("ix_risk_acceptance_expires_on", "acceptance_expires_on"),
        *_field_checks("risk"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    reference: str = Field(max_length=12)  # R-001, unique per organisation
    revision: int = 1  # number of the newest revision
    created_at: datetime = Field(default_factory=clock.now)
    changed_at: datetime = Field(default_factory=clock.now)


class RiskRevision(Chained, RiskFields, table=True):
    """One state of a risk, with who made it and when. Append-only."""

    __tablename__ = "risk_revision"
    __table_args__ = (UniqueConstraint("risk_id", "number"), *_field_checks("risk_revision"))

    id: int | None = Field(default=None, primary_key=True)
    risk_id: int = Field(foreign_key="risk.id", index=True)
    number: int
    note: str = Field(default="", max_length=500)
    changed_at: datetime = Field(default_factory=clock.now, index=True)
    changed_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    changed_by: str = Field(default="", max_length=254)  # name or e-mail at the time, kept with the record


class RiskRequirement(SQLModel, table=True):
    """A requirement that mitigates a risk (the newest revision's links, for queries by requirement)."""

    __tablename__ = "risk_requirement"

    risk_id: int = Field(foreign_key="risk.id", primary_key=True)
    requirement_id: int = Field(foreign_key="requirement.id", primary_key=True, index=True)


class RiskScopeItem(SQLModel, table=True):
    """A process or information system of the scope register that a risk threatens."""

    __tablename__ = "risk_scope_item"

    risk_id: int = Field(foreign_key="risk.id", primary_key=True)
    item_id: int = Field(foreign_key="scope_item.id", primary_key=True, index=True)


class AnswerRisk(SQLModel, table=True):
    """A risk that justifies an answer (the answer's newest revision names it; that revision keeps the text)."""

    __tablename__ = "answer_risk"

    answer_id: int = Field(foreign_key="answer.id", primary_key=True)
    risk_id: int = Field(foreign_key="risk.id", primary_key=True, index=True)


class RiskSettings(SQLModel, table=True):
    """An organisation's 5x5 matrix (labels, level per cell), risk appetite and Monte Carlo certainty.

    Without a row the Dutch default of `risk.matrix` applies.
    """

    __tablename__ = "risk_settings"
    __table_args__ = (
        enum_check("appetite", Level, name="ck_risk_settings_appetite"),
        CheckConstraint(
            "impact_convention IN ('triangular', 'maximum', 'uniform', 'most_likely')",
            name="ck_risk_settings_impact_convention",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", unique=True)
    likelihood_labels: str = Field(sa_type=Text)  # JSON list of 5 labels, likelihood 1..5
    impact_labels: str = Field(sa_type=Text)  # JSON list of 5 labels, impact 1..5
    levels: str = Field(sa_type=Text)  # JSON 5x5 list of Level values: levels[likelihood - 1][impact - 1]
    appetite: str = Field(max_length=10)  # the highest residual level the organisation accepts
    certainty: float = 0.90
    # risk.capacity.ImpactConvention: what a risk costs when it occurs, in the simulation and the risk table
    impact_convention: str = Field(default="triangular", max_length=20)
    changed_at: datetime = Field(default_factory=clock.now)
    changed_by_id: int | None = Field(default=None, foreign_key="user_account.id")


class PCMoment(SQLModel, table=True):
    """A document of the P&C cycle (kadernota, begroting, ...) for which the register is frozen."""

    __tablename__ = "pc_moment"
    __table_args__ = (
        UniqueConstraint("organisation_id", "kind", "year", "moment_on"),
        enum_check("kind", MomentKind, name="ck_pc_moment_kind"),
        CheckConstraint("available_capacity >= 0", name="ck_pc_moment_available_capacity"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    kind: str = Field(max_length=20)
    year: int  # the budget year the document is about
    moment_on: date  # the document's reference date (peildatum)
    available_capacity: int = Field(sa_type=BigInteger)  # euros, the weerstandscapaciteit
    note: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=clock.now)
    created_by_id: int | None = Field(default=None, foreign_key="user_account.id")


class PCSnapshot(Chained, table=True):
    """The frozen register of a P&C moment and the figures computed for it. One per moment; never changes."""

    __tablename__ = "pc_snapshot"

    id: int | None = Field(default=None, primary_key=True)
    moment_id: int = Field(foreign_key="pc_moment.id", unique=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    taken_at: datetime = Field(default_factory=clock.now)
    taken_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    taken_by: str = Field(default="", max_length=254)
    method: str = Field(max_length=40)
    seed: int = Field(sa_type=BigInteger)
    scenarios: int
    certainty: float
    available_capacity: int = Field(sa_type=BigInteger)
    required_capacity: float
    ratio: float | None = None
    rating: str | None = Field(default=None, max_length=1)
    risk_count: int  # risks in the register (closed ones included)
    exposure_count: int  # risks with a financial estimate that entered the simulation
    register_json: str = Field(sa_type=Text)  # JSON list of risk states (risk.register.RiskState.to_dict)
    matrix_json: str = Field(sa_type=Text)  # JSON of the matrix in force (risk.matrix.Matrix.to_dict)
    sha256: str = Field(max_length=64)  # of the canonical JSON of everything above that describes the figures


class BudgetFigures(Chained, table=True):
    """The municipality's own figures of a P&C moment, from its begroting: the available capacity and the
    required capacity of all its other risks at the certainty its own simulation used. A correction is a new
    row (the newest is in force); the moment's snapshot never changes with it (docs/weerstandsvermogen.md)."""

    __tablename__ = "pc_budget_figures"
    __table_args__ = (
        CheckConstraint("available_capacity >= 0", name="ck_pc_budget_figures_available"),
        CheckConstraint("other_required_capacity >= 0", name="ck_pc_budget_figures_other"),
        CheckConstraint("certainty > 0 AND certainty < 1", name="ck_pc_budget_figures_certainty"),
    )

    id: int | None = Field(default=None, primary_key=True)
    moment_id: int = Field(foreign_key="pc_moment.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    available_capacity: int = Field(sa_type=BigInteger)  # euros
    other_required_capacity: int = Field(sa_type=BigInteger)  # euros, all risks but information security
    certainty: float  # the certainty the begroting's simulation used for it
    source: str = Field(default="", max_length=300)  # e.g. "Programmabegroting 2027, par. weerstandsvermogen"
    entered_at: datetime = Field(default_factory=clock.now)
    entered_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    entered_by: str = Field(default="", max_length=254)


history(table_of(BudgetFigures))
history(table_of(RiskRevision), organisation="risk_id", parent="risk")
history(table_of(PCSnapshot))

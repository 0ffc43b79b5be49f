"""The tables of the plan area: actions with append-only revisions and generic links, approvals of decisions
and the organisation's approval policy, adopted SoA versions, auditor findings, and reminder mails.

An `action` row is the head of its history: its fields always equal its newest `action_revision` (as `risk`
does for risks). Revisions, adoptions and the reminder log never change (`append_only`)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core import clock
from core.chain import Chained, history
from core.dbtypes import enum_check, table_of


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"  # bezig
    DONE = "done"  # gereed
    CANCELLED = "cancelled"  # vervallen


OPEN_STATUSES = frozenset({ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value})


class LinkKind(StrEnum):
    """What an action can close. Generic (kind, target id) so that systems of the scope register join later
    without a new table."""

    REQUIREMENT = "requirement"
    RISK = "risk"
    FINDING = "finding"
    SYSTEM = "system"


class DecisionKind(StrEnum):
    """The decisions that may need a second person."""

    NOT_APPLICABLE = "not_applicable"  # "niet van toepassing" on a measure or a NIS2/Cbw duty
    RISK_ACCEPTANCE = "risk_acceptance"
    SOA_ADOPTION = "soa_adoption"


class ApprovalState(StrEnum):
    PENDING = "pending"  # ter goedkeuring
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # superseded: the subject changed before anyone decided


class Severity(StrEnum):
    MINOR = "minor"  # gering
    SIGNIFICANT = "significant"
    SEVERE = "severe"  # ernstig


class ActionFields(SQLModel):
    """What a revision of an action says; the head and every revision carry the same fields."""

    title: str = Field(max_length=200)
    description: str = Field(default="", sa_type=Text)
    owner_id: int | None = Field(default=None, foreign_key="user_account.id")  # a user of the organisation
    owner_name: str = Field(default="", max_length=200)  # or a named person without an account
    due_on: date | None = None
    status: str = Field(max_length=15)
    effort_hours: int | None = None
    cost_euros: int | None = Field(default=None, sa_type=BigInteger)


def _action_checks(table: str) -> tuple[CheckConstraint, ...]:
    return (
        enum_check("status", ActionStatus, name=f"ck_{table}_status"),
        CheckConstraint("effort_hours IS NULL OR effort_hours >= 0", name=f"ck_{table}_effort"),
        CheckConstraint("cost_euros IS NULL OR cost_euros >= 0", name=f"ck_{table}_cost"),
    )


class Action(ActionFields, table=True):
    """The head of an action: identity plus the fields of its newest revision."""

    __tablename__ = "action"
    __table_args__ = (UniqueConstraint("organisation_id", "reference"), *_action_checks("action"))

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    reference: str = Field(max_length=12)  # A-001, unique per organisation
    revision: int = 1
    created_at: datetime = Field(default_factory=clock.now)
    changed_at: datetime = Field(default_factory=clock.now)


class ActionRevision(Chained, ActionFields, table=True):
    """One state of an action, with who made it and when. Append-only."""

    __tablename__ = "action_revision"
    __table_args__ = (UniqueConstraint("action_id", "number"), *_action_checks("action_revision"))

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True)
    number: int
    note: str = Field(default="", max_length=500)
    changed_at: datetime = Field(default_factory=clock.now, index=True)
    changed_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    changed_by: str = Field(default="", max_length=254)


class ActionLink(SQLModel, table=True):
    """What an action closes: a requirement, a risk, a finding (and, once the scope register is merged, a
    system). Adding and removing links is audited by the domain functions."""

    __tablename__ = "action_link"
    __table_args__ = (
        UniqueConstraint("action_id", "kind", "target_id"),
        enum_check("kind", LinkKind, name="ck_action_link_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    kind: str = Field(max_length=20)
    target_id: int = Field(index=True)


class ApprovalPolicy(SQLModel, table=True):
    """Whether a kind of decision needs a second person in an organisation. Without a row the default of
    `plan.approvals.DEFAULT_POLICY` applies."""

    __tablename__ = "approval_policy"
    __table_args__ = (
        UniqueConstraint("organisation_id", "kind"),
        enum_check("kind", DecisionKind, name="ck_approval_policy_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    kind: str = Field(max_length=20)
    required: bool


class Approval(SQLModel, table=True):
    """A decision saved "ter goedkeuring": what was proposed (as JSON), by whom, and the second person's yes or
    no with the reason. Until approved the decision is not in force anywhere."""

    __tablename__ = "approval"
    __table_args__ = (
        enum_check("kind", DecisionKind, name="ck_approval_kind"),
        enum_check("state", ApprovalState, name="ck_approval_state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    kind: str = Field(max_length=20)
    subject: str = Field(max_length=60)  # the requirement code, the risk reference, "VvT"
    subject_id: int | None = None  # the requirement's or risk's id (None for a new risk or the SoA)
    base_revision: int = 0  # the revision the proposal was made on
    payload: str = Field(sa_type=Text)  # JSON of the proposed values
    summary: str = Field(default="", max_length=500)
    state: str = Field(default=ApprovalState.PENDING.value, max_length=10, index=True)
    proposed_at: datetime = Field(default_factory=clock.now)
    proposed_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    proposed_by: str = Field(default="", max_length=254)
    decided_at: datetime | None = None
    decided_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    decided_by: str = Field(default="", max_length=254)
    reason: str = Field(default="", max_length=2000)


class SoaAdoption(Chained, SQLModel, table=True):
    """An adopted (vastgestelde) version of the SoA: frozen entries, the date and the body that adopted it.
    Append-only: later answers never alter it."""

    __tablename__ = "soa_adoption"
    __table_args__ = (UniqueConstraint("organisation_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    number: int
    adopted_on: date
    body: str = Field(max_length=200)  # e.g. "college van B&W"
    frozen_at: datetime  # the moment of the proposal: the answers as they stood then
    entries_json: str = Field(sa_type=Text)  # JSON list of the frozen SoA rows
    sha256: str = Field(max_length=64)
    proposed_by: str = Field(default="", max_length=254)
    approved_by: str = Field(default="", max_length=254)
    approval_id: int | None = Field(default=None, foreign_key="approval.id")
    created_at: datetime = Field(default_factory=clock.now)


class Finding(SQLModel, table=True):
    """What an auditor found, for a requirement or (requirement None) the ISMS as a whole, and the CISO's
    response."""

    __tablename__ = "finding"
    __table_args__ = (
        UniqueConstraint("organisation_id", "reference"),
        enum_check("severity", Severity, name="ck_finding_severity"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    reference: str = Field(max_length=12)  # B-001
    requirement_id: int | None = Field(default=None, foreign_key="requirement.id", index=True)
    title: str = Field(max_length=200)
    description: str = Field(default="", sa_type=Text)
    severity: str = Field(max_length=12)
    evidence_examined: str = Field(default="", sa_type=Text)
    reference_date: date
    recorded_at: datetime = Field(default_factory=clock.now)
    recorded_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    recorded_by: str = Field(default="", max_length=254)
    response: str = Field(default="", sa_type=Text)
    responded_at: datetime | None = None
    responded_by: str = Field(default="", max_length=254)


class ReminderPreference(SQLModel, table=True):
    """A user who switched the daily reminder mail off (no row: the mail is on)."""

    __tablename__ = "reminder_preference"

    user_id: int = Field(foreign_key="user_account.id", primary_key=True)
    enabled: bool = True
    changed_at: datetime = Field(default_factory=clock.now)


class ReminderMail(Chained, SQLModel, table=True):
    """One reminder digest sent: to whom, for which organisation, on which day, with how many items."""

    __tablename__ = "reminder_mail"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id", "sent_on"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    sent_on: date
    sent_at: datetime = Field(default_factory=clock.now)
    recipient: str = Field(max_length=254)
    subject: str = Field(max_length=200)
    items: int
    body: str = Field(sa_type=Text)


history(table_of(ActionRevision), organisation="action_id", parent="action")
history(table_of(SoaAdoption))
history(table_of(ReminderMail))

"""The tables of the incident register (Cbw meldplicht) and the board training register (Cbw art. 24).

An `incident` row is the head of its history: its fields always equal its newest `incident_revision`, so the
register is one plain query. Revisions and the messages sent never change (`append_only`). A reminder row
records that the CISO was mailed before a deadline, so a reminder goes out once.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core import clock
from core.chain import Chained, history
from core.dbtypes import enum_check, table_of


class IncidentStatus(StrEnum):
    ONGOING = "ongoing"  # still going on: a progress report replaces the final report when it falls due
    HANDLED = "handled"  # dealt with (afgehandeld): the final report can be made
    CLOSED = "closed"  # reported and closed; kept for history


class MessageKind(StrEnum):
    """What was sent to the CSIRT and the competent authority (Cbw art. 26-29)."""

    EARLY_WARNING = "early_warning"  # art. 26: within 24 h of becoming aware
    NOTIFICATION = "notification"  # art. 27: within 72 h of becoming aware
    INTERMEDIATE = "intermediate"  # art. 28: on request
    PROGRESS = "progress"  # art. 29 lid 2: when the incident is still going on at the final report's deadline
    FINAL = "final"  # art. 29 lid 1: within one month of the notification


class Recipient(StrEnum):
    CSIRT = "csirt"
    AUTHORITY = "authority"  # the competent authority (for a gemeente: the Minister of BZK, Cbw art. 15)
    BOTH = "both"  # one report through the reporting portal reaches both


class IncidentFields(SQLModel):
    """What a revision of an incident says; the head and every revision carry the same fields."""

    title: str = Field(max_length=200)
    description: str = Field(default="", sa_type=Text)  # what happened
    affected: str = Field(default="", sa_type=Text)  # the processes, systems and services hit, in words
    aware_at: datetime  # the moment the organisation became aware: every clock starts here
    occurred_at: datetime | None = None
    significant: bool = False
    thresholds: str = Field(default="", max_length=300)  # comma-separated codes of data/cbw_thresholds.yaml
    significance_reason: str = Field(default="", sa_type=Text)
    suspected_malicious: bool | None = None  # art. 26: suspected unlawful or malicious act
    cross_border: bool | None = None  # art. 26: possible cross-border impact
    assessment: str = Field(default="", sa_type=Text)  # art. 27: severity and impact, first assessment
    indicators: str = Field(default="", sa_type=Text)  # art. 27: indicators of compromise
    root_cause: str = Field(default="", sa_type=Text)  # art. 29: the type of threat or root cause
    mitigation: str = Field(default="", sa_type=Text)  # art. 29: mitigating measures applied and ongoing
    status: str = Field(default=IncidentStatus.ONGOING.value, max_length=10)
    handled_at: datetime | None = None
    lessons: str = Field(default="", sa_type=Text)  # lessons learned
    links: str = Field(default="", sa_type=Text)  # comma-separated "kind:reference", e.g. "risk:R-014"


class Incident(IncidentFields, table=True):
    """The head of an incident: identity plus the fields of its newest revision."""

    __tablename__ = "incident"
    __table_args__ = (
        UniqueConstraint("organisation_id", "number"),
        enum_check("status", IncidentStatus, name="ck_incident_status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    number: int  # per organisation; shown as I-001
    revision: int = 1
    created_at: datetime = Field(default_factory=clock.now)
    changed_at: datetime = Field(default_factory=clock.now)

    @property
    def reference(self) -> str:
        return f"I-{self.number:03d}"


class IncidentRevision(Chained, IncidentFields, table=True):
    """One state of an incident, with who made it and when. Append-only."""

    __tablename__ = "incident_revision"
    __table_args__ = (
        UniqueConstraint("incident_id", "number"),
        enum_check("status", IncidentStatus, name="ck_incident_revision_status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    number: int
    note: str = Field(default="", max_length=500)
    changed_at: datetime = Field(default_factory=clock.now)
    changed_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    changed_by: str = Field(default="", max_length=254)


class IncidentMessage(Chained, SQLModel, table=True):
    """A message sent about an incident: to whom, when, what. Append-only: a wrong entry is corrected by a
    new one."""

    __tablename__ = "incident_message"
    __table_args__ = (
        enum_check("kind", MessageKind, name="ck_incident_message_kind"),
        enum_check("recipient", Recipient, name="ck_incident_message_recipient"),
    )

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    kind: str = Field(max_length=20)
    recipient: str = Field(max_length=10)
    sent_at: datetime
    content: str = Field(default="", sa_type=Text)  # what was sent (a summary, or the text itself)
    portal_reference: str = Field(default="", max_length=100)  # e.g. the reporting portal's number
    recorded_at: datetime = Field(default_factory=clock.now)
    recorded_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    recorded_by: str = Field(default="", max_length=254)


class IncidentReminder(SQLModel, table=True):
    """A reminder to the CISO before a deadline: one per incident, deadline, due moment and lead time."""

    __tablename__ = "incident_reminder"
    __table_args__ = (UniqueConstraint("incident_id", "deadline", "due_at", "lead_hours"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    deadline: str = Field(max_length=20)  # a MessageKind value
    due_at: datetime
    lead_hours: int
    claimed_at: datetime = Field(default_factory=clock.now)
    recipients: str = Field(default="", max_length=1000)
    outcome: str = Field(default="", max_length=300)  # "sent", or why not


class BoardMember(SQLModel, table=True):
    """A member of the board meant by Cbw art. 24 (for a gemeente: the college van B&W, art. 24 lid 12)."""

    __tablename__ = "board_member"

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    name: str = Field(max_length=200)
    position: str = Field(default="", max_length=200)  # burgemeester, wethouder, ...
    joined_on: date  # the two years for the first certificate count from here
    left_on: date | None = None
    created_at: datetime = Field(default_factory=clock.now)


class BoardTraining(Chained, SQLModel, table=True):
    """A training a board member followed, with its certificate. Append-only."""

    __tablename__ = "board_training"

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="board_member.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    course: str = Field(max_length=200)
    trained_on: date
    certificate_on: date | None = None
    certificate_valid_until: date | None = None
    recorded_at: datetime = Field(default_factory=clock.now)
    recorded_by: str = Field(default="", max_length=254)


history(table_of(IncidentRevision), organisation="incident_id", parent="incident")
history(table_of(IncidentMessage))
history(table_of(BoardTraining))

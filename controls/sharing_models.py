"""The table of shared services: which requirements a provider organisation carries out for the organisations it
serves, with the text it chooses to share with them. Every change is a new revision; the rows never change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core import clock
from core.chain import Chained, history
from core.dbtypes import table_of


class SharedServiceRevision(Chained, SQLModel, table=True):
    """One state of a provider's offer on one requirement: offered with its shared text, or withdrawn.
    (provider, requirement, number) is unique, so two saves from the same loaded revision cannot both
    succeed; the newest number is the offer as it stands."""

    __tablename__ = "shared_service_revision"
    __table_args__ = (UniqueConstraint("provider_id", "requirement_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    provider_id: int = Field(foreign_key="organisation.id", index=True)
    requirement_id: int = Field(foreign_key="requirement.id", index=True)
    number: int
    offered: bool
    shared_text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    recorded_at: datetime = Field(default_factory=clock.now, index=True)
    author_id: int | None = Field(default=None, foreign_key="user_account.id")
    author_name: str = Field(default="", max_length=200)  # as it was when saved


history(table_of(SharedServiceRevision), organisation="provider_id")

"""Who acts: one value passed to every domain function that changes data, which records it in the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class _Person(Protocol):
    id: int | None
    email: str
    name: str


@dataclass(frozen=True)
class Actor:
    """A user (their id, and their name as it was at that moment), or the system acting on its own (a schedule,
    the catalogue, a command-line run without a user): then `user_id` is None and `name` says which."""

    user_id: int | None
    name: str
    ip: str = ""

    @classmethod
    def of(cls, user: _Person, *, ip: str = "") -> Actor:
        return cls(user_id=user.id, name=user.name or user.email, ip=ip)

    @classmethod
    def system(cls, name: str) -> Actor:
        return cls(user_id=None, name=name)

    @classmethod
    def schedule(cls, schedule_id: int) -> Actor:
        return cls.system(f"schedule:{schedule_id}")


COMMAND_LINE = Actor.system("naleving")

"""Small column helpers shared by the domain tables."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import CheckConstraint


def enum_check(column: str, enum: type[StrEnum], *, name: str | None = None) -> CheckConstraint:
    """A CHECK constraint so the database itself refuses values outside the enum."""
    values = ", ".join(f"'{member.value}'" for member in enum)
    return CheckConstraint(f"{column} IN ({values})", name=name or f"ck_{column}_allowed")

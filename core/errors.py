"""The one error type of the domain: a list of problems, each a rule code with its parameters.

The domain never words a problem for a person: the web layer and the CLI look the code up (`app.problems`) and
word it in the user's language. `message` is the Dutch fallback for logs and for codes not worded yet."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One broken rule. `field` names the input it is about ("" for the whole); `row` and `ref` place it in a
    sheet (the row number and the requirement code or risk reference of that row)."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    field: str = ""
    row: int | None = None
    ref: str = ""
    message: str = ""

    def at(self, *, row: int | None = None, ref: str = "") -> Problem:
        """The same problem placed in a sheet."""
        return Problem(self.code, self.params, self.field, row, ref or self.ref, self.message)


class NalevingError(Exception):
    """The base of every error the domain raises on purpose (a user error, never a bug)."""


class RuleError(NalevingError):
    """One or more rules are broken; nothing was changed."""

    def __init__(self, problems: Iterable[Problem] | Problem):
        self.problems: list[Problem] = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("; ".join(problem.message or problem.code for problem in self.problems))

    @classmethod
    def one(cls, code: str, message: str = "", *, field: str = "", **params: Any) -> RuleError:
        return cls(Problem(code, params, field, message=message))


class StaleEdit(NalevingError):
    """What was edited changed after the form or sheet was loaded; nothing was saved."""

    def __init__(self, subject: str, base_revision: int | None, current_revision: int | None):
        super().__init__(f"{subject} is gewijzigd sinds revisie {base_revision}")
        self.subject = subject
        self.base_revision = base_revision
        self.current_revision = current_revision


class NotFound(NalevingError, LookupError):
    """The thing asked for does not exist (in this organisation)."""

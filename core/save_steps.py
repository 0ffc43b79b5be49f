"""Steps that a higher layer adds to a lower layer's save, so that every path that saves (a page, the API, the
command line, a sheet import, a seeder) applies the same rules without the lower layer importing the higher.

An area that owns a save (`controls.answers.record_answers`, `risk.register`) keeps a `Steps` registry of its
own protocol; a higher area registers its implementation once, when its package is imported (`plan/__init__.py`
registers the plan's four eyes and action rule, `risk/__init__.py` the answer -> risk links). The save runs every
registered step, in the order they were registered, in its own transaction."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

S = TypeVar("S")


@dataclass(frozen=True)
class Held:
    """A save held for a second person's decision instead of recorded: the approval that waits for it."""

    approval_id: int
    subject: str


@dataclass(frozen=True)
class Made:
    """Something a step made as a consequence of a save (the action the plan's rule asks for)."""

    kind: str
    reference: str
    subject: str


class Steps(Generic[S]):
    """The registered steps of one save, each registered once under its name."""

    def __init__(self) -> None:
        self._steps: dict[str, S] = {}

    def register(self, name: str, step: S) -> None:
        self._steps[name] = step

    def __iter__(self) -> Iterator[S]:
        return iter(list(self._steps.values()))

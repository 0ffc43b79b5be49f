"""What a process keeps between requests: a bounded cache (least recently used out first), shared by the
threads of a worker. The key is the caller's whole answer to "what does this value depend on": a value is
never changed or forgotten when its data changes, the next key is simply another one.

A value is kept only from what the database holds for everyone: `has_written(session=...)` says whether the
session's transaction has written rows of its own (rolled back, their ids could come again with other rows)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any, Generic, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

V = TypeVar("V")
WROTE = "naleving.wrote"


class LruCache(Generic[V]):
    """At most `size` values by key; reading a value makes it the most recently used."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("an LruCache holds at least one value")
        self.size = size
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key: Hashable, value: V) -> None:
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)


def has_written(*, session: Session) -> bool:
    """Whether the session flushed changes in its present transaction (not yet committed or rolled back)."""
    return bool(session.info.get(WROTE))


@event.listens_for(Session, "after_flush")
def _wrote(flushed: Session, _context: Any) -> None:
    if flushed.new or flushed.dirty or flushed.deleted:
        flushed.info[WROTE] = True


@event.listens_for(Session, "after_transaction_end")
def _ended(ended: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        ended.info.pop(WROTE, None)

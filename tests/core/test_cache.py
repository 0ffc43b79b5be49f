"""core.cache: a bounded cache that drops the least recently used value first, shared by threads; and whether a
session's transaction has written rows of its own (what it reads then is not everyone's)."""

from __future__ import annotations

import threading

import pytest

from core.cache import LruCache, has_written
from tests.factories import make_organisation


def test_the_least_recently_used_value_goes_first():
    cache: LruCache[str] = LruCache(2)
    cache.put("a", "A")
    cache.put("b", "B")
    assert cache.get("a") == "A"  # now "b" is the least recently used
    cache.put("c", "C")
    assert (cache.get("a"), cache.get("b"), cache.get("c"), len(cache)) == ("A", None, "C", 2)
    cache.put("a", "A2")
    assert cache.get("a") == "A2" and len(cache) == 2
    cache.clear()
    assert len(cache) == 0 and cache.get("a") is None
    with pytest.raises(ValueError):
        LruCache(0)


def test_threads_share_it_within_its_bound():
    cache: LruCache[int] = LruCache(50)

    def work(start: int) -> None:
        for n in range(start, start + 2_000):
            cache.put(n % 120, n)
            cache.get((n * 7) % 120)

    threads = [threading.Thread(target=work, args=(k * 10_000,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(cache) == 50


def test_a_session_has_written_until_its_transaction_ends(db):
    assert not has_written(session=db)
    make_organisation(db, "schrijver", "Gemeente Schrijver")
    db.flush()
    assert has_written(session=db)
    db.rollback()
    assert not has_written(session=db)
    make_organisation(db, "schrijver", "Gemeente Schrijver")
    db.commit()
    assert not has_written(session=db)

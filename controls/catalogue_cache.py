"""The catalogue in force as the pages read it (every requirement in order, and the mappings), kept in the
process: the catalogue changes only by a load (`controls.catalogue.load_catalogue`), so each page view asks one
small question (which load is the newest, and how many requirements and mappings there are) instead of reading
hundreds of requirements again. A new load, in this process or another, gives another key and the next view
reads the catalogue anew.

The requirements are detached copies shared between requests and threads: read them, never change them (a
change goes through a load, which reads its own rows). Whoever edits requirement rows outside a load (a test,
a repair by hand in SQL) calls `forget_catalogue()` afterwards; a change to a requirement or mapping flushed
through a session of this process forgets it by itself (`_forget_on_change`)."""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, func
from sqlalchemy import select as sa_select
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select

from controls.models import CatalogueLoad, Mapping, Requirement
from core.dbtypes import id_of

SESSION_KEY = "naleving.catalogue"


@dataclass(frozen=True)
class CatalogueView:
    """The catalogue in force: the newest load's version (None before any load), every requirement ordered by
    sort key (withdrawn ones included), and every mapping as (source id, target id, relationship). `read`
    tells the reads of this process apart: a figure kept in the process under the catalogue (controls.trend)
    is kept under it, so a catalogue read anew with the same key (`forget_catalogue` after a change by hand)
    is another catalogue to it."""

    key: tuple[Any, ...]
    read: int
    version: str | None
    requirements: tuple[Requirement, ...]
    by_id: dict[int, Requirement]
    mappings: tuple[tuple[int, int, str], ...]

    @property
    def active(self) -> tuple[Requirement, ...]:
        return tuple(r for r in self.requirements if r.is_active)


_lock = threading.Lock()
_reads = itertools.count(1)
_views: dict[str, CatalogueView] = {}  # by database address: the newest view read


def catalogue_view(*, session: Session) -> CatalogueView:
    """The catalogue in force: one query when this process has read it already (none when this session has),
    three when not."""
    found = session.info.get(SESSION_KEY)
    if isinstance(found, CatalogueView):
        return found
    key = _key(session=session)
    address = str(session.get_bind().engine.url)
    with _lock:
        view = _views.get(address)
    if view is None or view.key != key:
        view = _read(session=session, key=key)
        with _lock:
            _views[address] = view
    session.info[SESSION_KEY] = view
    return view


def forget_catalogue(*, session: Session | None = None) -> None:
    """Read the catalogue anew on its next use (after requirement rows changed outside a load)."""
    with _lock:
        _views.clear()
    if session is not None:
        session.info.pop(SESSION_KEY, None)


@event.listens_for(OrmSession, "after_flush")
def _forget_on_change(flushed: OrmSession, _context: Any) -> None:
    changed = (*flushed.new, *flushed.dirty, *flushed.deleted)
    if any(isinstance(row, (Requirement, Mapping, CatalogueLoad)) for row in changed):
        forget_catalogue(session=flushed)  # type: ignore[arg-type]


def _key(*, session: Session) -> tuple[Any, ...]:
    def newest(column: Any) -> Any:
        return select(column).order_by(col(CatalogueLoad.id).desc()).limit(1).scalar_subquery()

    row = (
        session.connection()
        .execute(
            sa_select(
                select(func.count()).select_from(Requirement).scalar_subquery(),
                select(func.max(col(Requirement.id))).scalar_subquery(),
                select(func.count()).select_from(Mapping).scalar_subquery(),
                newest(col(CatalogueLoad.id)),
                newest(col(CatalogueLoad.sha256)),
                newest(col(CatalogueLoad.loaded_at)),
            )
        )
        .one()
    )
    return tuple(row)


def _read(*, session: Session, key: tuple[Any, ...]) -> CatalogueView:
    """Read as columns and made into requirements of their own (never in the session: a requirement the
    caller holds stays as it is)."""
    version = session.exec(select(col(CatalogueLoad.version)).order_by(col(CatalogueLoad.id).desc())).first()
    columns = list(Requirement.__table__.columns)  # type: ignore[attr-defined]
    rows = session.exec(select(*columns).order_by(col(Requirement.sort_key))).all()
    requirements = tuple(
        Requirement(**dict(zip((c.name for c in columns), row, strict=True))) for row in rows
    )
    links = session.exec(select(Mapping.source_id, Mapping.target_id, Mapping.relationship)).all()
    return CatalogueView(
        key=key,
        read=next(_reads),
        version=version,
        requirements=requirements,
        by_id={id_of(r): r for r in requirements},
        mappings=tuple((source, target, relationship) for source, target, relationship in links),
    )

"""The compliance trend: the share of applicable requirements implemented at each of the last month ends, per
theme and per category, computed from the answers' history (one query for every revision of the
organisation), and drawn as one self-contained SVG that the page and the PDF use unchanged.

As the statement does, it counts the requirements active now, and an answer whose latest decision waited for
approval at a month end as undecided (not implemented, applicable); an inherited answer counts as not implemented
here (the provider's history is not replayed), so the trend can lie a little below the statement for a
shared-service organisation."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from html import escape

from sqlalchemy import func, select
from sqlmodel import Session, col

from controls.answer_models import Answer, AnswerRevision, Applicability, Implementation
from controls.answer_steps import Proposal, answer_proposals
from controls.answers import cutoff
from controls.catalogue_cache import catalogue_view
from controls.labels import label
from controls.models import Category, Requirement, RequirementKind
from core.cache import LruCache, has_written
from core.database_identity import database_identity
from core.dbtypes import id_of, table_of

THEME_KEYS = ("5", "6", "7", "8", "nis2")
CATEGORY_KEYS = tuple(c.value for c in Category)
# Colour and dash per line, so colour is never the only cue; each colour has 4.5:1 contrast on white.
STYLES = (
    ("#1f4e79", ""),
    ("#a4161a", "6 3"),
    ("#2d6a2e", "2 3"),
    ("#6a3d9a", "8 3 2 3"),
    ("#7a4a00", "1 2"),
)
WIDTH, HEIGHT = 560, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 150, 28, 40
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"


@dataclass(frozen=True)
class Series:
    key: str
    name: str
    percents: tuple[int | None, ...]  # per month end; None: no applicable requirement then


@dataclass(frozen=True)
class Trend:
    months: tuple[date, ...]  # month ends, oldest first (the last is today)
    themes: tuple[Series, ...]
    categories: tuple[Series, ...]
    overall: tuple[int | None, ...]


def month_ends(today: date, count: int = 12) -> list[date]:
    """The last `count` month ends up to today; the current month counts with today."""
    ends = [today]
    first = today.replace(day=1)
    for _ in range(count - 1):
        ends.append(first - timedelta(days=1))
        first = ends[-1].replace(day=1)
    return ends[::-1]


@dataclass(frozen=True)
class _Kept:
    """A trend with what it was computed from, besides its key: the database's identity and the number of the
    organisation's answer revisions and the newest's id (revisions are append-only: another revision gives
    another count)."""

    identity: str | None  # None: not kept (no identity, or no revision to read it with)
    revisions: int
    newest: int | None
    trend: Trend


# Per organisation, day, language, catalogue and proposals; 500 organisations in two languages fit.
TRENDS: LruCache[_Kept] = LruCache(1024)


def compliance_trend(*, session: Session, organisation_id: int, today: date, locale: str = "nl") -> Trend:
    """The trend as of `today`. It is kept in the process (`TRENDS`) with everything it depends on: a view that
    finds it asks one small question more (the revisions' count and newest id, and the database's identity)
    and reads the history only when one of them, the proposals, the catalogue, the day or the language
    changed; the first view reads the identity with the history. A session that has written rows of its own
    computes the trend without keeping it (core.cache.has_written)."""
    catalogue = catalogue_view(session=session)
    limits = [cutoff(day) for day in month_ends(today)]
    proposals = frozenset(
        answer_proposals(session=session, organisation_id=organisation_id, decided_since=limits[0])
    )
    if has_written(session=session):
        return _trend(
            session=session, organisation_id=organisation_id, today=today, locale=locale, proposals=proposals
        ).trend
    address = str(session.get_bind().engine.url)
    key = (address, organisation_id, today, locale, catalogue.key, catalogue.read, proposals)
    kept = TRENDS.get(key)
    if kept is not None and _history_key(session=session, organisation_id=organisation_id) == (
        kept.identity,
        kept.revisions,
        kept.newest,
    ):
        return kept.trend
    made = _trend(
        session=session, organisation_id=organisation_id, today=today, locale=locale, proposals=proposals
    )
    if made.identity is not None:
        TRENDS.put(key, made)
    return made.trend


def _history_key(*, session: Session, organisation_id: int) -> tuple[str | None, int, int | None]:
    """The database's identity, the number of the organisation's answer revisions and the newest's id: one
    statement."""
    connection = session.connection()
    revision_id = col(AnswerRevision.id)
    row = connection.execute(
        select(database_identity(connection.dialect.name), func.count(revision_id), func.max(revision_id))
        .select_from(table_of(AnswerRevision))
        .join(table_of(Answer), col(Answer.id) == col(AnswerRevision.answer_id))
        .where(col(Answer.organisation_id) == organisation_id)
    ).one()
    return row[0], row[1], row[2]


def _trend(
    *, session: Session, organisation_id: int, today: date, locale: str, proposals: frozenset[Proposal]
) -> _Kept:
    """The trend computed from every revision of the organisation, read with the database's identity (one
    query; the catalogue is `catalogue_view`'s). Each requirement's state at each month end is found once; the
    series count those states."""
    requirements = catalogue_view(session=session).active
    rows = session.execute(
        select(
            col(Answer.requirement_id),
            col(AnswerRevision.recorded_at),
            col(AnswerRevision.applicability),
            col(AnswerRevision.implementation),
            col(AnswerRevision.id),
            database_identity(session.get_bind().dialect.name),
        )
        .join(Answer, col(Answer.id) == col(AnswerRevision.answer_id))
        .where(col(Answer.organisation_id) == organisation_id)
        .order_by(col(AnswerRevision.recorded_at), col(AnswerRevision.number))
    ).all()
    history: dict[int, tuple[list[datetime], list[str]]] = {}
    newest: int | None = None
    for requirement_id, recorded_at, applicability, implementation, revision_id, _identity in rows:
        times, states = history.setdefault(requirement_id, ([], []))
        times.append(recorded_at)
        states.append(_state(applicability, implementation))
        if newest is None or revision_id > newest:
            newest = revision_id
    months = month_ends(today)
    limits = [cutoff(day) for day in months]
    waiting_by_requirement: dict[int, list[Proposal]] = {}
    for proposal in proposals:
        waiting_by_requirement.setdefault(proposal.requirement_id, []).append(proposal)
    unanswered = ("open",) * len(limits)

    def state_at(
        waiting: Sequence[Proposal], times: list[datetime], states: list[str], limit: datetime
    ) -> str:
        index = bisect.bisect_left(times, limit)
        recorded_at = times[index - 1] if index else None
        if any(p.holds(before=limit, recorded_at=recorded_at) for p in waiting):
            return "open"  # ter goedkeuring: undecided
        return states[index - 1] if index else "open"

    def states_of(requirement_id: int) -> tuple[str, ...]:
        """The requirement's state at each month end."""
        found = history.get(requirement_id)
        waiting = waiting_by_requirement.get(requirement_id, ())
        if found is None and not waiting:
            return unanswered
        times, states = found or ([], [])
        return tuple(state_at(waiting, times, states, limit) for limit in limits)

    at_month_ends = {id_of(r): states_of(id_of(r)) for r in requirements}

    def series(members: Sequence[Requirement]) -> tuple[int | None, ...]:
        result: list[int | None] = []
        columns = [at_month_ends[id_of(r)] for r in members]
        for month in range(len(limits)):
            applicable = done = 0
            for states in columns:
                state = states[month]
                if state != "not_applicable":
                    applicable += 1
                    done += state == "implemented"
            result.append(round(100 * done / applicable) if applicable else None)
        return tuple(result)

    def group(r: Requirement) -> str:
        return "nis2" if r.kind == _NIS2 else str(r.theme)

    themes = tuple(
        Series(key, label("theme", key, locale), series([r for r in requirements if group(r) == key]))
        for key in THEME_KEYS
    )
    categories = tuple(
        Series(
            key, label("category", key, locale), series([r for r in requirements if key in r.category_list])
        )
        for key in CATEGORY_KEYS
    )
    trend = Trend(tuple(months), themes, categories, series(requirements))
    return _Kept(rows[0][-1] if rows else None, len(rows), newest, trend)


# The enums' values, read once: `_state` runs for every revision of the organisation (an enum member's
# `.value` is a descriptor call each time).
_NOT_APPLICABLE = Applicability.NOT_APPLICABLE.value
_APPLICABLE = Applicability.APPLICABLE.value
_IMPLEMENTED = Implementation.IMPLEMENTED.value
_NIS2 = RequirementKind.NIS2.value


def _state(applicability: str, implementation: str | None) -> str:
    if applicability == _NOT_APPLICABLE:
        return "not_applicable"
    if applicability == _APPLICABLE and implementation == _IMPLEMENTED:
        return "implemented"
    return "open"


def _x(index: int, count: int) -> float:
    return LEFT + (WIDTH - LEFT - RIGHT) * (index / max(count - 1, 1))


def _y(percent: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - percent / 100)


MONTHS_NL = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def trend_svg(
    months: Sequence[date],
    lines: Sequence[Series],
    *,
    title: str,
    id_prefix: str = "trend",
    month_names: Sequence[str] = MONTHS_NL,
    change: str = "{name}: van {first} % naar {last} %",
) -> str:
    """A line chart of `lines` over `months` (0-100 %), with its own text alternative (title and desc naming
    every line's first and last value, in the words of `change`) and each line named at its end."""
    count = len(months)
    first, last = (months[0], months[-1]) if months else (None, None)
    described = []
    for line in lines:
        known = [p for p in line.percents if p is not None]
        if known:
            described.append(change.format(name=line.name, first=known[0], last=known[-1]))
    period = f"{first.isoformat()} – {last.isoformat()}. " if first and last else ""
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{title_id}" aria-describedby="{desc_id}" class="trend" font-family="{FONT}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(period + "; ".join(described))}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    for percent in (0, 25, 50, 75, 100):
        y = _y(percent)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#d0d0d0" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="10" text-anchor="end" fill="#1a1a1a">{percent} %</text>'
        )
    for index, day in enumerate(months):
        if (count - 1 - index) % 2 == 0:  # every other month, counted back from the last
            x = _x(index, count)
            name = f"{month_names[day.month - 1]} {day.year % 100:02d}"
            parts.append(
                f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="10" text-anchor="middle" fill="#1a1a1a">{escape(name)}</text>'
            )
    ends: list[float] = []
    for line, (colour, dash) in zip(lines, STYLES, strict=False):
        points = [(_x(i, count), _y(p)) for i, p in enumerate(line.percents) if p is not None]
        if not points:
            continue
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dashes}/>')
        x, y = points[-1]
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
        label_y = y + 4
        while any(abs(label_y - other) < 12 for other in ends):
            label_y += 12
        ends.append(label_y)
        value = line.percents[-1] if line.percents[-1] is not None else ""
        parts.append(
            f'<text x="{WIDTH - RIGHT + 8}" y="{label_y:.1f}" font-size="10.5" fill="{colour}">'
            f"{escape(line.name)} {value} %</text>"
        )
    parts.append("</svg>")
    return "".join(parts)

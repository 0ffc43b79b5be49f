"""How the incident pages show clocks: each deadline in local time with the time left, and its state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _

from core import clock
from incidents.clocks import Deadline, DeadlineState
from incidents.labels import DEADLINE_STATE, MESSAGE_KIND, RECIPIENT

STATE_BADGE = {
    DeadlineState.OPEN: "info",
    DeadlineState.OVERDUE: "bad",
    DeadlineState.MET: "ok",
    DeadlineState.LATE: "warn",
}


def duration_text(delta: timedelta) -> str:
    """A span as "2 d 3 u", "5 u 20 min" or "12 min" (whole minutes, rounded down)."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(d)s d %(h)s u", d=days, h=hours)
    if hours:
        return _("%(h)s u %(m)s min", h=hours, m=minutes)
    return _("%(m)s min", m=minutes)


@dataclass(frozen=True)
class ClockView:
    deadline: Deadline
    name: str
    due_local: str
    state: str
    state_label: str
    badge: str
    left: str  # "nog 5 u 20 min", "3 u te laat", or when it was met
    reached: str


def clock_view(deadline: Deadline, now: datetime) -> ClockView:
    state = deadline.state(now)
    if state == DeadlineState.OPEN:
        left = _("nog %(span)s", span=duration_text(deadline.left(now)))
    elif state == DeadlineState.OVERDUE:
        left = _("%(span)s over de termijn", span=duration_text(-deadline.left(now)))
    else:
        left = _("verzonden %(when)s", when=clock.local_minute(deadline.met_at)) if deadline.met_at else ""
    return ClockView(
        deadline=deadline,
        name=MESSAGE_KIND.of(deadline.kind, _),
        due_local=clock.local_minute(deadline.due_at),
        state=state.value,
        state_label=DEADLINE_STATE.of(state, _),
        badge=STATE_BADGE[state],
        left=left,
        reached=", ".join(RECIPIENT.of(r, _) for r in sorted(deadline.reached)),
    )


def clock_views(deadlines: list[Deadline]) -> list[ClockView]:
    now = clock.now()
    return [clock_view(d, now) for d in deadlines]

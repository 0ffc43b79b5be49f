"""The clocks of a significant incident (Cbw art. 26-29; NIS2 art. 23 lid 4), as pure functions.

Every period is elapsed time counted in UTC: 24 hours after becoming aware is 24 hours later, also across a
change to or from summer time. A month is the same day and time (UTC) one calendar month later; the 31st
becomes the last day of a shorter month.

- early warning: 24 h after awareness (a notification sent earlier meets it too, it holds more);
- notification: 72 h after awareness;
- final report: one month after the notification (until the notification is sent, one month after its
  deadline, shown as provisional). If the incident is still going on then, a progress report is due at that
  moment and the final report one month after the incident is handled (Cbw art. 29 lid 2).

A deadline is met when messages of the kinds that meet it have reached both the CSIRT and the competent
authority; it is met at the later of the two.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from incidents.models import MessageKind, Recipient

EARLY_WARNING_PERIOD = timedelta(hours=24)
NOTIFICATION_PERIOD = timedelta(hours=72)
REMINDER_LEADS = (6, 1)  # hours before a deadline the CISO is mailed

MEETS: dict[MessageKind, frozenset[str]] = {
    MessageKind.EARLY_WARNING: frozenset({MessageKind.EARLY_WARNING, MessageKind.NOTIFICATION}),
    MessageKind.NOTIFICATION: frozenset({MessageKind.NOTIFICATION}),
    MessageKind.PROGRESS: frozenset({MessageKind.PROGRESS, MessageKind.FINAL}),
    MessageKind.FINAL: frozenset({MessageKind.FINAL}),
}


class DeadlineState(StrEnum):
    OPEN = "open"  # not met, time left
    OVERDUE = "overdue"  # not met, past its moment
    MET = "met"  # met in time
    LATE = "late"  # met after its moment


@dataclass(frozen=True)
class SentMessage:
    kind: str
    recipient: str
    sent_at: datetime


@dataclass(frozen=True)
class Deadline:
    kind: MessageKind
    due_at: datetime  # aware, UTC
    met_at: datetime | None
    reached: frozenset[str]  # CSIRT and/or authority, by the messages that meet it
    provisional: bool = False  # counted from a deadline, because the message it counts from is not sent yet

    def state(self, now: datetime) -> DeadlineState:
        if self.met_at is not None:
            return DeadlineState.MET if self.met_at <= self.due_at else DeadlineState.LATE
        return DeadlineState.OPEN if now < self.due_at else DeadlineState.OVERDUE

    def left(self, now: datetime) -> timedelta:
        """Time left until the deadline (negative when past)."""
        return self.due_at - now


def as_utc(moment: datetime) -> datetime:
    """An aware moment in UTC (a naive one is taken as UTC, as SQLite returns stored timestamps)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def add_month(moment: datetime) -> datetime:
    """The same day and time one calendar month later, in UTC."""
    moment = as_utc(moment)
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _reach(messages: Iterable[SentMessage], kinds: frozenset[str]) -> tuple[datetime | None, frozenset[str]]:
    """When the messages of `kinds` had reached both recipients (None: not yet), and whom they reached."""
    first: dict[str, datetime] = {}
    for message in sorted(messages, key=lambda m: as_utc(m.sent_at)):
        if message.kind not in kinds:
            continue
        targets = (
            (Recipient.CSIRT.value, Recipient.AUTHORITY.value)
            if message.recipient == Recipient.BOTH.value
            else (message.recipient,)
        )
        for target in targets:
            first.setdefault(target, as_utc(message.sent_at))
    reached = frozenset(first)
    both = {Recipient.CSIRT.value, Recipient.AUTHORITY.value}
    return (max(first.values()) if both <= reached else None), reached


def _deadline(
    kind: MessageKind, due_at: datetime, messages: list[SentMessage], provisional: bool = False
) -> Deadline:
    met_at, reached = _reach(messages, MEETS[kind])
    return Deadline(kind, due_at, met_at, reached, provisional)


def deadlines(
    *,
    aware_at: datetime,
    significant: bool,
    handled_at: datetime | None,
    messages: Iterable[SentMessage],
) -> list[Deadline]:
    """The deadlines of an incident in order of their moment (none unless it is significant)."""
    if not significant:
        return []
    sent = list(messages)
    aware_at = as_utc(aware_at)
    early = _deadline(MessageKind.EARLY_WARNING, aware_at + EARLY_WARNING_PERIOD, sent)
    notification = _deadline(MessageKind.NOTIFICATION, aware_at + NOTIFICATION_PERIOD, sent)
    base = notification.met_at or notification.due_at
    report_due = add_month(base)
    provisional = notification.met_at is None
    handled = as_utc(handled_at) if handled_at is not None else None
    if handled is not None and handled <= report_due:
        return [early, notification, _deadline(MessageKind.FINAL, report_due, sent, provisional)]
    result = [early, notification, _deadline(MessageKind.PROGRESS, report_due, sent, provisional)]
    if handled is not None:
        result.append(_deadline(MessageKind.FINAL, add_month(handled), sent))
    return result


def next_open(found: Iterable[Deadline]) -> Deadline | None:
    """The first deadline not yet met (open or overdue)."""
    return next((d for d in found if d.met_at is None), None)


def reminders_due(found: Iterable[Deadline], now: datetime) -> list[tuple[Deadline, int]]:
    """The reminders to send now: per unmet deadline still ahead, the smallest lead (hours) it is within.
    A 6 h reminder missed (the scheduler was down) is not sent once the 1 h one is due."""
    due = []
    for deadline in found:
        if deadline.met_at is not None or deadline.due_at <= now:
            continue
        leads = [lead for lead in REMINDER_LEADS if deadline.due_at - now <= timedelta(hours=lead)]
        if leads:
            due.append((deadline, min(leads)))
    return due

"""The clocks of a significant incident: elapsed time in UTC, met when both recipients have it, the final
report one month after the notification, a progress report while the incident goes on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.clock import LOCAL_ZONE
from incidents.clocks import DeadlineState, SentMessage, add_month, deadlines, reminders_due
from incidents.models import MessageKind

AWARE = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


def kinds(found):
    return [d.kind for d in found]


def test_an_incident_that_is_not_significant_has_no_clocks():
    assert deadlines(aware_at=AWARE, significant=False, handled_at=None, messages=[]) == []


def test_the_early_warning_is_due_24_hours_and_the_notification_72_hours_after_awareness():
    early, notification, report = deadlines(aware_at=AWARE, significant=True, handled_at=None, messages=[])
    assert early.kind == MessageKind.EARLY_WARNING and early.due_at == AWARE + timedelta(hours=24)
    assert notification.kind == MessageKind.NOTIFICATION and notification.due_at == AWARE + timedelta(
        hours=72
    )
    # still going on, notification not sent: a progress report one month after the notification's deadline
    assert report.kind == MessageKind.PROGRESS and report.provisional
    assert report.due_at == datetime(2026, 10, 4, 8, 0, tzinfo=UTC)


def test_awareness_the_day_before_summer_time_ends_keeps_24_hours_elapsed():
    # Saturday 24 October 2026 12:00 in Amsterdam (CEST, +02:00); the clocks go back on Sunday 25 October 03:00
    aware = datetime(2026, 10, 24, 12, 0, tzinfo=LOCAL_ZONE)
    early, notification, _ = deadlines(aware_at=aware, significant=True, handled_at=None, messages=[])
    assert early.due_at - aware == timedelta(hours=24)
    local = early.due_at.astimezone(LOCAL_ZONE)
    assert (local.day, local.hour) == (25, 11)  # 11:00 CET on the wall clock, not 12:00
    assert notification.due_at.astimezone(LOCAL_ZONE).strftime("%Y-%m-%d %H:%M") == "2026-10-27 11:00"


def test_awareness_the_day_before_summer_time_starts_keeps_24_hours_elapsed():
    aware = datetime(2026, 3, 28, 12, 0, tzinfo=LOCAL_ZONE)  # clocks go forward on Sunday 29 March 02:00
    early, _, _ = deadlines(aware_at=aware, significant=True, handled_at=None, messages=[])
    assert early.due_at - aware == timedelta(hours=24)
    assert early.due_at.astimezone(LOCAL_ZONE).strftime("%Y-%m-%d %H:%M") == "2026-03-29 13:00"


def test_a_deadline_is_met_only_when_both_the_csirt_and_the_authority_have_the_message():
    to_csirt = SentMessage("early_warning", "csirt", AWARE + timedelta(hours=3))
    early, *_ = deadlines(aware_at=AWARE, significant=True, handled_at=None, messages=[to_csirt])
    assert early.met_at is None and early.reached == {"csirt"}
    assert early.state(AWARE + timedelta(hours=4)) == DeadlineState.OPEN
    assert early.state(AWARE + timedelta(hours=25)) == DeadlineState.OVERDUE
    to_authority = SentMessage("early_warning", "authority", AWARE + timedelta(hours=30))
    early, *_ = deadlines(
        aware_at=AWARE, significant=True, handled_at=None, messages=[to_csirt, to_authority]
    )
    assert early.met_at == AWARE + timedelta(hours=30)
    assert early.state(AWARE + timedelta(hours=31)) == DeadlineState.LATE


def test_a_notification_meets_the_early_warning_too_and_moves_the_final_report():
    sent = AWARE + timedelta(hours=20)
    early, notification, final = deadlines(
        aware_at=AWARE,
        significant=True,
        handled_at=AWARE + timedelta(days=3),
        messages=[SentMessage("notification", "both", sent)],
    )
    assert early.state(sent) == DeadlineState.MET and notification.state(sent) == DeadlineState.MET
    assert final.kind == MessageKind.FINAL and not final.provisional
    assert final.due_at == datetime(2026, 10, 2, 4, 0, tzinfo=UTC)


def test_an_incident_still_going_on_gets_a_progress_report_and_the_final_report_after_handling():
    notified = SentMessage("notification", "both", AWARE + timedelta(hours=50))
    handled = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    found = deadlines(aware_at=AWARE, significant=True, handled_at=handled, messages=[notified])
    assert kinds(found) == [
        MessageKind.EARLY_WARNING,
        MessageKind.NOTIFICATION,
        MessageKind.PROGRESS,
        MessageKind.FINAL,
    ]
    assert found[2].due_at == datetime(2026, 10, 3, 10, 0, tzinfo=UTC)
    assert found[3].due_at == datetime(2026, 12, 20, 9, 0, tzinfo=UTC)


def test_a_month_after_the_31st_is_the_last_day_of_a_shorter_month():
    assert add_month(datetime(2027, 1, 31, 10, tzinfo=UTC)) == datetime(2027, 2, 28, 10, tzinfo=UTC)
    assert add_month(datetime(2026, 12, 15, 10, tzinfo=UTC)) == datetime(2027, 1, 15, 10, tzinfo=UTC)


def test_reminders_fall_6_hours_and_1_hour_before_a_deadline():
    found = deadlines(aware_at=AWARE, significant=True, handled_at=None, messages=[])
    early_due = AWARE + timedelta(hours=24)
    assert reminders_due(found, early_due - timedelta(hours=7)) == []
    [(deadline, lead)] = reminders_due(found, early_due - timedelta(hours=6))
    assert deadline.kind == MessageKind.EARLY_WARNING and lead == 6
    [(_, lead)] = reminders_due(found, early_due - timedelta(minutes=50))
    assert lead == 1
    assert reminders_due(found, early_due + timedelta(minutes=1)) == []

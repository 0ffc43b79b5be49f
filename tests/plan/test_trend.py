"""The compliance trend from the answers' history as of each month end, and its SVG."""

from __future__ import annotations

from datetime import UTC, date, datetime
from xml.etree import ElementTree

from controls.answers import record_answer
from controls.catalogue_cache import catalogue_view
from controls.rules import AnswerValues
from controls.trend import compliance_trend, month_ends, trend_svg
from tests.plan.factories import TEST, requirement


def test_month_ends_count_back_from_today():
    ends = month_ends(date(2026, 3, 15))
    assert len(ends) == 12 and ends[-1] == date(2026, 3, 15) and ends[-2] == date(2026, 2, 28)
    assert ends[0] == date(2025, 4, 30)


def test_the_trend_replays_the_history_as_of_each_month_end(db, world, mini_catalogue, count_queries):
    found = requirement(db, "5.01.01")

    def save(values: AnswerValues, base: int, at: datetime) -> None:
        record_answer(
            session=db,
            organisation_id=world.own.id,
            requirement_id=found.id,
            values=values,
            base_revision=base,
            actor=TEST,
            at=at,
        )

    planned = AnswerValues(
        applicability="applicable",
        implementation="planned",
        explanation="komt",
        planned_on=date(2026, 6, 1),
        last_reviewed_on=date(2025, 11, 1),
    )
    save(planned, 0, datetime(2025, 11, 10, 12, tzinfo=UTC))
    done = AnswerValues(
        applicability="applicable",
        implementation="implemented",
        design="sufficient",
        last_reviewed_on=date(2026, 1, 1),
    )
    save(done, 1, datetime(2026, 1, 20, 12, tzinfo=UTC))
    catalogue_view(session=db)  # the catalogue, read once per session (controls.catalogue_cache)
    with count_queries() as counted:
        trend = compliance_trend(session=db, organisation_id=world.own.id, today=date(2026, 3, 15))
    assert counted.count == 2  # every revision of the organisation's answers, the proposals
    basis = next(s for s in trend.categories if s.key == "basishygiene")
    # 5.01.01 and 5.01.02 are basishygiëne: half implemented from January on
    assert basis.percents[-3:] == (50, 50, 50) and basis.percents[-4] == 0
    svg = trend_svg(trend.months, trend.categories, title="Trend")
    root = ElementTree.fromstring(svg)  # noqa: S314 - our own output
    assert root.get("role") == "img" and "basishygiëne: van 0 % naar 50 %" in svg

"""The reports' date and time formats (reports.pdf): a moment in the dense lines of a document is its short date
and the local time in hours and minutes, in the report's language, as a function and as the templates' filter."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from reports.language import report_language
from reports.pdf import environment, short_date, short_datetime

SUMMER = datetime(2026, 10, 24, 12, 0, tzinfo=UTC)  # 14:00 in Amsterdam, summer time
WINTER = datetime(2026, 10, 27, 12, 0, tzinfo=UTC)  # 13:00, after summer time ended on 25 October
LATE = datetime(2026, 10, 24, 22, 30, tzinfo=UTC)  # 00:30 the next day in Amsterdam
NAIVE = datetime(2026, 10, 24, 12, 0)  # stored without a zone: UTC


@pytest.mark.parametrize(
    ("language", "moment", "expected"),
    [
        ("nl", SUMMER, "24-10-2026 14:00"),
        ("nl", WINTER, "27-10-2026 13:00"),
        ("nl", LATE, "25-10-2026 00:30"),
        ("nl", NAIVE, "24-10-2026 14:00"),
        ("en", SUMMER, "24/10/2026 14:00"),
        ("en", WINTER, "27/10/2026 13:00"),
        ("en", LATE, "25/10/2026 00:30"),
        ("nl", None, ""),
        ("en", None, ""),
    ],
)
def test_a_moment_is_its_short_date_and_the_local_time(language, moment, expected):
    with report_language(language):
        assert short_datetime(moment) == expected
        assert short_datetime(moment).startswith(short_date(moment))


def test_the_templates_have_it_as_a_filter():
    template = environment().from_string("{{ moment|short_datetime }}|{{ nothing|short_datetime }}")
    with report_language("en"):
        assert template.render(moment=SUMMER, nothing=None) == "24/10/2026 14:00|"

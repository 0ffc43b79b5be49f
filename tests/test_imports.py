"""The one import flow: the file of a clean dry run is kept for a short time, bound to its user, organisation
and sheet; and the pages show dates and moments in one style per language."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from app.i18n import format_medium_date, format_medium_datetime
from app.imports.store import KEEP, Owner, keep, take
from core import clock
from core.errors import RuleError

OWNER = Owner(user_id=1, organisation_id=1, kind="answers")


def refused(token: str, owner: Owner = OWNER) -> str:
    with pytest.raises(RuleError) as error:
        take(token, owner=owner)
    return error.value.problems[0].code


def test_a_kept_file_is_given_back_once_to_whoever_checked_it(app):
    with app.app_context():
        kept = keep(b"het bestand", owner=OWNER, filename="a.xlsx")
        folder = Path(app.instance_path) / "imports"
        assert (folder / kept.token).read_bytes() == b"het bestand"
        for stranger in (
            Owner(user_id=2, organisation_id=1, kind="answers"),
            Owner(user_id=1, organisation_id=2, kind="answers"),
            Owner(user_id=1, organisation_id=1, kind="risks"),
        ):
            assert refused(kept.token, stranger) == "imports.foreign"
        assert take(kept.token, owner=OWNER) == (b"het bestand", "a.xlsx")
        assert refused(kept.token) == "imports.missing"
        assert list(folder.iterdir()) == []
        assert refused("../../secret_key") == "imports.missing"


def test_a_kept_file_that_was_changed_on_disk_is_not_imported(app):
    with app.app_context():
        kept = keep(b"het bestand", owner=OWNER, filename="a.xlsx")
        (Path(app.instance_path) / "imports" / kept.token).write_bytes(b"iets anders")
        assert refused(kept.token) == "imports.missing"


def test_kept_files_expire_and_are_swept(app, monkeypatch):
    start = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)
    monkeypatch.setattr(clock, "now", lambda: start)
    with app.app_context():
        old = keep(b"oud", owner=OWNER, filename="a.xlsx")
        assert old.expires_at == start + KEEP
        monkeypatch.setattr(clock, "now", lambda: start + KEEP)
        assert refused(old.token) == "imports.expired"
        stale = keep(b"ook oud", owner=OWNER, filename="b.xlsx")
        monkeypatch.setattr(clock, "now", lambda: start + 2 * KEEP + timedelta(seconds=1))
        keep(b"nieuw", owner=OWNER, filename="c.xlsx")
        names = {path.name for path in (Path(app.instance_path) / "imports").iterdir()}
        assert stale.token not in names and len(names) == 2  # the new file and its facts


@pytest.mark.parametrize(
    ("language", "day", "moment"),
    [("nl", "5 mrt 2026", "1 dec 2026, 09:33"), ("en", "Mar 5, 2026", "Dec 1, 2026, 9:33\u202fAM")],
)
def test_one_date_style_per_language(app, language, day, moment):
    with app.test_request_context(headers={"Accept-Language": language}):
        assert format_medium_date(date(2026, 3, 5)) == day
        assert format_medium_datetime(datetime(2026, 12, 1, 8, 33, tzinfo=UTC)) == moment  # local time
        assert app.jinja_env.filters["datetime"] is format_medium_datetime

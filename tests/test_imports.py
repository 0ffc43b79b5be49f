"""The one import flow: the file of a clean dry run is kept for a short time, bound to its user, organisation
and sheet."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

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

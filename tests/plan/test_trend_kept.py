"""The dashboard's compliance trend is kept per organisation in the process (controls.trend.TRENDS): a second view
does not read the answers' history again, and each thing the trend depends on gives the trend anew at the next
view: a new revision, a proposal waiting for approval, a catalogue load, a new day, another language, a restored
database whose ids come again with other rows. Each shown figure is also compared with the trend computed with nothing kept."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

from controls.answers import record_answer
from controls.catalogue import load_catalogue
from controls.catalogue_cache import forget_catalogue
from controls.models import Requirement
from controls.rules import AnswerValues
from controls.trend import TRENDS
from core import clock
from core.models import Role
from tests.plan.factories import DONE, NOT_APPLICABLE, TEST, requirement
from tests.test_catalogue_load import V1, parsed

ORG = "/o/voorbeeld"
PLANNED = AnswerValues(
    applicability="applicable",
    implementation="planned",
    explanation="Komt.",
    planned_on=date(2027, 6, 1),
    last_reviewed_on=date(2026, 1, 5),
)
NOW = re.compile(r"Van de eisen die gelden is (\d+) % geïmplementeerd")


def save(db, world, code: str, values: AnswerValues, base: int):
    saved = record_answer(
        session=db,
        organisation_id=world.own.id,
        requirement_id=requirement(db, code).id,
        values=values,
        base_revision=base,
        actor=TEST,
    )
    db.commit()
    return saved


def shown(client) -> int:
    """The compliance now, as the dashboard says it (the trend's last month end)."""
    page = html.unescape(client.get(f"{ORG}/").get_data(as_text=True))
    found = NOW.search(page)
    assert found is not None, page
    return int(found.group(1))


def fresh(client) -> int:
    """The same, computed with nothing kept."""
    TRENDS.clear()
    return shown(client)


def history_reads(statements: list[str]) -> int:
    """The trend's read of every revision of the organisation."""
    return sum(
        "answerrevision.applicability" in s and "ORDER BY answerrevision.recorded_at" in s for s in statements
    )


def test_a_second_view_does_not_read_the_history_again(
    client, db, world, mini_catalogue, login_as, count_queries
):
    save(db, world, "5.01.01", DONE, 0)
    login_as(Role.CISO)
    with count_queries() as first:
        client.get(f"{ORG}/")
    with count_queries() as second:
        page = client.get(f"{ORG}/").get_data(as_text=True)
    assert history_reads(first.statements) == 1 and history_reads(second.statements) == 0
    # the history's read gave way to one small question: no more statements than the first view (which also
    # read the catalogue)
    assert second.count <= first.count
    assert page.count('class="trend"') == 2


def test_a_new_revision_gives_the_trend_anew(client, db, world, mini_catalogue, login_as):
    save(db, world, "5.01.01", PLANNED, 0)
    login_as(Role.CISO)
    before = shown(client)
    save(db, world, "5.01.01", DONE, 1)
    after = shown(client)
    assert after > before and after == fresh(client)


def test_a_proposal_waiting_for_approval_gives_the_trend_anew(client, db, world, mini_catalogue, login_as):
    save(db, world, "5.01.01", DONE, 0)
    login_as(Role.CISO)
    before = shown(client)
    held = save(db, world, "5.01.01", NOT_APPLICABLE, 1)  # held "ter goedkeuring": no revision, undecided
    assert held.held is not None and held.revision is None
    after = shown(client)
    assert after < before and after == fresh(client)


def test_a_catalogue_load_gives_the_trend_anew(client, db, world, mini_catalogue, login_as):
    save(db, world, "5.01.01", DONE, 0)
    login_as(Role.CISO)
    before = shown(client)
    withdrawn = V1.replace('version: "test.1"', 'version: "test.3"').replace(
        """  - id: "5.01.02"
    control: "5.1"
    categories: [basishygiene, overheidsrisicos]
    title: {nl: "Jaarlijkse herziening", en: "Yearly review"}
    summary: {nl: "Jaarlijks herzien in de P&C-cyclus.", en: "Reviewed yearly in the P&C cycle."}
""",
        "",
    )
    load_catalogue(session=db, catalogue=parsed(withdrawn))  # 5.01.02, unanswered, withdrawn: fewer apply
    db.commit()
    after = shown(client)
    assert after > before and after == fresh(client)


def test_a_catalogue_changed_by_hand_and_read_anew_gives_the_trend_anew(
    client, db, world, mini_catalogue, login_as
):
    save(db, world, "5.01.01", DONE, 0)
    login_as(Role.CISO)
    before = shown(client)
    row = db.get(Requirement, requirement(db, "5.01.02").id)
    row.status = "withdrawn"  # a repair by hand: the catalogue's key stays the same
    db.commit()
    forget_catalogue(session=db)
    after = shown(client)
    assert after > before and after == fresh(client)


def test_a_new_day_gives_the_trend_anew(client, db, world, mini_catalogue, login_as, monkeypatch):
    save(db, world, "5.01.01", DONE, 0)  # recorded today
    login_as(Role.CISO)
    today = clock.today()
    monkeypatch.setattr(clock, "today", lambda: today - timedelta(days=1))
    before = shown(client)  # as of yesterday: not yet implemented
    monkeypatch.setattr(clock, "today", lambda: today)
    after = shown(client)
    assert after > before and after == fresh(client)


def test_a_restored_database_whose_ids_come_again_gives_the_trend_anew(
    client, cli, db, world, mini_catalogue, login_as, tmp_path
):
    save(db, world, "5.01.01", PLANNED, 0)
    backup = tmp_path / "backup.zip"
    assert cli("backup", "--out", str(backup)).exit_code == 0
    save(db, world, "5.01.02", DONE, 0)
    login_as(Role.CISO)
    done = shown(client)
    assert cli("restore", str(backup)).exit_code == 0
    db.expire_all()
    save(db, world, "5.01.02", PLANNED, 0)  # the same revision id as the one the restore took away
    login_as(Role.CISO)
    again = shown(client)
    assert again < done and again == fresh(client)


def test_another_language_gives_the_trend_in_its_words(client, db, world, mini_catalogue, login_as):
    save(db, world, "5.01.01", DONE, 0)
    login_as(Role.CISO)
    assert "basishygiëne" in html.unescape(client.get(f"{ORG}/").get_data(as_text=True))
    with client.session_transaction() as session:
        session["locale"] = "en"
    page = html.unescape(client.get(f"{ORG}/").get_data(as_text=True))
    assert "basic hygiene" in page and "basishygiëne" not in page

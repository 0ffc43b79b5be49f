"""Inheritance by consent: the provider offers requirements as shared services with the text it shares; only
those can be inherited, and the served organisation sees only that text, the provider's status and review
date: never the provider's explanation, owner or history (page, as-of view, SoA, reports, exports)."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, text
from sqlalchemy.exc import DatabaseError
from sqlmodel import select

from controls.answers_xlsx import export_answers
from controls.sharing import set_offer
from controls.sharing_models import SharedServiceRevision
from core.actor import Actor
from core.errors import RuleError, StaleEdit
from core.models import AuditEvent, Role
from reports.builders import build_report
from reports.parameters import ReportParameters
from tests.answers.conftest import answer, fixed_clock, requirement_id, share  # noqa: F401 - the clock
from tests.factories import make_organisation, make_user
from tests.reports.pdftext import body_text

SECRET = "Intern: sleutel ligt bij Bas in de kluis."
OWNER = "Bas Geheimhouder"
SHARED = "Het IT-centrum maakt dagelijks back-ups."
IMPLEMENTED = {"applicability": "applicable", "implementation": "implemented", "design": "sufficient"}


@pytest.fixture
def provider(db, world, mini_catalogue):
    """Gemeente Buurdorp, provider of voorbeeld, with its own (internal) answer on 5.01.01 and 5.01.02."""
    buurdorp = make_organisation(db, "buurdorp", "Gemeente Buurdorp")
    make_user(db, buurdorp, Role.CISO)
    world.own.provider_id = buurdorp.id
    db.add(world.own)
    db.commit()
    for code in ("5.01.01", "5.01.02"):
        answer(db, buurdorp, code, **IMPLEMENTED, explanation=SECRET, owner=OWNER)
    return buurdorp


def offers_count(db) -> int:
    return db.exec(select(func.count()).select_from(SharedServiceRevision)).one()


def test_only_a_shared_requirement_can_be_inherited(db, world, provider):
    with pytest.raises(RuleError) as refused:
        answer(db, world.own, "5.01.01", applicability="inherited")
    assert [p.code for p in refused.value.problems] == ["answer.not_shared"]
    share(db, provider, "5.01.01", SHARED)
    revision = answer(db, world.own, "5.01.01", applicability="inherited")
    assert revision.applicability == "inherited"


def test_an_offer_is_recorded_as_revisions_audited_and_stale_saves_are_refused(db, world, provider):
    first = share(db, provider, "5.01.01", "  Eerste tekst.  ")
    second = share(db, provider, "5.01.01", "Tweede tekst.")
    assert (first.number, first.shared_text, second.number) == (1, "Eerste tekst.", 2)
    assert share(db, provider, "5.01.01", "Tweede tekst.").id == second.id  # unchanged: nothing added
    with pytest.raises(StaleEdit):
        set_offer(
            session=db,
            provider_id=provider.id,
            requirement_id=requirement_id(db, "5.01.01"),
            offered=True,
            shared_text="Derde",
            base_revision=1,
            actor=Actor.system("x"),
        )
    db.rollback()
    share(db, provider, "5.01.01", offered=False)
    events = db.exec(
        select(AuditEvent).where(AuditEvent.action.startswith("shared_service.")).order_by(AuditEvent.id)
    ).all()
    assert [e.action for e in events] == ["shared_service.offered"] * 2 + ["shared_service.withdrawn"]
    assert {e.organisation_id for e in events} == {provider.id} and events[0].subject == "5.01.01"
    assert json.loads(events[1].changes) == {"shared_text": ["Eerste tekst.", "Tweede tekst."]}
    assert json.loads(events[2].changes) == {"offered": [True, False], "shared_text": ["Tweede tekst.", ""]}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "sharing.text_required"),
        ("x" * 4001, "sharing.text_too_long"),
        ("a\x00b", "text.control_character"),
    ],
)
def test_an_offer_needs_a_clean_text(db, world, provider, text, code):
    with pytest.raises(RuleError) as refused:
        share(db, provider, "5.01.01", text)
    assert [p.code for p in refused.value.problems] == [code]
    db.rollback()
    assert offers_count(db) == 0


def test_withdrawing_what_is_not_offered_is_refused(db, world, provider):
    with pytest.raises(RuleError) as refused:
        share(db, provider, "5.01.01", offered=False)
    assert refused.value.problems[0].code == "sharing.not_offered"


def test_offers_are_append_only_in_the_database(db, world, provider):
    share(db, provider, "5.01.01", SHARED)
    for statement in (
        "UPDATE shared_service_revision SET shared_text = 'x'",
        "DELETE FROM shared_service_revision",
    ):
        with pytest.raises(DatabaseError):
            db.exec(text(statement))
        db.rollback()
    assert offers_count(db) == 1


def served_page(client, login_as, path: str) -> str:
    login_as(Role.AUDITOR)
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_served_organisation_sees_only_what_is_shared(client, db, world, provider, login_as):
    share(db, provider, "5.01.01", SHARED)
    answer(db, world.own, "5.01.01", applicability="inherited")
    page = served_page(client, login_as, "/o/voorbeeld/eisen/5.01.01")
    assert SHARED in page and "Gemeente Buurdorp" in page and "1 mrt 2026" in page
    assert SECRET not in page and OWNER not in page
    statement = client.get("/o/voorbeeld/vvt").get_data(as_text=True)
    assert SHARED in statement and SECRET not in statement and OWNER not in statement
    history = client.get("/o/voorbeeld/eisen/5.01.01/historie").get_data(as_text=True)
    assert SECRET not in history and OWNER not in history


def test_a_withdrawn_offer_leaves_the_answer_but_shows_nothing_of_the_provider(
    client,
    db,
    world,
    provider,
    login_as,
    fixed_clock,  # noqa: F811 - the answers' fixed clock
):
    share(db, provider, "5.01.01", SHARED)
    answer(db, world.own, "5.01.01", applicability="inherited")
    fixed_clock.set(datetime(2026, 3, 20, 9, 0, tzinfo=UTC))
    share(db, provider, "5.01.01", offered=False)
    page = served_page(client, login_as, "/o/voorbeeld/eisen/5.01.01")
    assert "De leverancier deelt deze eis niet" in page and SHARED not in page and SECRET not in page
    statement = client.get("/o/voorbeeld/vvt").get_data(as_text=True)
    assert "de leverancier deelt deze eis niet" in statement
    # as of a day on which it was shared: the shared text of then, still never the provider's own fields
    then = client.get("/o/voorbeeld/eisen/5.01.01?peildatum=2026-03-17").get_data(as_text=True)
    assert SHARED in then and SECRET not in then and OWNER not in then


def test_the_as_of_view_shows_nothing_before_the_offer(
    client,
    db,
    world,
    provider,
    login_as,
    fixed_clock,  # noqa: F811 - the answers' fixed clock
):
    fixed_clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    share(db, provider, "5.01.01", SHARED)
    answer(db, world.own, "5.01.01", applicability="inherited", last_reviewed_on=date(2026, 3, 10))
    fixed_clock.set(datetime(2026, 3, 16, 9, 0, tzinfo=UTC))
    page = served_page(client, login_as, "/o/voorbeeld/vvt?peildatum=2026-03-09")
    assert SHARED not in page and SECRET not in page


def test_reports_and_exports_hold_only_the_shared_text(db, world, provider):
    share(db, provider, "5.01.01", SHARED)
    answer(db, world.own, "5.01.01", applicability="inherited")
    params = ReportParameters(
        organisation_name="Gemeente Voorbeeld",
        organisation_slug="voorbeeld",
        generated_by="Otto",
        generated_at=datetime(2026, 3, 16, 9, 30, tzinfo=UTC),
    )
    texts = []
    for kind, format in (("soa", "xlsx"), ("management", "pdf"), ("soa", "pdf")):
        content = build_report(
            session=db, organisation_id=world.own.id, kind=kind, format=format, params=params
        )
        texts.append(body_text(content) if format == "pdf" else _cells(content))
    texts.append(_cells(export_answers(session=db, organisation_id=world.own.id)))
    assert SHARED in texts[0] and SHARED in " ".join(texts[2].split())
    for found in texts:
        assert "sleutel ligt bij Bas" not in " ".join(found.split()) and OWNER not in found


def _cells(content: bytes) -> str:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
    )


def test_the_provider_shares_through_its_pages(client, db, world, provider, login_as):
    from tests.conftest import login

    assert login(client, "ciso@buurdorp.nl").status_code == 302
    page = client.get("/o/buurdorp/gedeelde-diensten/5.01.01")
    assert page.status_code == 200 and "Tekst voor de afnemers" in page.get_data(as_text=True)
    empty = client.post(
        "/o/buurdorp/gedeelde-diensten/5.01.01", data={"base_revision": "0", "shared_text": ""}
    )
    assert empty.status_code == 422 and "Geef de tekst" in empty.get_data(as_text=True)
    saved = client.post(
        "/o/buurdorp/gedeelde-diensten/5.01.01", data={"base_revision": "0", "shared_text": SHARED}
    )
    assert saved.status_code == 302
    stale = client.post(
        "/o/buurdorp/gedeelde-diensten/5.01.01", data={"base_revision": "0", "shared_text": "x"}
    )
    assert stale.status_code == 409
    listing = client.get("/o/buurdorp/gedeelde-diensten/").get_data(as_text=True)
    assert SHARED in listing and "Gemeente Voorbeeld" in listing
    withdrawn = client.post(
        "/o/buurdorp/gedeelde-diensten/5.01.01", data={"base_revision": "1", "withdraw": "Niet meer delen"}
    )
    assert withdrawn.status_code == 302 and offers_count(db) == 2
    assert SHARED not in client.get("/o/buurdorp/gedeelde-diensten/").get_data(as_text=True)


def test_an_auditor_of_the_provider_reads_but_cannot_share(client, db, world, provider, login_as):
    make_user(db, provider, Role.AUDITOR)
    db.commit()
    from tests.conftest import login

    login(client, "auditor@buurdorp.nl")
    page = client.get("/o/buurdorp/gedeelde-diensten/5.01.01").get_data(as_text=True)
    assert "Tekst voor de afnemers" not in page
    refused = client.post(
        "/o/buurdorp/gedeelde-diensten/5.01.01", data={"base_revision": "0", "shared_text": "x"}
    )
    assert refused.status_code == 403 and offers_count(db) == 0


def test_the_command_line_offers_lists_and_withdraws(cli, db, world, provider):
    done = cli("shared", "offer", "--org", "buurdorp", "--text", SHARED, "5.01.01")
    assert done.exit_code == 0 and "5.01.01: revisie 1, gedeeld" in done.stdout
    listed = cli("shared", "list", "--org", "buurdorp")
    assert listed.exit_code == 0 and listed.stdout.startswith("5.01.01\t") and SHARED in listed.stdout
    assert cli("shared", "withdraw", "--org", "buurdorp", "5.01.01").exit_code == 0
    again = cli("shared", "withdraw", "--org", "buurdorp", "5.01.01")
    assert again.exit_code == 1 and "niets in te trekken" in again.stderr
    unknown = cli("shared", "offer", "--org", "buurdorp", "--text", "x", "9.99")
    assert unknown.exit_code == 1 and "onbekende eis" in unknown.stderr
    assert offers_count(db) == 2


def test_the_list_of_shared_services_takes_the_same_queries_for_one_or_three(
    client, db, world, provider, count_queries
):
    from tests.conftest import login

    login(client, "ciso@buurdorp.nl")
    share(db, provider, "5.01.01", SHARED)
    with count_queries() as one:
        assert client.get("/o/buurdorp/gedeelde-diensten/").status_code == 200
    share(db, provider, "5.01.02", SHARED)
    share(db, provider, "5.1", SHARED)
    with count_queries() as three:
        assert client.get("/o/buurdorp/gedeelde-diensten/").status_code == 200
    assert three.count == one.count

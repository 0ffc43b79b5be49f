"""The provider keeps its receivers informed: a new revision of a shared answer is an event in the logboek of
every organisation relying on it (in the provider's transaction, with nothing the receiver may not see), on the
receiver's dashboard, in its CISO's digest; the receiver's SoA shows the date of the provider's answer; both
sides see who relies on what (pages and API)."""

from __future__ import annotations

import email
import json
from datetime import UTC, date, datetime, timedelta
from email import policy

import pytest
from sqlmodel import col, select

from core import clock
from core.models import AuditEvent, Role
from tests.answers.conftest import answer, share
from tests.factories import make_organisation, make_user

SECRET = "Intern: de sleutel ligt in kluis 3."
IMPLEMENTED = {"applicability": "applicable", "implementation": "implemented", "design": "sufficient"}


@pytest.fixture
def provider(db, world, mini_catalogue):
    """Buurdorp provides for voorbeeld and andere; both inherit 5.01.01, only voorbeeld inherits 5.01.02."""
    buurdorp = make_organisation(db, "buurdorp", "Gemeente Buurdorp")
    make_user(db, buurdorp, Role.CISO)
    for served in (world.own, world.other):
        served.provider_id = buurdorp.id
        db.add(served)
    db.commit()
    for code in ("5.01.01", "5.01.02", "5.10.01"):
        answer(db, buurdorp, code, **IMPLEMENTED, explanation=SECRET)
        share(db, buurdorp, code, "Het IT-centrum regelt dit.")
    answer(db, world.own, "5.01.01", applicability="inherited")
    answer(db, world.other, "5.01.01", applicability="inherited")
    answer(db, world.own, "5.01.02", applicability="inherited")
    return buurdorp


def _told(db, organisation_id=None):
    query = select(AuditEvent).where(col(AuditEvent.action) == "shared_answer.changed")
    if organisation_id is not None:
        query = query.where(col(AuditEvent.organisation_id) == organisation_id)
    return db.exec(query.order_by(col(AuditEvent.id))).all()


def test_a_change_is_logged_for_each_receiver_relying_on_it(db, world, provider):
    answer(
        db,
        provider,
        "5.01.01",
        applicability="applicable",
        implementation="partially",
        planned_on=date(2026, 9, 1),
        explanation=SECRET + " Nu deels.",
    )
    assert {e.organisation_id for e in _told(db)} == {world.own.id, world.other.id}
    [event] = _told(db, world.own.id)
    assert event.subject == "5.01.01" and "Gemeente Buurdorp" in event.actor_name
    assert json.loads(event.changes) == {"provider_status": ["implemented", "partially"]}
    assert SECRET not in event.changes + event.detail
    answer(db, provider, "5.10.01", **IMPLEMENTED, explanation="Anders.")  # nobody inherits 5.10.01
    answer(db, provider, "5.01.02", **IMPLEMENTED, explanation="Ook anders.")  # only voorbeeld
    assert [e.subject for e in _told(db, world.other.id)] == ["5.01.01"]
    assert [e.subject for e in _told(db, world.own.id)] == ["5.01.01", "5.01.02"]


def test_the_event_is_in_the_providers_transaction(db, world, provider):
    answer(db, provider, "5.01.01", **IMPLEMENTED, explanation="Niet bewaard.", commit=False)
    assert len(_told(db)) == 2
    db.rollback()
    assert _told(db) == []


def test_a_withdrawn_offer_tells_nobody(db, world, provider):
    share(db, provider, "5.01.01", offered=False)
    answer(db, provider, "5.01.01", **IMPLEMENTED, explanation="Na intrekken.")
    assert _told(db) == []


def test_dashboard_logboek_and_soa_of_the_receiver(client, db, world, provider, login_as, fixed_clock):
    fixed_clock.set(datetime(2026, 3, 20, 10, 0, tzinfo=UTC))
    answer(
        db,
        provider,
        "5.01.01",
        applicability="applicable",
        implementation="partially",
        planned_on=date(2026, 9, 1),
        explanation="x",
    )
    login_as(Role.CISO)
    dashboard = client.get("/o/voorbeeld/").get_data(as_text=True)
    assert "Gewijzigd bij de leverancier" in dashboard and "5.01.01" in dashboard
    assert SECRET not in dashboard
    statement = client.get("/o/voorbeeld/vvt").get_data(as_text=True)
    assert "antwoord van de leverancier van 20 mrt 2026" in statement
    inherited = client.get("/o/voorbeeld/gedeelde-diensten/overgenomen").get_data(as_text=True)
    assert "5.01.01" in inherited and "5.01.02" in inherited and SECRET not in inherited
    client.post("/logout")
    login_as(Role.ADMIN)
    log = client.get("/o/voorbeeld/beheer/logboek").get_data(as_text=True)
    assert "Gewijzigd bij de leverancier" in log


def test_the_provider_sees_who_relies_on_what(client, db, world, provider):
    from tests.conftest import login

    login(client, "ciso@buurdorp.nl")
    page = client.get("/o/buurdorp/gedeelde-diensten/afnemers").get_data(as_text=True)
    row = page.split("5.01.01</a>")[1].split("</tr>")[0]
    assert "Gemeente Andere" in row and "Gemeente Voorbeeld" in row
    row = page.split("5.10.01</a>")[1].split("</tr>")[0]
    assert "nog niemand" in row


def test_the_api_of_both_sides(db, world, provider, api):
    from core.accounts import user_by_email
    from core.actor import Actor
    from core.tokens import create_token
    from tests.api.conftest import make_token

    receiver = api(make_token(db, world, Role.CISO))
    found = receiver.get("/api/v1/organisations/voorbeeld/shared/inherited").json
    assert [i["requirement_code"] for i in found["items"]] == ["5.01.01", "5.01.02"]
    assert found["items"][0]["provider"] == "Gemeente Buurdorp" and found["items"][0]["provider_answered_at"]
    ciso = user_by_email(session=db, email="ciso@buurdorp.nl")
    secret = create_token(
        session=db, user=ciso, organisation=provider, scope="read", days=5, actor=Actor.system("t")
    ).secret
    db.commit()
    relied = api(secret).get("/api/v1/organisations/buurdorp/shared/relied-on").json
    by_code = {i["requirement_code"]: i["organisations"] for i in relied["items"]}
    assert by_code == {
        "5.01.01": ["Gemeente Andere", "Gemeente Voorbeeld"],
        "5.01.02": ["Gemeente Voorbeeld"],
        "5.10.01": [],
    }


def test_the_digest_of_the_receivers_ciso(cli, db, world, provider, smtp_sink, monkeypatch, fixed_clock):
    fixed_clock.set(datetime(2026, 3, 20, 10, 0, tzinfo=UTC))
    answer(
        db,
        provider,
        "5.01.02",
        applicability="applicable",
        implementation="partially",
        planned_on=date(2026, 9, 1),
        explanation="x",
    )
    for key, value in (
        ("SMTP_HOST", "127.0.0.1"),
        ("SMTP_PORT", str(smtp_sink.port)),
        ("MAIL_FROM", "naleving@voorbeeld.nl"),
    ):
        monkeypatch.setenv(f"NALEVING_{key}", value)
    sent = cli("reminders", "send")
    assert sent.exit_code == 0, sent.stderr
    bodies = {
        tuple(envelope.rcpt_tos): email.message_from_bytes(envelope.content, policy=policy.default)
        .get_body()
        .get_content()
        for envelope in smtp_sink.envelopes
    }
    body = bodies[(world.user(Role.CISO).email,)]
    assert "Gewijzigd bij de leverancier" in body and "5.01.02 bij Gemeente Buurdorp" in body
    assert SECRET not in body
    assert (world.user(Role.CISO, "other").email,) not in bodies  # andere does not rely on 5.01.02
    assert clock.today().isoformat() == "2026-03-20"


def test_a_providers_decision_waiting_for_approval_is_undecided_for_its_receivers(
    db, world, provider, monkeypatch
):
    """Buurdorp proposes "niet van toepassing" on a shared requirement: held for approval (the default policy),
    so what voorbeeld inherits counts as undecided there, not as the implemented answer it had."""
    from controls.answers import record_answer
    from controls.models import Requirement
    from controls.rules import AnswerValues
    from controls.soa import statement_of_applicability
    from core.actor import Actor

    def status(code: str) -> str:
        return statement_of_applicability(session=db, organisation_id=world.own.id).entry(code).status

    assert status("5.01.01") == "implemented"
    later = clock.now() + timedelta(hours=1)  # the proposal comes after the answer it would replace
    monkeypatch.setattr(clock, "now", lambda: later)
    requirement = db.exec(select(Requirement).where(Requirement.code == "5.01.01")).one()
    saved = record_answer(
        session=db,
        organisation_id=provider.id,
        requirement_id=requirement.id,
        values=AnswerValues(
            applicability="not_applicable",
            explanation="Geen rekencentrum.",
            last_reviewed_on=date(2026, 1, 5),
        ),
        base_revision=1,
        actor=Actor.system("CISO Buurdorp"),
    )
    db.commit()
    assert saved.held is not None, "the default policy holds a 'niet van toepassing' on a measure"
    assert status("5.01.01") == "held"
    assert status("5.01.02") == "implemented", "only the held one"

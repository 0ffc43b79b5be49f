"""20 concurrent edits of one risk: one winner, 19 clear refusals (StaleEdit; over HTTP the answers' conflict
page, 409, with what was typed), never a 500. Error pages after a database error; an outage is a 503."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, create_engine

from core.actor import Actor
from core.errors import StaleEdit
from core.models import Role
from risk.models import Risk
from risk.register import update_risk
from tests.conftest import engine_of
from tests.ops.timelimit import time_limit
from tests.risk.factories import make_risk, risk_data
from tests.risk.test_web import form_data

EDITORS = 20


def run_together(work, count: int = EDITORS) -> list:
    """Run work(i) in `count` threads released at once; their results (or exceptions) in order."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def one(index: int) -> None:
        try:
            results[index] = work(index, barrier)
        except BaseException as error:  # noqa: BLE001 - kept to assert on
            results[index] = error

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_twenty_concurrent_edits_through_the_domain_one_wins(app, db, world):
    risk = make_risk(db, world.own.id)

    def edit(index: int, barrier: threading.Barrier):
        with Session(engine_of(app), expire_on_commit=False) as session:
            mine = session.get(Risk, risk.id)
            assert mine.revision == 1
            session.commit()  # back to the pool while waiting: 20 threads, a pool of 15
            barrier.wait(timeout=60)
            try:
                update_risk(
                    session=session,
                    risk=mine,
                    data=risk_data(title=f"Versie {index}"),
                    expected_revision=1,
                    actor=Actor.system(f"bewerker {index}"),
                )
                session.commit()
            except StaleEdit:
                session.rollback()
                return "stale"
            return "saved"

    with time_limit(120):
        results = run_together(edit)
    assert sorted(map(str, results)) == ["saved"] + ["stale"] * (EDITORS - 1), results
    db.refresh(risk)
    assert risk.revision == 2


def test_a_revision_number_taken_meanwhile_is_a_stale_edit(app, db, world, monkeypatch):
    """The unique key (risk_id, number) refusing the insert is turned into StaleEdit, not an IntegrityError."""
    risk = make_risk(db, world.own.id)
    with Session(engine_of(app), expire_on_commit=False) as other:
        theirs = other.get(Risk, risk.id)
        update_risk(
            session=other,
            risk=theirs,
            data=risk_data(title="Eerst"),
            expected_revision=1,
            actor=Actor.system("a"),
        )
        other.commit()
    mine = db.get(Risk, risk.id)
    monkeypatch.setattr(db, "refresh", lambda *args, **kwargs: None)  # as if read just before the other save
    mine.revision = 1
    with pytest.raises(StaleEdit):
        try:
            update_risk(
                session=db,
                risk=mine,
                data=risk_data(title="Tweede"),
                expected_revision=1,
                actor=Actor.system("b"),
            )
        except IntegrityError:
            pytest.fail("IntegrityError escaped")
    db.rollback()


def logged_in_clients(app, client, world, count: int) -> list:
    from tests.conftest import login

    assert login(client, world.user(Role.CISO).email).status_code == 302
    cookie = client.get_cookie("session")
    clients = []
    for _ in range(count):
        other = app.test_client()
        other.set_cookie("session", cookie.value)
        clients.append(other)
    return clients


def test_twenty_concurrent_edits_over_http_one_wins_and_no_500(app, client, db, world):
    risk = make_risk(db, world.own.id)
    clients = logged_in_clients(app, client, world, EDITORS)
    url = f"/o/voorbeeld/risicos/{risk.id}/bewerken"

    def post(index: int, barrier: threading.Barrier):
        barrier.wait(timeout=60)
        response = clients[index].post(url, data=form_data(title=f"Mijn versie {index}", revision="1"))
        return response.status_code, response.get_data(as_text=True)

    with time_limit(180):
        results = run_together(post)
    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == []
    statuses = sorted(status for status, _page in results)
    assert statuses == [302] + [409] * (EDITORS - 1), statuses
    for index, (status, page) in enumerate(results):
        if status == 409:
            assert (
                "Iemand anders heeft dit risico intussen gewijzigd; uw wijziging is niet opgeslagen." in page
            )
            assert f'value="Mijn versie {index}"' in page  # what was typed is kept
    db.refresh(risk)
    assert risk.revision == 2


def broken_engine(app):
    """Point the app at a database that cannot be reached."""
    if engine_of(app).dialect.name == "postgresql":
        url = "postgresql+psycopg://nobody@127.0.0.1:1/nothing?connect_timeout=2"
    else:
        url = "sqlite:////nonexistent-folder/naleving.sqlite"
    return create_engine(url)


def test_healthz_is_json_200_when_fine_and_json_503_when_the_database_is_down(app, client):
    response = client.get("/healthz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ok"})
    working = app.extensions["naleving.engine"]
    app.extensions["naleving.engine"] = broken_engine(app)
    try:
        response = client.get("/healthz")
    finally:
        app.extensions["naleving.engine"].dispose()
        app.extensions["naleving.engine"] = working
    assert response.status_code == 503 and response.is_json
    assert response.get_json()["status"] == "unavailable"


def test_a_database_outage_gives_the_503_page(app, client, world, login_as):
    login_as(Role.CISO)
    working = app.extensions["naleving.engine"]
    app.extensions["naleving.engine"] = broken_engine(app)
    try:
        response = client.get("/o/voorbeeld/risicos/")
    finally:
        app.extensions["naleving.engine"].dispose()
        app.extensions["naleving.engine"] = working
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Tijdelijk niet beschikbaar" in page and "niet bereikbaar" in page and "Naleving" in page


def test_after_a_failed_flush_the_error_page_renders_with_the_organisation(
    app, client, db, world, login_as, monkeypatch
):
    """A database error the view does not catch: the session is rolled back first, the page still renders
    (base.html reads the organisation and the user)."""
    risk = make_risk(db, world.own.id)
    login_as(Role.CISO)

    def failing(*, session, **kwargs):
        session.add(Risk(organisation_id=world.own.id, reference=risk.reference, revision=1, **_columns()))
        session.flush()  # the reference is taken: IntegrityError, the session must be rolled back

    monkeypatch.setattr("app.risks.routes.update_risk", failing)
    response = client.post(f"/o/voorbeeld/risicos/{risk.id}/bewerken", data=form_data(revision="1"))
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Er ging iets mis" in page and "Gemeente Voorbeeld" in page, page[page.find("<main") :][:1500]
    assert client.get("/o/voorbeeld/risicos/").status_code == 200  # and the next request is fine


def _columns() -> dict:
    from risk.register import _columns as columns

    return columns(risk_data().normalised())

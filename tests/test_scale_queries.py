"""The SQL statements of the pages that grow with an installation (the statement, the dashboard, the history
pages, the logboek) and of the API's answers and risks lists are the same at 5 organisations as at 12, with
more revisions and audit events in the measured one: the data of `make benchmark-large`, made small."""

from __future__ import annotations

import random

from sqlmodel import select

from benchmarks.api import read_token
from benchmarks.data import PASSWORD
from benchmarks.large_data import Chain, _event_row, answers_and_risks, bulk, organisations_with_users
from core.dbtypes import id_of, table_of
from core.models import AuditEvent, Organisation, User
from risk.models import Risk

PAGES = [
    "/o/org-001/vvt",
    "/o/org-001/",
    "/o/org-001/eisen/5.01.01/historie",
    "/o/org-001/risicos/{risk}",
    "/o/org-001/beheer/logboek",
    "/o/org-001/beheer/logboek?pagina=2",
]
LISTS = [
    "/api/v1/organisations/org-001/answers?per_page=500",
    "/api/v1/organisations/org-001/risks?per_page=500&status=all",
]


def more_events(db, organisation: Organisation, count: int) -> None:
    """`count` more audit events in the organisation's chain."""
    chain = Chain(db, id_of(organisation))
    ciso = db.exec(select(User.id).where(User.email == f"ciso@{organisation.slug}.nl")).one()
    rows = [
        chain.seal(
            table_of(AuditEvent),
            _event_row(random.Random(n), id_of(organisation), ciso, ["x"], n, count, _now()),
        )
        for n in range(count)
    ]
    bulk(db, table_of(AuditEvent), rows)
    chain.close(db)
    db.commit()


def _now():
    from core import clock

    return clock.now()


def counts(client, token: str, count_queries, risk: int) -> dict[str, int]:
    found = {}
    headers = {"Authorization": f"Bearer {token}"}
    for url in [page.format(risk=risk) for page in PAGES] + LISTS:
        extra = headers if url.startswith("/api/") else {}
        client.get(url, headers=extra)
        client.get(url, headers=extra)  # the logboek's checkpoint brought up to date: the steady state
        with count_queries() as counter:
            response = client.get(url, headers=extra)
        assert response.status_code == 200, url
        found[url] = counter.count
    return found


def test_statements_are_the_same_at_5_and_at_more_organisations(
    app, client, db, count_queries, mini_catalogue
):
    rng = random.Random(0)
    with app.app_context():
        first = organisations_with_users(db, 5)
        for organisation in first:
            answers_and_risks(db, organisation, 2, 120, rng)
        db.commit()
        token = read_token(db, first[0])
        db.commit()
    risk = db.exec(
        select(Risk.id).where(Risk.organisation_id == first[0].id, Risk.reference == "R-001")
    ).one()
    assert client.post("/login", data={"email": "admin@org-001.nl", "password": PASSWORD}).status_code == 302
    few = counts(client, token, count_queries, risk)

    with app.app_context():
        for organisation in organisations_with_users(db, 7, start=6):
            answers_and_risks(db, organisation, 4, 300, rng)
        more_events(db, first[0], 400)
    many = counts(client, token, count_queries, risk)

    assert few == many
    assert max(many.values()) <= 23, (
        many
    )  # the dashboard: 23 (the statement and the trend each read the held proposals)

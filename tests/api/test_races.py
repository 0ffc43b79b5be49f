"""Two changes from the same ETag at the same moment: one wins, the other gets 412 (no lost update)."""

from __future__ import annotations

import threading

from core.models import Role
from tests.api.test_answers import ANSWER, BASE
from tests.risk.factories import make_risk

THREADS = 4


def race(app, secret: str, method: str, url: str, bodies: list[dict], etag: str) -> list[int]:
    barrier = threading.Barrier(len(bodies))
    statuses: list[int] = []

    def change(body):
        client = app.test_client()
        barrier.wait()
        response = client.open(
            url, method=method, json=body, headers={"Authorization": f"Bearer {secret}", "If-Match": etag}
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=change, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


def test_one_answer_change_wins(app, api, token_for, mini_catalogue):
    secret = token_for(Role.CISO, "write")
    writer = api(secret)
    assert writer.post(BASE, json={**ANSWER, "requirement_code": "5.01.01"}).status_code == 201
    bodies = [{**ANSWER, "owner": f"eigenaar {n}"} for n in range(THREADS)]
    statuses = race(app, secret, "PUT", f"{BASE}/5.01.01", bodies, '"answer-5.01.01-1"')
    assert statuses == [200] + [412] * (THREADS - 1)
    revisions = writer.get(f"{BASE}/5.01.01").json["revisions"]
    assert [r["revision"] for r in revisions] == [1, 2]


def test_one_risk_change_wins(app, db, world, api, token_for):
    from tests.api.routes import RISK

    risk = make_risk(db, world.own.id)
    secret = token_for(Role.CISO, "write")
    bodies = [{**RISK, "owner": f"eigenaar {n}"} for n in range(THREADS)]
    url = f"/api/v1/organisations/voorbeeld/risks/{risk.id}"
    statuses = race(app, secret, "PUT", url, bodies, f'"risk-{risk.id}-1"')
    assert statuses == [200] + [412] * (THREADS - 1)
    assert [r["number"] for r in api(secret).get(url).json["revisions"]] == [1, 2]


def test_one_scope_item_change_wins(app, db, world, api, token_for):
    from tests.scope.factories import make_item

    item = make_item(db, world.own.id)
    db.commit()
    secret = token_for(Role.CISO, "write")
    bodies = [{"name": "Zaaksysteem", "owner": f"eigenaar {n}"} for n in range(THREADS)]
    url = f"/api/v1/organisations/voorbeeld/scope/items/{item.id}"
    statuses = race(app, secret, "PUT", url, bodies, f'"scope-item-{item.id}-1"')
    assert statuses == [200] + [412] * (THREADS - 1)
    assert [r["number"] for r in api(secret).get(url).json["revisions"]] == [1, 2]

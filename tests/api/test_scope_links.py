"""The scope register's other changes through the API: risks linked to an item, answers that do not hold for an
item (exceptions), and a supplier's details with If-Match; each through the domain function the pages use,
audited, with another organisation's ids a 404 and auditors only reading."""

from __future__ import annotations

import threading
from datetime import date

from sqlmodel import Session, select

from controls.answers import record_answer
from controls.models import Requirement
from controls.rules import AnswerValues
from core.actor import Actor
from core.models import AuditEvent, Role
from scope.models import Supplier
from scope.suppliers import SupplierData, save_supplier
from tests.conftest import engine_of
from tests.risk.factories import make_risk
from tests.scope.factories import ACTOR, make_item

BASE = "/api/v1/organisations/voorbeeld"


def _answered(db, organisation_id: int, code: str) -> None:
    requirement = db.exec(select(Requirement).where(Requirement.code == code)).one()
    record_answer(
        session=db,
        organisation_id=organisation_id,
        requirement_id=requirement.id,
        values=AnswerValues(
            applicability="applicable",
            implementation="implemented",
            design="sufficient",
            last_reviewed_on=date(2026, 1, 5),
        ),
        base_revision=0,
        actor=Actor.system("test"),
    )
    db.commit()


def _actions(db, organisation_id: int) -> list[str]:
    rows = db.exec(select(AuditEvent.action).where(AuditEvent.organisation_id == organisation_id))
    return list(rows)


def test_risks_are_linked_and_unlinked_with_the_lists_etag(api, token_for, db, world):
    item = make_item(db, world.own.id)
    risk = make_risk(db, world.own.id)
    foreign = make_risk(db, world.other.id)
    writer = api(token_for(Role.CISO, "write"))
    url = f"{BASE}/scope/items/{item.id}/risks"
    listed = writer.get(url)
    assert listed.status_code == 200 and listed.json["total"] == 0
    assert writer.put(f"{url}/{risk.id}").status_code == 428
    assert writer.put(f"{url}/{risk.id}", headers={"If-Match": '"item-risks-1-1"'}).status_code == 412
    linked = writer.put(f"{url}/{risk.id}", headers={"If-Match": listed.headers["ETag"]})
    assert linked.status_code == 200 and [r["reference"] for r in linked.json["items"]] == [risk.reference]
    # the list changed: its old ETag is stale now
    assert writer.delete(f"{url}/{risk.id}", headers={"If-Match": listed.headers["ETag"]}).status_code == 412
    assert writer.put(f"{url}/{foreign.id}", headers={"If-Match": "*"}).status_code == 404
    unlinked = writer.delete(f"{url}/{risk.id}", headers={"If-Match": linked.headers["ETag"]})
    assert unlinked.status_code == 200 and unlinked.json["total"] == 0
    assert writer.delete(f"{url}/{risk.id}", headers={"If-Match": "*"}).status_code == 404
    actions = _actions(db, world.own.id)
    assert actions.count("risk.scope_linked") == 1 and actions.count("risk.scope_unlinked") == 1


def test_exceptions_are_recorded_and_removed(api, token_for, db, world, catalogue):
    item = make_item(db, world.own.id)
    _answered(db, world.own.id, "5.01.01")
    writer = api(token_for(Role.CISO, "write"))
    url = f"{BASE}/scope/items/{item.id}/exceptions"
    body = {"reason": "Dit systeem beheert de leverancier."}
    recorded = writer.put(f"{url}/5.01.01", json=body, headers={"If-Match": "*"})
    assert recorded.status_code == 200, recorded.json
    assert recorded.json["items"][0]["requirement_code"] == "5.01.01"
    assert recorded.json["items"][0]["reason"] == body["reason"]
    unanswered = writer.put(f"{url}/5.01.02", json=body, headers={"If-Match": "*"})
    assert unanswered.status_code == 422 and unanswered.json["problems"][0]["code"] == "scope.no_answer"
    empty = writer.put(f"{url}/5.01.01", json={"reason": ""}, headers={"If-Match": "*"})
    assert empty.status_code == 422
    assert writer.get(url).json["total"] == 1
    removed = writer.delete(f"{url}/5.01.01", headers={"If-Match": recorded.headers["ETag"]})
    assert removed.status_code == 200 and removed.json["total"] == 0
    actions = _actions(db, world.own.id)
    assert "scope.answer_exception_recorded" in actions and "scope.answer_exception_removed" in actions


def test_a_supplier_changes_only_with_its_current_etag(api, token_for, db, world):
    supplier = save_supplier(
        session=db,
        organisation_id=world.own.id,
        data=SupplierData(name="Leverancier BV", jurisdiction="nl"),
        actor=ACTOR,
    )
    db.commit()
    writer = api(token_for(Role.CISO, "write"))
    url = f"{BASE}/suppliers/{supplier.id}"
    read = writer.get(url)
    change = {"name": "Leverancier BV", "jurisdiction": "eu", "services": "Hosting"}
    assert writer.put(url, json=change).status_code == 428
    changed = writer.put(url, json=change, headers={"If-Match": read.headers["ETag"]})
    assert changed.status_code == 200 and changed.json["jurisdiction"] == "eu"
    assert changed.headers["ETag"] != read.headers["ETag"]
    stale = writer.put(
        url, json={**change, "services": "Kantoor"}, headers={"If-Match": read.headers["ETag"]}
    )
    assert stale.status_code == 412
    db.expire_all()
    assert db.get(Supplier, supplier.id).services == "Hosting"
    assert writer.get(url).headers["ETag"] == changed.headers["ETag"]
    reader = api(token_for(Role.AUDITOR, "read"))
    assert reader.put(url, json=change, headers={"If-Match": "*"}).status_code == 403


def test_two_changes_of_one_supplier_version_one_wins(app, api, token_for, db, world):
    supplier = save_supplier(
        session=db,
        organisation_id=world.own.id,
        data=SupplierData(name="Leverancier BV", jurisdiction="nl"),
        actor=ACTOR,
    )
    db.commit()
    version = api(token_for(Role.CISO, "write")).get(f"{BASE}/suppliers/{supplier.id}").headers["ETag"]
    secrets = [token_for(Role.CISO, "write") for _ in range(2)]
    statuses: list[int] = []
    barrier = threading.Barrier(2)

    def change(secret: str, services: str) -> None:
        with app.test_client() as client:
            barrier.wait()
            response = client.put(
                f"{BASE}/suppliers/{supplier.id}",
                json={"name": "Leverancier BV", "jurisdiction": "nl", "services": services},
                headers={"Authorization": f"Bearer {secret}", "If-Match": version},
            )
            statuses.append(response.status_code)

    threads = [threading.Thread(target=change, args=(s, f"Dienst {n}")) for n, s in enumerate(secrets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [200, 412]
    with Session(engine_of(app)) as session:
        saved = session.exec(select(AuditEvent).where(AuditEvent.action == "scope.supplier_saved")).all()
    assert len(saved) == 2  # the creation and the one change that won


def test_the_supplier_page_refuses_a_change_made_meanwhile(client, login_as, db, world):
    supplier = save_supplier(
        session=db,
        organisation_id=world.own.id,
        data=SupplierData(name="Leverancier BV", jurisdiction="nl"),
        actor=ACTOR,
    )
    db.commit()
    login_as(Role.CISO)
    url = f"/o/voorbeeld/leveranciers/{supplier.id}/bewerken"
    page = client.get(url)
    assert page.status_code == 200
    form = {"name": "Leverancier BV", "jurisdiction": "eu", "services": "Eerste"}
    version = _hidden(page.get_data(as_text=True), "version")
    first = client.post(url, data={**form, "version": version})
    assert first.status_code == 302
    second = client.post(url, data={**form, "services": "Tweede", "version": version})
    assert second.status_code == 200
    assert "iemand anders heeft deze leverancier intussen gewijzigd" in second.get_data(as_text=True)
    db.expire_all()
    assert db.get(Supplier, supplier.id).services == "Eerste"
    assert _hidden(second.get_data(as_text=True), "version") != version


def _hidden(html: str, name: str) -> str:
    marker = f'name="{name}" type="hidden" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]

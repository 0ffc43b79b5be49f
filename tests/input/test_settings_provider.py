"""The settings form changes only what the admin changed: the current IT provider stays, also when the admin
is no member of it, and a change is audited field by field (before -> after)."""

from __future__ import annotations

import json
import re

from sqlmodel import select

from core.models import AuditEvent, Organisation, Role

SETTINGS = "/o/voorbeeld/beheer/instellingen"


def provided_by_other(db, world) -> None:
    own = db.get(Organisation, world.own.id)
    own.provider_id = world.other.id  # the admin of voorbeeld is no member of andere
    db.add(own)
    db.commit()


def changed_events(db) -> list[AuditEvent]:
    db.expire_all()
    return db.exec(select(AuditEvent).where(AuditEvent.action == "organisation.changed")).all()


def test_the_current_provider_is_offered_and_selected(client, db, world, login_as):
    provided_by_other(db, world)
    login_as(Role.ADMIN)
    page = client.get(SETTINGS).get_data(as_text=True)
    selected = re.search(r'<option selected value="(\d+)">([^<]*)</option>', page)
    assert selected is not None and selected.groups() == (str(world.other.id), "Gemeente Andere")


def test_saving_unchanged_settings_keeps_the_provider_and_records_nothing(client, db, world, login_as):
    provided_by_other(db, world)
    login_as(Role.ADMIN)
    data = {
        "name": "Gemeente Voorbeeld",
        "provider": str(world.other.id),
        "review_interval_months": "12",
        "plan_horizon_years": "3",
    }
    response = client.post(SETTINGS, data=data)
    assert response.status_code == 302
    db.expire_all()
    assert db.get(Organisation, world.own.id).provider_id == world.other.id
    assert changed_events(db) == []


def test_a_change_is_audited_before_and_after_and_the_provider_stays(client, db, world, login_as):
    provided_by_other(db, world)
    login_as(Role.ADMIN)
    data = {
        "name": "Gemeente Voorbeeld-Noord",
        "provider": str(world.other.id),
        "review_interval_months": "18",
        "plan_horizon_years": "5",
    }
    assert client.post(SETTINGS, data=data).status_code == 302
    db.expire_all()
    assert db.get(Organisation, world.own.id).provider_id == world.other.id
    (event,) = changed_events(db)
    assert json.loads(event.changes) == {
        "name": ["Gemeente Voorbeeld", "Gemeente Voorbeeld-Noord"],
        "review_interval_months": [12, 18],
        "plan_horizon_years": [3, 5],
    }
    assert db.get(Organisation, world.own.id).plan_horizon_years == 5


def test_the_plan_horizon_is_on_the_page_and_out_of_range_refused(client, db, world, login_as):
    login_as(Role.ADMIN)
    page = client.get(SETTINGS).get_data(as_text=True)
    assert re.search(r'<input[^>]*name="plan_horizon_years"[^>]*value="3"', page), page
    for value in ("0", "11", "drie"):
        data = {"name": "Gemeente Voorbeeld", "provider": "0", "review_interval_months": "12"}
        refused = client.post(SETTINGS, data=data | {"plan_horizon_years": value})
        assert refused.status_code == 200 and "Planhorizon" in refused.get_data(as_text=True), value
    assert changed_events(db) == []
    assert db.get(Organisation, world.own.id).plan_horizon_years == 3


def test_removing_the_provider_is_audited(client, db, world, login_as):
    provided_by_other(db, world)
    login_as(Role.ADMIN)
    data = {
        "name": "Gemeente Voorbeeld",
        "provider": "0",
        "review_interval_months": "12",
        "plan_horizon_years": "3",
    }
    assert client.post(SETTINGS, data=data).status_code == 302
    (event,) = changed_events(db)
    assert json.loads(event.changes) == {"provider": ["andere", None]}

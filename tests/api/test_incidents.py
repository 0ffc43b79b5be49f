"""The Cbw incidents and the board training register through the API: the register with paging, one incident
with its deadlines (ISO 8601 with offset, time left), creating and changing with ETag and If-Match, the
messages sent, the draft PDFs, the board members and trainings; 404 for another organisation's ids, auditors
and management read-only; the audit events are the domain's own."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import col, select

from core.models import AuditEvent, Role

BASE = "/api/v1/organisations/voorbeeld/incidents"
BOARD = "/api/v1/organisations/voorbeeld/board/members"
NOW = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)  # 09:00 in Amsterdam (+01:00)
INCIDENT = {
    "title": "Ransomware op de fileserver",
    "aware_at": "2026-03-05T08:00:00+01:00",
    "significant": True,
}


@pytest.fixture
def now(monkeypatch):
    from core import clock

    monkeypatch.setattr(clock, "now", lambda: NOW)
    monkeypatch.setattr(clock, "today", lambda: clock.to_local(NOW).date())
    return NOW


def test_create_show_change_with_deadlines(db, api, token_for, now):
    writer = api(token_for(Role.CISO, "write"))
    created = writer.post(BASE, json=INCIDENT)
    assert created.status_code == 201, created.json
    assert created.headers["ETag"] == f'"incident-{created.json["id"]}-1"'
    assert created.headers["Location"].endswith(f"/incidents/{created.json['id']}")
    body = created.json
    assert body["reference"] == "I-001" and body["aware_at"] == "2026-03-05T08:00:00+01:00"
    early, notification, progress = body["deadlines"]
    assert early["kind"] == "early_warning" and early["due_at"] == "2026-03-06T08:00:00+01:00"
    assert (
        early["state"] == "open" and early["seconds_left"] == 23 * 3600 and early["time_left"] == "PT23H0M0S"
    )
    assert (
        notification["due_at"] == "2026-03-08T08:00:00+01:00" and notification["time_left"] == "P2DT23H0M0S"
    )
    assert progress["kind"] == "progress" and progress["provisional"] is True

    url = f"{BASE}/{body['id']}"
    change = {**INCIDENT, "description": "Versleutelde bestanden", "note": "eerste analyse"}
    assert writer.put(url, json=change).status_code == 428
    assert writer.put(url, json=change, headers={"If-Match": f'"incident-{body["id"]}-0"'}).status_code == 412
    changed = writer.put(url, json=change, headers={"If-Match": created.headers["ETag"]})
    assert changed.status_code == 200, changed.json
    assert changed.headers["ETag"] == f'"incident-{body["id"]}-2"'
    assert [r["note"] for r in changed.json["revisions"]] == ["", "eerste analyse"]

    revisions = writer.get(f"{url}/revisions").json
    assert revisions["total"] == 2 and revisions["items"][1]["description"] == "Versleutelde bestanden"
    shown = writer.get(url)
    assert shown.status_code == 200 and shown.headers["ETag"] == changed.headers["ETag"]
    actions = db.exec(select(AuditEvent.action).where(col(AuditEvent.action).like("incident.%"))).all()
    assert sorted(actions) == ["incident.changed", "incident.created"]


def test_a_broken_rule_and_a_moment_without_offset(api, token_for, now):
    writer = api(token_for(Role.CISO, "write"))
    future = writer.post(BASE, json={**INCIDENT, "aware_at": "2026-03-06T08:00:00+01:00"})
    assert future.status_code == 422
    assert future.json["problems"][0]["code"] == "incident.aware_in_future"
    naive = writer.post(BASE, json={**INCIDENT, "aware_at": "2026-03-05T08:00:00"})
    assert naive.status_code == 422 and naive.json["problems"][0]["field"] == "aware_at"
    closed = writer.post(BASE, json={**INCIDENT, "status": "closed"})
    assert closed.json["problems"][0]["code"] == "incident.handled_at_required"


def test_the_register_pages_and_filters(api, token_for, now):
    writer = api(token_for(Role.CISO, "write"))
    for n in range(3):
        writer.post(BASE, json={**INCIDENT, "title": f"Incident {n}", "significant": n != 1})
    first = writer.get(f"{BASE}?per_page=2")
    assert first.json["total"] == 3 and [i["reference"] for i in first.json["items"]] == ["I-003", "I-002"]
    assert "page=2" in first.json["next"]
    second = writer.get(first.json["next"])
    assert [i["reference"] for i in second.json["items"]] == ["I-001"] and second.json["next"] is None
    plain = writer.get(f"{BASE}?significant=false").json["items"]
    assert [i["reference"] for i in plain] == ["I-002"] and plain[0]["deadlines"] == []


def test_messages_meet_a_deadline_and_drafts_are_pdf(db, api, token_for, now):
    writer = api(token_for(Role.CISO, "write"))
    incident = writer.post(BASE, json=INCIDENT).json
    url = f"{BASE}/{incident['id']}"
    message = {"kind": "early_warning", "recipient": "csirt", "sent_at": "2026-03-05T08:30:00+01:00"}
    sent = writer.post(f"{url}/messages", json=message)
    assert sent.status_code == 201, sent.json
    assert sent.json["sent_at"] == "2026-03-05T08:30:00+01:00"
    early = writer.get(url).json["deadlines"][0]
    assert early["state"] == "open" and early["reached"] == ["csirt"]  # the authority is still to be told
    writer.post(f"{url}/messages", json={**message, "recipient": "authority", "portal_reference": "M-1"})
    early = writer.get(url).json["deadlines"][0]
    assert early["state"] == "met" and early["time_left"] is None
    assert early["met_at"] == "2026-03-05T08:30:00+01:00"
    listed = writer.get(f"{url}/messages?per_page=1").json
    assert listed["total"] == 2 and listed["items"][0]["recipient"] == "csirt" and listed["next"]
    before = writer.post(f"{url}/messages", json={**message, "sent_at": "2026-03-05T07:00:00+01:00"})
    assert before.json["problems"][0]["code"] == "incident.sent_before_aware"

    for kind in ("early-warning", "notification", "final"):
        draft = writer.get(f"{url}/drafts/{kind}")
        assert draft.status_code == 200 and draft.content_type == "application/pdf"
        assert draft.data.startswith(b"%PDF")
    assert writer.get(f"{url}/drafts/other").status_code == 404
    recorded = db.exec(select(AuditEvent).where(AuditEvent.action == "incident.message_recorded")).all()
    assert len(recorded) == 2


def test_the_board_register(db, api, token_for, now):
    writer = api(token_for(Role.CISO, "write"))
    member = {"name": "M. Bakker", "position": "wethouder", "joined_on": "2025-01-01"}
    added = writer.post(BOARD, json=member)
    assert added.status_code == 201, added.json
    assert added.json["state"] == "due" and added.json["deadline"] == "2027-01-01"
    assert added.headers["Location"].endswith(f"/board/members/{added.json['id']}")
    trainings = f"{BOARD}/{added.json['id']}/trainings"
    training = {"course": "Cbw voor bestuurders", "trained_on": "2026-02-01", "certificate_on": "2026-02-01"}
    recorded = writer.post(trainings, json=training)
    assert recorded.status_code == 201, recorded.json
    assert (
        recorded.json["state"] == "current" and recorded.json["trainings"][0]["valid_until"] == "2028-02-01"
    )
    assert writer.get(trainings).json["total"] == 1
    future = writer.post(trainings, json={**training, "trained_on": "2027-01-01", "certificate_on": None})
    assert future.status_code == 422 and future.json["problems"][0]["code"] == "board.date_in_future"
    assert (
        writer.post(BOARD, json={**member, "name": " "}).json["problems"][0]["code"] == "board.name_required"
    )
    listed = writer.get(f"{BOARD}?per_page=1").json
    assert listed["total"] == 1 and listed["items"][0]["name"] == "M. Bakker"
    actions = sorted(db.exec(select(AuditEvent.action).where(col(AuditEvent.action).like("board.%"))).all())
    assert actions == ["board.member_added", "board.training_recorded"]


def test_another_organisations_ids_are_404(db, world, api, token_for, now):
    other = api(token_for(Role.CISO, "write", org="other"))
    incident = other.post("/api/v1/organisations/andere/incidents", json=INCIDENT)
    member = other.post(
        "/api/v1/organisations/andere/board/members", json={"name": "X", "joined_on": "2025-01-01"}
    )
    assert incident.status_code == 201 and member.status_code == 201, (incident.json, member.json)
    own = api(token_for(Role.CISO, "write"))
    url = f"{BASE}/{incident.json['id']}"
    assert own.get(url).status_code == 404
    assert own.put(url, json=INCIDENT, headers={"If-Match": "*"}).status_code == 404
    assert own.get(f"{url}/drafts/final").status_code == 404
    message = {"kind": "final", "recipient": "both", "sent_at": "2026-03-05T08:30:00+01:00"}
    assert own.post(f"{url}/messages", json=message).status_code == 404
    training = {"course": "Cbw", "trained_on": "2026-01-01"}
    assert own.post(f"{BOARD}/{member.json['id']}/trainings", json=training).status_code == 404


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.MANAGEMENT])
def test_auditors_and_management_only_read(api, token_for, role, now):
    api(token_for(Role.CISO, "write")).post(BASE, json=INCIDENT)
    reader = api(token_for(role))
    incidents = reader.get(BASE)
    assert incidents.status_code == 200 and incidents.json["total"] == 1
    url = f"{BASE}/{incidents.json['items'][0]['id']}"
    assert reader.get(url).status_code == 200
    assert reader.get(f"{url}/drafts/notification").status_code == 200
    assert reader.get(BOARD).status_code == 200
    assert reader.post(BASE, json=INCIDENT).status_code == 403
    assert reader.put(url, json=INCIDENT, headers={"If-Match": "*"}).status_code == 403
    message = {"kind": "early_warning", "recipient": "both", "sent_at": "2026-03-05T08:30:00+01:00"}
    assert reader.post(f"{url}/messages", json=message).status_code == 403
    assert reader.post(BOARD, json={"name": "X", "joined_on": "2025-01-01"}).status_code == 403

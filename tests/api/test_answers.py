"""Answers through the API: the list with filters and as_of, one with its revisions, creating and changing
with ETag and If-Match, problems worded like the pages."""

from __future__ import annotations

from core.models import Role

BASE = "/api/v1/organisations/voorbeeld/answers"
ANSWER = {
    "applicability": "applicable",
    "implementation": "implemented",
    "design": "sufficient",
    "last_reviewed_on": "2026-01-05",
}


def test_list_detail_create_change(api, token_for, mini_catalogue):
    writer = api(token_for(Role.CISO, "write"))
    listing = writer.get(BASE)
    assert listing.status_code == 200, listing.json
    body = listing.json
    assert body["total"] == len(body["items"]) and body["next"] is None
    assert listing.headers["ETag"].startswith('W/"')

    created = writer.post(BASE, json={**ANSWER, "requirement_code": "5.01.01"})
    assert created.status_code == 201, created.json
    assert created.headers["ETag"] == '"answer-5.01.01-1"'
    assert created.json["answer"]["revision"] == 1
    assert created.json["answer"]["recorded_at"][-6:] in ("+01:00", "+02:00")

    again = writer.post(BASE, json={**ANSWER, "requirement_code": "5.01.01"})
    assert again.status_code == 409 and again.content_type == "application/problem+json"

    url = f"{BASE}/5.01.01"
    change = {**ANSWER, "owner": "Team ICT"}
    assert writer.put(url, json=change).status_code == 428
    stale = writer.put(url, json=change, headers={"If-Match": '"answer-5.01.01-0"'})
    assert stale.status_code == 412
    changed = writer.put(url, json=change, headers={"If-Match": '"answer-5.01.01-1"'})
    assert changed.status_code == 200, changed.json
    assert changed.headers["ETag"] == '"answer-5.01.01-2"'
    assert [r["revision"] for r in changed.json["revisions"]] == [1, 2]

    detail = writer.get(url)
    assert detail.headers["ETag"] == '"answer-5.01.01-2"'
    assert writer.get(url, headers={"If-None-Match": '"answer-5.01.01-2"'}).status_code == 304


def test_a_broken_rule_is_worded_like_the_page(api, token_for, mini_catalogue):
    writer = api(token_for(Role.CISO, "write"))
    body = {
        "applicability": "not_applicable",
        "last_reviewed_on": "2026-01-05",
        "requirement_code": "5.01.01",
    }
    dutch = writer.post(BASE, json=body)
    assert dutch.status_code == 422
    assert dutch.json["problems"][0]["code"] == "answer.reason_required"
    assert dutch.json["problems"][0]["message"] == "Geef de reden waarom dit niet van toepassing is."
    english = writer.post(BASE, json=body, headers={"Accept-Language": "en"})
    assert english.json["problems"][0]["message"] != dutch.json["problems"][0]["message"]
    assert english.headers["Content-Language"] == "en"

"""The publication setting in the API: administrators read and change it (If-Match), the organisation resource
shows it to them alone."""

from __future__ import annotations

from core.models import Organisation, Role


def test_an_admin_reads_and_changes_the_publication(db, world, api, token_for):
    admin = api(token_for(Role.ADMIN, "write"))
    url = "/api/v1/organisations/voorbeeld/publication"
    current = admin.get(url)
    assert current.json == {"published": False}
    assert admin.put(url, json={"published": True}).status_code == 428
    stale = admin.put(url, json={"published": True}, headers={"If-Match": '"publication-voorbeeld-1"'})
    assert stale.status_code == 412
    changed = admin.put(url, json={"published": True}, headers={"If-Match": current.headers["ETag"]})
    assert changed.status_code == 200 and changed.json == {"published": True}
    db.expire_all()
    assert db.get(Organisation, world.own.id).published
    assert admin.get("/api/v1/organisations/voorbeeld").json["published"] is True
    assert api(token_for(Role.CISO)).get("/api/v1/organisations/voorbeeld").json["published"] is None
    assert (
        api(token_for(Role.CISO, "write"))
        .put(url, json={"published": False}, headers={"If-Match": "*"})
        .status_code
        == 403
    )


def test_an_answer_carries_its_public_explanation(api, token_for, mini_catalogue):
    writer = api(token_for(Role.CISO, "write"))
    body = {
        "applicability": "applicable",
        "implementation": "implemented",
        "design": "sufficient",
        "last_reviewed_on": "2026-01-05",
        "explanation": "Intern.",
        "public_explanation": "Voor de website.",
        "requirement_code": "5.01.01",
    }
    created = writer.post("/api/v1/organisations/voorbeeld/answers", json=body)
    assert created.status_code == 201, created.json
    assert created.json["answer"]["public_explanation"] == "Voor de website."
    detail = writer.get("/api/v1/organisations/voorbeeld/answers/5.01.01").json
    assert [r["public_explanation"] for r in detail["revisions"]] == ["Voor de website."]
    too_long = writer.post(
        "/api/v1/organisations/voorbeeld/answers", json=body | {"public_explanation": "x" * 4001}
    )
    assert too_long.status_code == 422

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

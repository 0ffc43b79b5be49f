"""The API's access matrix: every route x role x own and other organisation x token scope, and requests
without a live token."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from flask import url_for
from sqlmodel import select

from app.security import ROLE_PERMISSIONS
from core import clock
from core.models import Role
from core.token_models import ApiToken
from core.tokens import WRITING_ROLES
from tests.api.routes import BODIES, api_rules, api_sample_values

SCOPES = [(role, "read") for role in Role] + [(role, "write") for role in Role if role in WRITING_ROLES]


def build(app, rule, slug: str, values: dict) -> str:
    args = {name: values[name] for name in rule.arguments if name != "slug"}
    missing = set(rule.arguments) - {"slug"} - set(args)
    assert not missing, f"tests/api/routes.py has no sample value for {missing} of {rule.endpoint}"
    if "slug" in rule.arguments:
        args["slug"] = slug
    with app.test_request_context():
        return url_for(rule.endpoint, **args)


def send(api, method: str, url: str, endpoint: str, *, with_body: bool):
    json, form = BODIES.get(endpoint, (None, None)) if with_body else (None, None)
    if form is not None:  # a fresh stream for every request
        form = {name: (io.BytesIO(value[0]), value[1]) for name, value in form.items()}
    headers = {"If-Match": "*"} if with_body and method in ("PUT", "DELETE") else {}
    return api.open(url, method, json=json, data=form, headers=headers)


def changes(method: str, view) -> bool:
    return view.api_changes if view.api_changes is not None else method != "GET"


def test_every_api_route_is_in_the_document(app, client):
    document = client.get("/api/v1/openapi.json").json
    for rule, method, _view in api_rules(app):
        path = str(rule).replace("<int:", "<").replace("<", "{").replace(">", "}")
        assert method.lower() in document["paths"].get(path, {}), (method, path)


@pytest.mark.parametrize(("role", "scope"), SCOPES, ids=[f"{r.value}-{s}" for r, s in SCOPES])
def test_matrix(app, db, world, api, token_for, role, scope):
    own, other = api_sample_values(db, world, _instance(app))
    client = api(token_for(role, scope))
    for rule, method, view in api_rules(app):
        permitted = view.api_permission in ROLE_PERMISSIONS[role]
        writes = changes(method, view)
        allowed = permitted and (scope == "write" or not writes)
        url = build(app, rule, world.own.slug, own)
        status = send(client, method, url, rule.endpoint, with_body=False).status_code
        if not allowed:
            assert status == 403, (role, scope, method, url, status)
        elif method == "GET":
            assert status == 200, (role, scope, method, url, status)
        else:  # past the guard: the missing body (415, 422) or If-Match (428) is refused
            assert status in (415, 422, 428), (role, scope, method, url, status)
        if "slug" in rule.arguments:
            url = build(app, rule, world.other.slug, other)
            status = send(client, method, url, rule.endpoint, with_body=True).status_code
            assert status == 404, (role, scope, "other organisation", method, url, status)
        if allowed and set(rule.arguments) - {"slug"}:
            url = build(app, rule, world.own.slug, other)
            status = send(client, method, url, rule.endpoint, with_body=True).status_code
            assert status == 404, (role, scope, "other organisation's id", method, url, status)


def _instance(app):
    from pathlib import Path

    return Path(app.instance_path)


def test_without_a_live_token_every_route_is_401(app, db, world, client, api, token_for):
    own, _other = api_sample_values(db, world, _instance(app))
    secret = token_for(Role.CISO, "write")
    expired = token_for(Role.ADMIN, "read")
    revoked, old = db.exec(select(ApiToken).order_by(ApiToken.id)).all()
    revoked.revoked_at = clock.now()
    old.expires_at = clock.now() - timedelta(seconds=1)
    db.add_all([revoked, old])
    db.commit()
    for rule, method, _view in api_rules(app):
        url = build(app, rule, world.own.slug, own)
        for sent in (None, "nlv_unknown", secret, expired, "Basic abc"):
            headers = {"Authorization": sent if sent and " " in sent else f"Bearer {sent}"} if sent else {}
            response = client.open(url, method=method, headers=headers)
            response.close()
            assert response.status_code == 401, (sent, method, url, response.status_code)
            assert response.content_type == "application/problem+json"
            assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_role_taken_away_takes_the_tokens_rights(db, world, api, token_for):
    from core.accounts import set_membership

    writer = api(token_for(Role.CISO, "write"))
    set_membership(session=db, user=world.user(Role.CISO), organisation=world.own, role=Role.AUDITOR)
    db.commit()
    response = writer.post("/api/v1/organisations/voorbeeld/risks", json={})
    assert response.status_code == 403
    assert writer.get("/api/v1/organisations/voorbeeld/risks").status_code == 200


def test_a_cookie_session_does_not_authenticate_the_api(client, login_as, world):
    login_as(Role.CISO)
    response = client.post("/api/v1/organisations/voorbeeld/risks", json={})
    assert response.status_code == 401

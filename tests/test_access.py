"""The access matrix: every route x every role x own and other organisation."""

from __future__ import annotations

import pytest
from flask import url_for

from app.security import ROLE_PERMISSIONS
from core.models import Role
from tests.conftest import login
from tests.routes import LOGIN_ONLY_ENDPOINTS, PUBLIC_ENDPOINTS, sample_values


def organisation_rules(app):
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if hasattr(view, "required_permission"):
            yield rule, view.required_permission


def build(app, rule, slug: str, values: dict) -> str:
    args = {name: values[name] for name in rule.arguments if name != "slug"}
    missing = set(rule.arguments) - {"slug"} - set(args)
    assert not missing, f"tests/routes.py has no sample value for {missing} of {rule.endpoint}"
    with app.test_request_context():
        return url_for(rule.endpoint, slug=slug, **args)


def test_every_route_is_guarded_or_declared(app):
    """A new route must use organisation_view or be declared public / login-only in tests/routes.py."""
    undeclared = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if hasattr(view, "required_permission"):
            assert "slug" in rule.arguments, f"{rule.endpoint} is guarded but has no <slug>"
            continue
        if hasattr(view, "api_permission"):  # guarded by its token: tests/api/test_access.py
            continue
        if rule.endpoint not in PUBLIC_ENDPOINTS and rule.endpoint not in LOGIN_ONLY_ENDPOINTS:
            undeclared.append(rule.endpoint)
    assert undeclared == []


def test_anonymous_is_sent_to_login(app, client, world, db):
    own, _other = sample_values(db, world)
    for rule, _permission in organisation_rules(app):
        url = build(app, rule, world.own.slug, own)
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(url, method=method)
        assert response.status_code == 302, url
        assert "/login" in response.headers["Location"], url
    for endpoint, expected in LOGIN_ONLY_ENDPOINTS.items():
        with app.test_request_context():
            url = url_for(endpoint)
        response = client.open(url, method="GET" if expected else "POST")
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


@pytest.mark.parametrize("role", list(Role))
def test_matrix_own_organisation(app, client, world, db, role):
    own, _other = sample_values(db, world)
    login(client, world.user(role).email)
    for rule, permission in organisation_rules(app):
        url = build(app, rule, world.own.slug, own)
        allowed = permission in ROLE_PERMISSIONS[role]
        if "GET" in rule.methods:
            status = client.get(url).status_code
            assert (status in (200, 302)) if allowed else status == 403, (role, url, status)
        if "POST" in rule.methods and not allowed:
            status = client.post(url, data={}).status_code
            assert status == 403, (role, "POST", url, status)


@pytest.mark.parametrize("role", list(Role))
def test_matrix_other_organisation_is_invisible(app, client, world, db, role):
    own, other = sample_values(db, world)
    login(client, world.user(role).email)
    for rule, permission in organisation_rules(app):
        for method in ("GET", "POST"):
            if method not in rule.methods:
                continue
            # the other organisation's pages
            url = build(app, rule, world.other.slug, other)
            assert client.open(url, method=method, data={}).status_code == 404, (role, method, url)
            # the other organisation's objects under the own organisation's address
            if permission in ROLE_PERMISSIONS[role] and set(rule.arguments) - {"slug"}:
                url = build(app, rule, world.own.slug, other)
                assert client.open(url, method=method, data={}).status_code == 404, (role, method, url)


@pytest.mark.parametrize("role", list(Role))
def test_login_only_routes(app, client, world, role):
    login(client, world.user(role).email)
    for endpoint, expected in LOGIN_ONLY_ENDPOINTS.items():
        if expected is None:
            continue
        with app.test_request_context():
            url = url_for(endpoint)
        assert client.get(url).status_code == expected[role], (role, endpoint)


def test_unknown_organisation_is_404(client, world, login_as):
    login_as(Role.ADMIN)
    assert client.get("/o/bestaat-niet/").status_code == 404

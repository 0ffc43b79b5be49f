"""The app factory, configuration, security headers, CSRF and error pages."""

from __future__ import annotations

import re

import pytest

from core.models import Role
from tests.conftest import login, make_test_config


def test_secret_key_is_generated_once_into_the_instance_folder(database_url, tmp_path, make_app):
    config = make_test_config(database_url, tmp_path)
    del config["SECRET_KEY"]
    first = make_app(config)
    key_file = tmp_path / "secret_key"
    assert key_file.exists() and oct(key_file.stat().st_mode & 0o777) == "0o600"
    second = make_app(config)
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == key_file.read_text()
    assert len(first.config["SECRET_KEY"]) == 64


def test_environment_overrides_instance_config(monkeypatch, tmp_path, make_app):
    (tmp_path / "config.py").write_text(
        "DATABASE_URL = 'sqlite:///from-file.sqlite'\nLOGIN_MAX_FAILURES = 9\n"
    )
    monkeypatch.setenv("NALEVING_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("NALEVING_DATABASE_URL", "sqlite:///from-env.sqlite")
    monkeypatch.setenv("NALEVING_SECRET_KEY", "k")
    app = make_app(None)
    assert app.config["DATABASE_URL"] == "sqlite:///from-env.sqlite"
    assert app.config["LOGIN_MAX_FAILURES"] == 9


def test_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_no_inline_script_in_pages(client, world):
    login(client, "admin@voorbeeld.nl")
    for url in ("/login", "/o/voorbeeld/", "/o/voorbeeld/beheer/gebruikers"):
        page = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), url
        assert " on" + "click=" not in page


def test_session_cookie_flags(database_url, tmp_path, world, make_app):
    config = make_test_config(database_url, tmp_path)
    config["SESSION_COOKIE_SECURE"] = True
    app = make_app(config)
    client = app.test_client()
    response = client.post(
        "/login", data={"email": "ciso@voorbeeld.nl", "password": "x"}, base_url="https://localhost"
    )
    cookie = response.headers.get("Set-Cookie", "")
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.fixture
def csrf_client(database_url, tmp_path, make_app):
    config = make_test_config(database_url, tmp_path)
    config["WTF_CSRF_ENABLED"] = True
    app = make_app(config)
    return app.test_client()


def test_post_without_csrf_token_is_refused(csrf_client, world):
    response = csrf_client.post(
        "/login", data={"email": "ciso@voorbeeld.nl", "password": "correct horse battery staple"}
    )
    assert response.status_code == 400
    assert "formulier is verlopen" in response.get_data(as_text=True)


def test_every_post_route_requires_csrf(csrf_client, world, db):
    """Every route that accepts POST refuses it without a token, logged in as the most powerful roles."""
    from tests.routes import sample_values
    from tests.test_access import build

    app = csrf_client.application
    own, _ = sample_values(db, world)
    page = csrf_client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    csrf_client.post(
        "/login",
        data={"email": "admin@voorbeeld.nl", "password": "correct horse battery staple", "csrf_token": token},
    )
    checked = 0
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        if hasattr(view, "api_permission"):
            # the API takes no CSRF token: only bearer tokens authenticate it, so this cookie session gets 401
            ids = {name: 1 for name in rule.arguments if name.endswith("_id")}  # 401 before any look-up
            url = build(app, rule, world.own.slug, ids | own | {"code": "5.01.01"})
            assert csrf_client.post(url, data={}).status_code == 401, url
            continue
        if hasattr(view, "required_permission"):
            url = build(app, rule, world.own.slug, own)
        else:
            with app.test_request_context():
                from flask import url_for

                samples = {"code": "en", "token": "an-invitation-token"}
                url = url_for(rule.endpoint, **{name: samples[name] for name in rule.arguments})
        assert csrf_client.post(url, data={}).status_code == 400, url
        checked += 1
    assert checked >= 5


def test_error_pages_are_in_house_style(client, world):
    login(client, "management@voorbeeld.nl")
    response = client.get("/o/voorbeeld/beheer/gebruikers")
    assert response.status_code == 403
    assert "Geen toegang" in response.get_data(as_text=True)
    response = client.get("/bestaat/niet")
    assert response.status_code == 404 and "Niet gevonden" in response.get_data(as_text=True)


def test_internal_error_page_shows_no_traceback(app, client):
    @app.route("/boom")
    def boom():
        raise RuntimeError("secret detail")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Er ging iets mis" in body and "secret detail" not in body and "Traceback" not in body


def test_too_large_upload_is_413_page(app, client, world):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    login(client, "admin@voorbeeld.nl")
    response = client.post("/o/voorbeeld/beheer/gebruikers", data={"email": "x" * 5000})
    assert response.status_code == 413
    assert "Bestand te groot" in response.get_data(as_text=True)


def test_navigation_per_role(client, world):
    login(client, "admin@voorbeeld.nl")
    page = client.get("/o/voorbeeld/").get_data(as_text=True)
    assert "Gebruikers" in page and "Logboek" in page
    client.post("/logout")
    login(client, "management@voorbeeld.nl")
    page = client.get("/o/voorbeeld/").get_data(as_text=True)
    assert "Logboek" not in page and "beheer/gebruikers" not in page


def test_dashboard_shows_real_counts(client, world):
    login(client, "ciso@voorbeeld.nl")
    page = client.get("/o/voorbeeld/").get_data(as_text=True)
    assert "Gebruikers per rol" in page
    # world has one user per role in the own organisation
    assert page.count("<dd>1</dd>") == len(Role)


def test_long_lived_objects_are_kept_out_of_full_garbage_collections(make_app, app_config):
    """Frozen at start and again after the first request (compiled templates, SQL caches), unless switched off."""
    import gc

    try:
        gc.unfreeze()
        make_app(app_config)  # GC_FREEZE off, as in the rest of the suite
        assert gc.get_freeze_count() == 0
        app = make_app(app_config | {"GC_FREEZE": True})
        at_start = gc.get_freeze_count()
        assert at_start > 0
        app.test_client().get("/login")
        after_first = gc.get_freeze_count()
        app.test_client().get("/login")
        assert after_first > at_start and gc.get_freeze_count() == after_first
    finally:
        gc.unfreeze()

"""HSTS when the cookies are Secure; no-store on every download."""

from __future__ import annotations

from core.models import Role


def test_hsts_when_cookies_are_secure(make_app, app_config):
    secure = make_app({**app_config, "SESSION_COOKIE_SECURE": True}).test_client()
    assert secure.get("/login").headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_no_hsts_over_plain_http(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers


def test_an_excel_export_is_not_stored_in_any_cache(client, world, login_as):
    login_as(Role.CISO)
    response = client.get("/o/voorbeeld/risicos/export.xlsx")
    assert response.status_code == 200, response.status_code
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached(client):
    response = client.get("/static/css/naleving.css")
    response.close()
    assert response.headers.get("Cache-Control") != "no-store"

"""The API's documentation page: Swagger UI served by the app itself, working under the app's CSP (no CDN, no
inline script), showing the operations of the OpenAPI document; and the account page's tokens."""

from __future__ import annotations

import os
import re

import pytest

from core.models import Role
from tests.browser.conftest import log_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_the_documentation_page_shows_the_operations(page, world):
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    outside = []
    page.on(
        "request", lambda request: outside.append(request.url) if "127.0.0.1" not in request.url else None
    )
    page.goto("/api/v1/docs")
    page.wait_for_selector(".opblock-summary", timeout=20_000)
    assert page.locator(".opblock").count() >= 25
    assert "Naleving API" in page.content()
    assert refused == [] and outside == []
    if os.environ.get("NALEVING_SCREENSHOTS"):
        page.screenshot(
            path=os.path.join(os.environ["NALEVING_SCREENSHOTS"], "api-docs.png"), full_page=False
        )


def test_a_token_is_shown_once(page, world):
    log_in(page, world.user(Role.CISO).email, PASSWORD)
    page.goto("/account/tokens")
    page.get_by_label("lezen en schrijven").check()
    page.get_by_label("Waarvoor").fill("zaaksysteem")
    page.get_by_role("button", name="Token maken").click()
    secret = page.locator("code.secret").inner_text()
    assert re.fullmatch(r"nlv_[A-Za-z0-9_-]{43}", secret)
    if os.environ.get("NALEVING_SCREENSHOTS"):
        page.screenshot(
            path=os.path.join(os.environ["NALEVING_SCREENSHOTS"], "api-tokens.png"), full_page=True
        )
    page.goto("/account/tokens")
    assert secret not in page.content()
    page.get_by_role("button", name="Intrekken").click()
    assert "ingetrokken" in page.content()

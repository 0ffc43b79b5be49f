"""A real OpenID provider for the tests: tests/oidc/provider.mjs (the npm package oidc-provider, installed by
`make test` with `npm ci`) started on a loopback port the system gives it, and a browser's part of the flow done with requests."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

FOLDER = Path(__file__).resolve().parent.parent / "oidc"
REDIRECT = "http://localhost/sso/callback"  # the Flask test client's host
ACCOUNTS = {
    "carla": {
        "email": "ciso@voorbeeld.nl",
        "email_verified": True,
        "name": "Carla",
        "groups": ["GG-Auditors"],
    },
    "nieuw": {
        "email": "nieuw@voorbeeld.nl",
        "email_verified": True,
        "name": "Nina",
        "groups": ["GG-Auditors"],
    },
    "elders": {"email": "iemand@elders.example", "email_verified": True, "name": "E", "groups": []},
}


@pytest.fixture(scope="module")
def provider():
    with running_provider(REDIRECT) as issuer:
        yield issuer


@contextmanager
def running_provider(redirect_uri: str):
    """The provider on a loopback port, sending browsers back to `redirect_uri`; yields its issuer URL. The
    provider listens on port 0 and says which port it got: a free port chosen here and handed to it could be taken
    by another process (the browser pass's, the other worker's) before the provider binds it."""
    node = shutil.which("node")
    if node is None or not (FOLDER / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("the OpenID provider is not installed: run `make test` (npm ci in tests/oidc)")
    process = subprocess.Popen(
        [node, str(FOLDER / "provider.mjs"), redirect_uri, json.dumps(ACCOUNTS)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        issuer = None
        deadline = time.monotonic() + 30
        while issuer is None and time.monotonic() < deadline:
            line = process.stdout.readline()
            if line.startswith("ready "):
                issuer = line.split()[1]
            elif not line:  # the provider ended
                break
        if issuer is None:
            pytest.fail("the OpenID provider did not start")
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


def browse_to_redirect(url: str, login_hint: str) -> str:
    """Follow the provider's redirects as a browser would, until it sends the browser back to the app."""
    import requests

    url = url + ("&" if "?" in url else "?") + "login_hint=" + login_hint
    with requests.Session() as browser:
        for _ in range(10):
            response = browser.get(url, allow_redirects=False, timeout=10)
            location = response.headers.get("Location")
            assert location, (response.status_code, response.text[:300])
            url = urljoin(url, location)
            if url.startswith(REDIRECT):
                return url
    raise AssertionError("no redirect back to the app")


def token_by_hand(issuer: str, client_id: str, secret: str, login_hint: str, nonce: str) -> dict:
    """The whole code flow with PKCE for any client: a genuine token response of the provider."""
    import requests

    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    query = (
        f"{issuer}/auth?client_id={client_id}&response_type=code&scope=openid%20email%20profile%20groups"
        f"&redirect_uri={REDIRECT}&state=s&nonce={nonce}&code_challenge={challenge}&code_challenge_method=S256"
    )
    back = browse_to_redirect(query, login_hint)
    code = parse_qs(urlsplit(back).query)["code"][0]
    response = requests.post(
        f"{issuer}/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "code_verifier": verifier,
        },
        auth=(client_id, secret),
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()

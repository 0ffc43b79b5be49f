"""Fixtures of the API's tests: a token per role and scope, and a client that sends it."""

from __future__ import annotations

import pytest

from core.actor import Actor
from core.models import Role
from core.tokens import WRITING_ROLES, create_token


def make_token(db, world, role: Role, scope: str = "read", org: str = "own", days: int = 30) -> str:
    organisation = world.own if org == "own" else world.other
    made = create_token(
        session=db,
        user=world.user(role, org),
        organisation=organisation,
        scope=scope,
        days=days,
        actor=Actor.system("test"),
    )
    db.commit()
    return made.secret


@pytest.fixture
def token_for(db, world):
    """token_for(Role.CISO, "write") -> the secret of a new token of the own organisation's CISO."""

    def make(role: Role, scope: str = "read", org: str = "own") -> str:
        if scope == "write" and role not in WRITING_ROLES:
            raise ValueError(f"{role} cannot have a write token")
        return make_token(db, world, role, scope, org)

    return make


@pytest.fixture
def api(client):
    """api(token).get(url, ...) sends the token; every other argument as for the test client."""

    class Api:
        def __init__(self, secret: str | None):
            self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

        def open(self, url, method="GET", headers=None, **kwargs):
            response = client.open(url, method=method, headers={**self.headers, **(headers or {})}, **kwargs)
            response.get_data()  # read a file response, so it can be closed here
            response.close()
            return response

        def get(self, url, **kwargs):
            return self.open(url, "GET", **kwargs)

        def post(self, url, **kwargs):
            return self.open(url, "POST", **kwargs)

        def put(self, url, **kwargs):
            return self.open(url, "PUT", **kwargs)

        def delete(self, url, **kwargs):
            return self.open(url, "DELETE", **kwargs)

    return Api

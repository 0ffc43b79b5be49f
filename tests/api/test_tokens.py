"""Personal access tokens: made for one organisation and scope, stored hashed, shown once, listed and revoked
on the account page and with `naleving token`, every change audited; rate limited per token."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from sqlmodel import select

from core import clock
from core.actor import Actor
from core.errors import RuleError
from core.models import AuditEvent, Role
from core.token_models import ApiToken
from core.tokens import authenticate_token, create_token, revoke_token, tokens_of


def test_a_token_is_kept_as_its_hash_only(db, world):
    made = create_token(
        session=db, user=world.user(Role.CISO), organisation=world.own, scope="write", actor=Actor.system("t")
    )
    db.commit()
    stored = db.exec(select(ApiToken)).one()
    assert made.secret.startswith("nlv_") and len(made.secret) > 40
    assert stored.secret_hash == hashlib.sha256(made.secret.encode()).hexdigest()
    assert made.secret not in repr(stored.model_dump())
    assert authenticate_token(session=db, secret=made.secret).role == Role.CISO
    assert authenticate_token(session=db, secret=made.secret + "x") is None
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "token.created")).one()
    assert event.organisation_id == world.own.id and made.secret not in event.detail


@pytest.mark.parametrize(
    ("role", "scope", "days", "code"),
    [
        (Role.AUDITOR, "write", 30, "token.write_not_allowed"),
        (Role.MANAGEMENT, "write", 30, "token.write_not_allowed"),
        (Role.CISO, "write", 366, "token.days_out_of_range"),
        (Role.CISO, "read", 0, "token.days_out_of_range"),
        (Role.CISO, "admin", 30, "token.scope_unknown"),
    ],
)
def test_refused_tokens(db, world, role, scope, days, code):
    with pytest.raises(RuleError) as refused:
        create_token(
            session=db,
            user=world.user(role),
            organisation=world.own,
            scope=scope,
            days=days,
            actor=Actor.system("t"),
        )
    assert refused.value.problems[0].code == code


def test_no_token_for_an_organisation_one_is_not_a_member_of(db, world):
    with pytest.raises(RuleError) as refused:
        create_token(
            session=db,
            user=world.user(Role.CISO),
            organisation=world.other,
            scope="read",
            actor=Actor.system("t"),
        )
    assert refused.value.problems[0].code == "token.not_a_member"


def test_expired_revoked_and_inactive_tokens_do_not_authenticate(db, world):
    from core.accounts import set_active

    made = [
        create_token(
            session=db, user=world.user(role), organisation=world.own, scope="read", actor=Actor.system("t")
        )
        for role in (Role.CISO, Role.AUDITOR, Role.MANAGEMENT)
    ]
    made[0].token.expires_at = clock.now() - timedelta(minutes=1)
    revoke_token(session=db, token_id=made[1].token.id, actor=Actor.system("t"))
    set_active(session=db, user=world.user(Role.MANAGEMENT), active=False)
    db.commit()
    assert [authenticate_token(session=db, secret=m.secret) for m in made] == [None, None, None]
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "token.revoked")).one()


def test_the_command_line(cli, db, world):
    created = cli(
        "token",
        "create",
        "--email",
        "ciso@voorbeeld.nl",
        "--org",
        "voorbeeld",
        "--scope",
        "write",
        "--days",
        "7",
    )
    assert created.exit_code == 0, created.stderr
    secret = created.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"nlv_[A-Za-z0-9_-]{43}", secret)
    assert authenticate_token(session=db, secret=secret).token.scope == "write"
    db.commit()  # it noted when the token was used
    listed = cli("token", "list", "--email", "ciso@voorbeeld.nl")
    assert listed.exit_code == 0 and "voorbeeld" in listed.stdout and secret not in listed.stdout
    token_id = listed.stdout.split("\t")[0]
    assert cli("token", "revoke", token_id).exit_code == 0
    assert "revoked" in cli("token", "list").stdout
    refused = cli(
        "token", "create", "--email", "auditor@voorbeeld.nl", "--org", "voorbeeld", "--scope", "write"
    )
    assert refused.exit_code == 1 and "alleen lezen" in refused.stderr and "Traceback" not in refused.stderr
    assert (
        cli(
            "token",
            "create",
            "--email",
            "ciso@voorbeeld.nl",
            "--org",
            "voorbeeld",
            "--scope",
            "read",
            "--days",
            "400",
        ).exit_code
        != 0
    )
    assert cli("token", "revoke", "999").exit_code == 1


def test_the_account_page(client, db, world, login_as):
    login_as(Role.CISO)
    assert client.get("/account/tokens").status_code == 200
    made = client.post(
        "/account/tokens",
        data={"organisation": world.own.id, "scope": "write", "days": 30, "name": "zaaksysteem"},
    )
    assert made.status_code == 200
    secret = re.search(r"nlv_[A-Za-z0-9_-]{43}", made.get_data(as_text=True)).group(0)
    again = client.get("/account/tokens").get_data(as_text=True)
    assert secret not in again and secret[:12] in again
    token_id = tokens_of(session=db, user_id=world.user(Role.CISO).id)[0].token.id
    assert client.post("/account/tokens/intrekken", data={"token_id": token_id}).status_code == 302
    assert authenticate_token(session=db, secret=secret) is None


def test_the_account_page_refuses_writing_for_an_auditor(client, world, login_as):
    login_as(Role.AUDITOR)
    refused = client.post(
        "/account/tokens", data={"organisation": world.own.id, "scope": "write", "days": 30}
    )
    assert refused.status_code == 422
    assert "alleen lezen" in refused.get_data(as_text=True)


def test_one_cannot_revoke_another_users_token(client, db, world, login_as, token_for):
    token_for(Role.ADMIN)
    token_id = db.exec(select(ApiToken)).one().id
    login_as(Role.CISO)
    assert client.post("/account/tokens/intrekken", data={"token_id": token_id}).status_code == 404


@pytest.fixture
def app_config(app_config):
    return {**app_config, "API_RATE_LIMIT": "3 per minute"}


def test_rate_limit_per_token(api, token_for):
    first, second = api(token_for(Role.CISO)), api(token_for(Role.AUDITOR))
    statuses = [first.get("/api/v1/organisations").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = first.get("/api/v1/organisations")
    assert limited.content_type == "application/problem+json"
    assert 1 <= int(limited.headers["Retry-After"]) <= 61  # the rest of the minute, rounded up
    assert second.get("/api/v1/organisations").status_code == 200

"""OpenID Connect sign-in against a real provider on loopback (oidc-provider): a normal sign-in, and refusals with
a clear message for a wrong audience, an expired token, a replayed nonce, a wrong state and an unknown user."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sqlmodel import select

from core import clock
from core.actor import Actor
from core.models import AuditEvent, Membership, Role, User
from core.signin import set_password_login
from tests.conftest import login
from tests.identity.oidc import browse_to_redirect, provider, token_by_hand  # noqa: F401 - provider: fixture


@pytest.fixture
def sso_app(make_app, app_config, provider, world):  # noqa: F811 - the provider fixture
    def build(**settings):
        return make_app(
            {
                **app_config,
                "OIDC_ISSUER": provider,
                "OIDC_CLIENT_ID": "naleving",
                "OIDC_CLIENT_SECRET": "naleving-secret",
                **settings,
            }
        )

    return build


def sign_in(client, login_hint: str, *, tamper=None):
    """The browser's whole journey: Naleving -> the provider -> back to Naleving's callback."""
    start = client.get("/sso/start")
    assert start.status_code == 302, start.status_code
    authorize = start.headers["Location"]
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"] and query["nonce"]
    back = browse_to_redirect(authorize, login_hint)
    if tamper:
        back = tamper(back)
    return client.get(back.removeprefix("http://localhost"))


def refusal(response) -> str:
    assert response.status_code == 403, response.status_code
    return response.get_data(as_text=True)


def test_a_normal_sign_in_links_the_email_claim_to_the_user(sso_app, db):
    client = sso_app().test_client()
    response = sign_in(client, "carla")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert client.get("/o/voorbeeld/").status_code == 200
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "login.succeeded")).one()
    assert (event.subject, event.detail) == ("ciso@voorbeeld.nl", "sso")


def test_a_wrong_state_is_refused(sso_app):
    client = sso_app().test_client()

    def other_state(url: str) -> str:
        parts = urlsplit(url)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        query["state"] = "not-the-state-of-this-sign-in"
        return f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(query)}"

    page = refusal(sign_in(client, "carla", tamper=other_state))
    assert "hoort niet bij deze aanmelding (state)" in page
    assert client.get("/o/voorbeeld/").status_code == 302


def test_the_same_answer_twice_is_refused(sso_app):
    client = sso_app().test_client()
    holder = {}

    def keep(url: str) -> str:
        holder["url"] = url
        return url

    assert sign_in(client, "carla", tamper=keep).status_code == 302
    client.post("/logout")
    page = refusal(client.get(holder["url"].removeprefix("http://localhost")))
    assert "(state)" in page


def test_an_unknown_user_is_refused(sso_app):
    page = refusal(sign_in(sso_app().test_client(), "nieuw"))
    assert "voor nieuw@voorbeeld.nl is hier geen (actief) account" in page


def test_an_unknown_user_is_made_when_configured_with_the_role_of_the_group(sso_app, db):
    app = sso_app(OIDC_CREATE_USERS=True, OIDC_GROUP_ROLES=["voorbeeld:GG-Auditors=auditor"])
    client = app.test_client()
    assert sign_in(client, "nieuw").status_code == 302
    user = db.exec(select(User).where(User.email == "nieuw@voorbeeld.nl")).one()
    assert user.password_hash == ""  # sign-on only
    assert db.exec(select(Membership).where(Membership.user_id == user.id)).one().role == Role.AUDITOR.value


def test_group_mapping_sets_the_role_at_every_sign_in(sso_app, db, world):
    app = sso_app(OIDC_GROUP_ROLES=["voorbeeld:GG-Auditors=auditor"])
    assert sign_in(app.test_client(), "carla").status_code == 302
    membership = db.exec(select(Membership).where(Membership.user_id == world.user(Role.CISO).id)).one()
    db.refresh(membership)
    assert membership.role == Role.AUDITOR.value


def test_a_domain_not_allowed_is_refused(sso_app):
    page = refusal(sign_in(sso_app(OIDC_ALLOWED_DOMAINS=["voorbeeld.nl"]).test_client(), "elders"))
    assert "elders.example is hier niet toegestaan" in page


def test_an_expired_token_is_refused(sso_app, monkeypatch):
    client = sso_app().test_client()
    later = clock.now() + timedelta(hours=2)  # the provider's tokens live one hour
    monkeypatch.setattr(clock, "now", lambda: later)
    page = refusal(sign_in(client, "carla"))
    assert "is verlopen" in page


def test_a_token_for_another_audience_is_refused(sso_app, provider, db):  # noqa: F811
    from app.sso.client import checked_claims, client
    from core.errors import RuleError

    app = sso_app()
    token = token_by_hand(provider, "other-app", "other-secret", "carla", nonce="n-other")
    with app.test_request_context(), pytest.raises(RuleError) as refused:
        checked_claims(db, lambda: client().parse_id_token(token, nonce="n-other"))
    assert refused.value.problems[0].code == "sso.wrong_audience"


def test_a_replayed_nonce_is_refused(sso_app, provider, db):  # noqa: F811
    from app.sso.client import checked_claims, client
    from core.errors import RuleError

    app = sso_app()
    token = token_by_hand(provider, "naleving", "naleving-secret", "carla", nonce="n-once")
    with app.test_request_context():
        claims = checked_claims(db, lambda: client().parse_id_token(token, nonce="n-once"))
        assert claims["email"] == "ciso@voorbeeld.nl"
        with pytest.raises(RuleError) as refused:
            checked_claims(db, lambda: client().parse_id_token(token, nonce="n-once"))
    assert refused.value.problems[0].code == "sso.replayed"


def test_password_login_can_be_switched_off_per_organisation(sso_app, db, world):
    set_password_login(session=db, organisation=world.own, allowed=False, actor=Actor.system("test"))
    db.commit()
    app = sso_app()
    response = login(app.test_client(), "ciso@voorbeeld.nl")
    assert response.status_code == 403
    assert "single sign-on" in response.get_data(as_text=True)
    assert login(app.test_client(), "ciso@andere.nl").status_code == 302  # the other organisation still may
    assert sign_in(app.test_client(), "carla").status_code == 302


def test_without_an_issuer_there_is_no_sso(client):
    assert client.get("/sso/start").status_code == 404

"""The rules of organisations, users and memberships are rule codes with parameters, worded by the pages and
the CLI in the user's language."""

from __future__ import annotations

import pytest

from core.accounts import create_organisation, create_user, remove_membership, update_organisation
from core.errors import RuleError
from core.models import Role


def refusal(call) -> list[tuple[str, str, dict]]:
    with pytest.raises(RuleError) as refused:
        call()
    return [(p.code, p.field, dict(p.params)) for p in refused.value.problems]


def test_each_broken_account_rule_has_its_code_field_and_parameters(db, world):
    assert refusal(lambda: create_organisation(session=db, name="X", slug="A B")) == [
        ("account.invalid_slug", "slug", {"slug": "a b"})
    ]
    assert refusal(lambda: create_organisation(session=db, name="X", slug="voorbeeld")) == [
        ("account.slug_taken", "slug", {"slug": "voorbeeld"})
    ]
    assert refusal(
        lambda: update_organisation(
            session=db, organisation=world.own, name="G", provider=None, review_interval_months=40
        )
    ) == [("account.review_interval", "review_interval_months", {"low": 1, "high": 36})]
    assert refusal(
        lambda: create_user(session=db, email="x@y.nl", password="kort", organisation=world.own, role="ciso")
    ) == [("account.password_too_short", "password", {"min": 12})]
    assert refusal(
        lambda: remove_membership(session=db, user=world.user(Role.CISO), organisation=world.other)
    ) == [("account.not_a_member", "", {"email": "ciso@voorbeeld.nl", "organisation": "Gemeente Andere"})]


def test_the_admin_pages_word_an_account_rule_in_the_users_language(client, world, login_as):
    login_as(Role.ADMIN)
    client.post("/taal/en", data={"next": "/o/voorbeeld/"})
    page = client.post("/beheer/organisaties/nieuw", data={"name": "Dubbel", "slug": "voorbeeld"})
    assert "organisation &#39;voorbeeld&#39; already exists" in page.get_data(as_text=True)


def test_the_cli_words_an_account_rule_on_one_line(cli, world):
    result = cli("org", "set", "--slug", "voorbeeld", "--review-months", "40")
    assert (result.exit_code, result.stderr) == (1, "naleving: herbeoordeling na 1 tot en met 36 maanden\n")

"""Value labels come from Babel (core/translations), and problems are worded by the web layer from their codes."""

from __future__ import annotations

import pytest

from app.problems import messages, register, word
from core.errors import Problem, RuleError
from core.labels import translator
from core.models import ROLE_LABELS, Role


def test_a_label_is_dutch_in_the_code_and_english_from_the_catalogue():
    assert ROLE_LABELS[Role.ADMIN] == "Beheerder"
    assert ROLE_LABELS.of("admin", translator("en")) == "Administrator"
    assert ROLE_LABELS.of("admin", translator("nl")) == "Beheerder"
    assert ROLE_LABELS.of("nobody", translator("en"), default="?") == "?"
    assert ROLE_LABELS.choices(translator("en"))[0] == ("admin", "Administrator")


def test_the_web_layer_shows_labels_in_the_users_language(app, login_as, client):
    login_as(Role.ADMIN)
    assert "Uw rol: Beheerder" in client.get("/o/voorbeeld/").get_data(as_text=True)
    client.post("/taal/en")
    assert "Your role: Administrator" in client.get("/o/voorbeeld/").get_data(as_text=True)


def test_a_problem_is_worded_from_its_code_with_its_place(app):
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        register({"test.too_long": "te lang: hoogstens %(limit)s tekens"})
        error = RuleError([Problem("test.too_long", {"limit": 200}, "title", row=5, ref="R-001")])
        assert messages(error) == ["rij 5 (R-001): te lang: hoogstens 200 tekens"]
        assert word(Problem("test.unknown_code", message="iets klopt niet")) == "iets klopt niet"


def test_a_code_cannot_be_worded_twice(app):
    register({"test.once": "eenmaal"})
    with pytest.raises(ValueError, match="worded twice"):
        register({"test.once": "andermaal"})

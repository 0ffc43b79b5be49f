"""Passwords in the manner of NIST SP 800-63B: length, not personal, not common, not repetitive; a clear reason."""

from __future__ import annotations

import pytest

from core.password_policy import password_problems
from core.passwords import MIN_LENGTH
from tests.conftest import login
from tests.factories import PASSWORD


def codes(password: str, **who) -> list[str]:
    return [problem.code for problem in password_problems(password, **who)]


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("kort", "account.password_too_short"),
        ("aaaaaaaaaaaa", "account.password_repetitive"),
        ("abababababab", "account.password_repetitive"),
        ("password1234", "account.password_common"),
        ("qwertyuiop12", "account.password_common"),
        ("Wachtwoord2024!", "account.password_common"),
        ("welkom123456", "account.password_common"),
        ("carla.securitas@voorbeeld.nl", "account.password_personal"),
        ("carla.securitas1", "account.password_personal"),
        ("Carla Securitas!", "account.password_personal"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password, code):
    assert codes(password, email="carla.securitas@voorbeeld.nl", name="Carla Securitas") == [code]


@pytest.mark.parametrize(
    "password", [PASSWORD, "fiets paraplu oktober", "Zo-lang-mogelijk-7", "x" * 3 + "yzabc" * 3]
)
def test_good_passwords_pass(password):
    assert codes(password, email="carla.securitas@voorbeeld.nl", name="Carla Securitas") == []


def test_the_minimum_is_twelve():
    assert MIN_LENGTH == 12


def test_the_change_form_says_why_a_common_password_is_refused(client, world):
    login(client, "ciso@voorbeeld.nl")
    response = client.post(
        "/account/wachtwoord", data={"current": PASSWORD, "new": "password1234", "repeat": "password1234"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "veelgebruikte (uitgelekte) wachtwoorden" in page


def test_the_change_form_refuses_the_own_email_address(client, world):
    login(client, "ciso@voorbeeld.nl")
    address = "ciso@voorbeeld.nl"
    response = client.post(
        "/account/wachtwoord", data={"current": PASSWORD, "new": address, "repeat": address}
    )
    assert "uw e-mailadres of naam" in response.get_data(as_text=True)


def test_the_command_line_refuses_a_common_password(cli, world):
    result = cli(
        "user", "password", "--email", "ciso@voorbeeld.nl", "--password-stdin", input="password1234\n"
    )
    assert result.exit_code == 1
    assert "veelgebruikte" in result.stderr

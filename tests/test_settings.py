"""Settings: read from instance/config.py and NALEVING_* (Flask's from_prefixed_env), their types checked; a wrong
value stops a command with one line naming it. And the suite itself ignores the settings of the user's shell."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import SETTINGS, SettingError, checked

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("NALEVING_SMTP_PORT", "abc", "naleving: NALEVING_SMTP_PORT: geen geheel getal: 'abc'\n"),
        ("NALEVING_SMTP_PORT", "70000", "naleving: NALEVING_SMTP_PORT: 70000: moet tussen 1 en 65535 zijn\n"),
        ("NALEVING_IMPORT_MAX_BYTES", "0", "naleving: NALEVING_IMPORT_MAX_BYTES: 0: moet minstens 1 zijn\n"),
        (
            "NALEVING_SCHEDULER_ENABLED",
            "ja",
            "naleving: NALEVING_SCHEDULER_ENABLED: 1 of 0 verwacht, niet 'ja'\n",
        ),
        ("NALEVING_SMTP_STARTTLS", "2", "naleving: NALEVING_SMTP_STARTTLS: 1 of 0 verwacht, niet 2\n"),
        (
            "NALEVING_BABEL_DEFAULT_LOCALE",
            "fr",
            "naleving: NALEVING_BABEL_DEFAULT_LOCALE: kies uit nl, en; niet 'fr'\n",
        ),
        (
            "NALEVING_LANGUAGES",
            "nl",
            'naleving: NALEVING_LANGUAGES: een lijst van teksten verwacht, bv. ["nl", "en"], niet \'nl\'\n',
        ),
    ],
)
def test_a_wrong_setting_stops_a_command_with_one_line(cli, world, monkeypatch, variable, value, message):
    monkeypatch.setenv(variable, value)
    result = cli("user", "remove", "--email", "ciso@voorbeeld.nl", "--org", "voorbeeld")
    assert (result.exit_code, result.stderr, result.stdout) == (1, message, "")


def test_the_web_server_does_not_start_with_a_wrong_setting(cli, monkeypatch):
    monkeypatch.setenv("NALEVING_LOGIN_MAX_FAILURES", "veel")
    result = cli("serve", "--port", "1")
    assert (result.exit_code, result.stderr) == (
        1,
        "naleving: NALEVING_LOGIN_MAX_FAILURES: geen geheel getal: 'veel'\n",
    )


def test_a_wrong_setting_in_the_instance_file_names_the_file(cli, app, monkeypatch):
    config_file = Path(app.instance_path) / "config.py"
    config_file.write_text("SMTP_PORT = '25'\n")
    result = cli("user", "remove", "--email", "ciso@voorbeeld.nl", "--org", "voorbeeld")
    assert (result.exit_code, result.stderr) == (
        1,
        f"naleving: {config_file}: SMTP_PORT: geen geheel getal: '25'\n",
    )


@pytest.mark.parametrize("area", ["answers", "risks"])
def test_the_import_limit_of_the_command_comes_from_the_instance_file(cli, app, world, tmp_path, area):
    (Path(app.instance_path) / "config.py").write_text("IMPORT_MAX_BYTES = 1000\n")
    big = tmp_path / "groot.xlsx"
    big.write_bytes(b"x" * 1001)
    result = cli(area, "import", "--org", "voorbeeld", str(big))
    assert (result.exit_code, result.stderr) == (1, f"naleving: bestand groter dan 0 MB: {big}\n")


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("0", False), ("true", True), ("false", False)])
def test_switches_read_1_and_0_as_documented(monkeypatch, tmp_path, make_app, value, expected):
    monkeypatch.setenv("NALEVING_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("NALEVING_SECRET_KEY", "k")
    monkeypatch.setenv("NALEVING_SESSION_COOKIE_SECURE", value)
    assert make_app(None).config["SESSION_COOKIE_SECURE"] is expected


def test_text_settings_keep_what_was_written(monkeypatch, tmp_path, make_app):
    """JSON would make digits a number and strip quotes: a password or key is taken as typed."""
    monkeypatch.setenv("NALEVING_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("NALEVING_SECRET_KEY", "1234567890")
    monkeypatch.setenv("NALEVING_SMTP_PASSWORD", '"geheim"')
    monkeypatch.setenv("NALEVING_LANGUAGES", '["nl"]')
    monkeypatch.setenv("NALEVING_SMTP_PORT", "2525")
    config = make_app(None).config
    assert (config["SECRET_KEY"], config["SMTP_PASSWORD"]) == ("1234567890", '"geheim"')
    assert (config["LANGUAGES"], config["SMTP_PORT"]) == (["nl"], 2525)


def test_the_demo_password_of_digits_is_used_as_given(cli, monkeypatch):
    monkeypatch.setenv("NALEVING_DEMO_PASSWORD", "123456789012")
    result = cli("demo")
    assert result.exit_code == 0, result.stderr
    assert "123456789012" in result.stdout


def test_every_default_passes_its_own_check():
    defaults = {name: setting.default for name, setting in SETTINGS.items()}
    assert checked(defaults, "{}") == defaults


def test_a_test_config_is_checked_too(make_app, database_url, tmp_path):
    from tests.conftest import make_test_config

    with pytest.raises(SettingError, match="^ARGON2_TIME_COST: 0: moet tussen 1 en 100 zijn$"):
        make_app(make_test_config(database_url, tmp_path) | {"ARGON2_TIME_COST": 0})


def test_no_setting_of_the_shell_reaches_the_tests(monkeypatch, tmp_path, make_app):
    """The conftest drops every NALEVING_* variable but the suite's own, so an app built from the environment
    has the defaults (the next test runs this one with settings in the environment)."""
    from tests.conftest import SUITE_VARIABLES

    assert not {name for name in os.environ if name.startswith("NALEVING_")} - SUITE_VARIABLES
    monkeypatch.setenv("NALEVING_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("NALEVING_SECRET_KEY", "k")
    config = make_app(None).config
    assert (config["SMTP_PORT"], config["DEMO_PASSWORD"]) == (25, None)


def test_the_suite_passes_whatever_naleving_settings_the_shell_has(tmp_path):
    """The README invites setting NALEVING_DEMO_PASSWORD (it made a demo test fail); a wrong NALEVING_SMTP_PORT
    made every test that starts a command fail."""
    env = os.environ | {"NALEVING_DEMO_PASSWORD": "from-the-shell-123", "NALEVING_SMTP_PORT": "abc"}
    inner = "tests/test_settings.py::test_no_setting_of_the_shell_reaches_the_tests"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"]
    result = subprocess.run(
        [*command, f"--basetemp={tmp_path / 'run'}", inner],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "1 passed" in result.stdout

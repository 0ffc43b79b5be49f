"""The problems of catalogue and overlay files are rule codes: the pages and the CLI word them in the user's
language as `file:line: item: message`, in Dutch exactly as the domain does."""

from __future__ import annotations

import io
import re

from flask import g

from app.catalogue.problems import file_line
from app.problems import known_codes
from controls.yamlproblems import ID_FORMATS, MESSAGES, VALUE_WORDS, Item, problem
from core.models import Role
from tests.conftest import MINI_CATALOGUE

SAMPLES = {"found": next(iter(VALUE_WORDS)), "expected": next(iter(ID_FORMATS))}


def sample(code: str, item: Item | None):
    """A problem of the code with every parameter its message names."""
    names = set(re.findall(r"%\((\w+)\)s", MESSAGES[code]))
    return problem(code, 7, item, **{name: SAMPLES.get(name, f"<{name}>") for name in names})


def test_every_code_is_worded_in_dutch_as_the_domain_words_it(app):
    assert set(MESSAGES) <= known_codes()
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        for code in MESSAGES:
            for item in (None, Item("measure", "'5.01.01'"), Item("theme", "5"), Item("mapping")):
                made = sample(code, item)
                assert file_line("f.yaml", made) == f"f.yaml:7: {made.message}", code


def test_a_problem_is_worded_in_english_with_its_item_and_value_kind(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        missing = problem("catalogue.field_missing", 3, Item("nis2", "'23.1'"), key="cbw")
        assert file_line("c.yaml", missing) == "c.yaml:3: NIS2 requirement '23.1': field 'cbw' is missing"
        kind = problem("catalogue.section_not_list", 2, key="controls", found="number")
        assert file_line("c.yaml", kind) == "c.yaml:2: 'controls' must be a list, not a number"
        expected = problem(
            "catalogue.invalid_id", 9, Item("control"), value="5.x", key="id", expected="control"
        )
        assert (
            file_line("c.yaml", expected)
            == "c.yaml:9: control: invalid id '5.x' in 'id' (expected '5.1' … '8.34')"
        )


def test_the_upgrade_page_words_the_problems_in_english(client, world, mini_catalogue, login_as):
    login_as(Role.ADMIN)
    client.post("/taal/en", data={"next": "/o/voorbeeld/"})
    broken = MINI_CATALOGUE.read_text(encoding="utf-8").replace('  - id: "5.10"', "  - id: 5.10")
    response = client.post(
        "/o/voorbeeld/catalogus/beheer",
        data={"file": (io.BytesIO(broken.encode()), "v2.yaml")},
        content_type="multipart/form-data",
    )
    line = broken.splitlines().index("  - id: 5.10") + 1
    assert (
        f"v2.yaml:{line}: control 5.10: id 5.10 must be in quotes (&#34;5.10&#34;); without them YAML reads it"
        in response.get_data(as_text=True)
    )


def test_naleving_init_names_the_first_problem_of_a_broken_catalogue(cli, monkeypatch, tmp_path):
    from controls import catalogue

    monkeypatch.setenv("NALEVING_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    broken = "catalogue: {version: '1', name: x}\n"
    monkeypatch.setattr(
        catalogue, "check_catalogue_file", lambda path: catalogue.check_catalogue_text(broken)
    )
    result = cli("init")
    assert result.exit_code == 1
    assert result.stderr == (
        f"naleving: {catalogue.SHIPPED_CATALOGUE}:1: onderdeel 'controls' ontbreekt "
        "(en nog 2; zie 'naleving catalogue check')\n"
    )


def test_outside_a_request_a_problem_is_worded_in_the_default_language(app):
    """A command or a scheduled job has an app context but no request (nor its session) to choose from."""
    with app.app_context():
        g.started = True  # flask_babel asks for the locale once anything is kept in g
        assert file_line("f.yaml", problem("catalogue.empty", 1)) == "f.yaml:1: het bestand is leeg"

"""Overlays: full official texts per organisation, checked with line numbers and loaded all or nothing."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from controls.catalogue import CatalogueError
from controls.models import Requirement, RequirementText
from controls.overlay import (
    check_overlay_data,
    check_overlay_text,
    load_overlay,
    overlay_count,
    remove_overlay,
)
from tests.test_catalogue_check import lines

OVERLAY = """\
overlay:
  source: "NEN-ISO/IEC 27002:2022, licentie 2026-001"
texts:
  - id: "5.1"
    text:
      nl: |
        Officiële tekst van 5.1.
        Tweede regel.
      en: "Official text of 5.1."
  - id: "5.01.01"
    text: "Officiële tekst van 5.01.01."
    source: "BIO2 v1.3 (officiële publicatie)"
"""


def marked(text: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if "# <-" in line)


def texts_of(db, organisation_id: int) -> dict[str, RequirementText]:
    db.expire_all()
    rows = db.exec(
        select(Requirement.code, RequirementText)
        .join(RequirementText, RequirementText.requirement_id == Requirement.id)
        .where(RequirementText.organisation_id == organisation_id)
    ).all()
    return dict(rows)


def test_a_valid_overlay_loads(db, world, mini_catalogue):
    overlay, problems = check_overlay_text(OVERLAY, session=db)
    assert problems == []
    result = load_overlay(session=db, organisation_id=world.own.id, overlay=overlay)
    db.commit()
    assert (result.added, result.replaced) == (2, 0)
    texts = texts_of(db, world.own.id)
    assert texts["5.1"].text_nl == "Officiële tekst van 5.1.\nTweede regel." and texts[
        "5.1"
    ].text_en.startswith("Official")
    assert texts["5.1"].source == "NEN-ISO/IEC 27002:2022, licentie 2026-001"
    assert texts["5.01.01"].source == "BIO2 v1.3 (officiële publicatie)" and texts["5.01.01"].text_en == ""
    assert texts_of(db, world.other.id) == {}


def test_loading_again_replaces_and_keeps_other_ids(db, world, mini_catalogue):
    load_overlay(session=db, organisation_id=world.own.id, overlay=check_overlay_text(OVERLAY, session=db)[0])
    second = 'overlay:\n  source: "Nieuwe druk"\ntexts:\n  - id: "5.1"\n    text: "Herziene tekst."\n'
    result = load_overlay(
        session=db, organisation_id=world.own.id, overlay=check_overlay_text(second, session=db)[0]
    )
    db.commit()
    assert (result.added, result.replaced) == (0, 1)
    texts = texts_of(db, world.own.id)
    assert texts["5.1"].text_nl == "Herziene tekst." and texts["5.1"].text_en == ""
    assert "5.01.01" in texts
    assert db.exec(select(func.count()).select_from(RequirementText)).one() == 2


CASES = [
    pytest.param(
        '  - id: "5.01.01"\n',
        '  - id: "5.99.01"  # <-\n',
        "tekst '5.99.01': onbekend id (niet in de geladen catalogus)",
        id="unknown-id",
    ),
    pytest.param(
        '  - id: "5.01.01"\n',
        '  - id: "5.1"  # <-\n',
        "tekst '5.1': id komt twee keer voor (eerder op regel 4)",
        id="duplicate-id",
    ),
    pytest.param(
        '  - id: "5.01.01"\n',
        "  - id: 5.10  # <-\n",
        "id 5.10 moet tussen aanhalingstekens staan",
        id="unquoted-id",
    ),
    pytest.param('  - id: "5.01.01"\n', '  - id: "5.1.1"  # <-\n', "ongeldig id '5.1.1'", id="malformed-id"),
    pytest.param(
        '    text: "Officiële tekst van 5.01.01."\n',
        '    text: ""  # <-\n',
        "veld 'text' is leeg",
        id="empty-text",
    ),
    pytest.param(
        '    text: "Officiële tekst van 5.01.01."\n',
        '    tekst: "x"  # <-\n',
        "onbekend veld 'tekst'",
        id="unknown-field",
    ),
    pytest.param(
        '  source: "NEN-ISO/IEC 27002:2022, licentie 2026-001"\n',
        "  source:  # <-\n",
        "overlay: veld 'source' is leeg",
        id="no-source",
    ),
    pytest.param("texts:\n", "teksten:  # <-\n", "onbekend onderdeel 'teksten'", id="unknown-section"),
    pytest.param(
        '    text: "Officiële tekst van 5.01.01."\n',
        '    text: !!python/object/apply:os.system ["true"]  # <-\n',
        "YAML-tag '!!python/object/apply:os.system' is niet toegestaan",
        id="python-tag",
    ),
    pytest.param(
        '    text: "Officiële tekst van 5.01.01."\n',
        '\ttext: "Officiële tekst."  # <-\n',
        "ongeldige YAML",
        id="yaml-error",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), CASES)
def test_each_problem_at_its_line(db, world, mini_catalogue, old, new, message):
    text = OVERLAY.replace(old, new)
    with pytest.raises(CatalogueError) as error:
        check_overlay_data(text.encode(), "teksten.yaml", session=db)
    found = lines(error.value.source, error.value.problems)
    assert any(p.startswith(f"teksten.yaml:{marked(text)}: ") and message in p for p in found), found


def test_not_a_mapping(db, mini_catalogue):
    with pytest.raises(CatalogueError) as error:
        check_overlay_data(b"- 5.1\n- 5.2\n", "t.yaml", session=db)
    assert lines(error.value.source, error.value.problems) == [
        "t.yaml:1: het bestand moet een mapping zijn met 'overlay' en 'texts'"
    ]


def test_a_text_too_long_is_refused(db, mini_catalogue):
    text = 'overlay: {source: x}\ntexts:\n  - id: "5.1"\n    text: "' + "x" * 50_001 + '"\n'
    with pytest.raises(CatalogueError) as error:
        check_overlay_data(text.encode(), "t.yaml", session=db)
    (line,) = lines(error.value.source, error.value.problems)
    assert "hooguit 50000" in line and line.startswith("t.yaml:4: ")


def test_a_bad_overlay_loads_nothing(cli, db, world, mini_catalogue, tmp_path):
    load_overlay(session=db, organisation_id=world.own.id, overlay=check_overlay_text(OVERLAY, session=db)[0])
    db.commit()
    path = tmp_path / "teksten.yaml"
    path.write_text(
        OVERLAY.replace("Officiële tekst van 5.01.01.", "Nieuw").replace('"5.1"', '"5.77"'), encoding="utf-8"
    )
    result = cli("catalogue", "overlay", "--org", "voorbeeld", str(path))
    assert result.exit_code == 1
    assert f"{path}:4: tekst '5.77': onbekend id" in result.stderr
    assert texts_of(db, world.own.id)["5.01.01"].text_nl == "Officiële tekst van 5.01.01."


def test_cli_overlay_load_and_remove(cli, db, world, mini_catalogue, tmp_path):
    path = tmp_path / "teksten.yaml"
    path.write_text(OVERLAY, encoding="utf-8")
    result = cli("catalogue", "overlay", "--org", "voorbeeld", str(path))
    assert result.exit_code == 0, result.stderr
    assert "2 nieuw, 0 vervangen" in result.stdout
    assert overlay_count(session=db, organisation_id=world.own.id) == 2
    removed = cli("catalogue", "overlay", "--org", "voorbeeld", "--remove")
    assert removed.exit_code == 0 and "2 volledige teksten" in removed.stdout
    assert overlay_count(session=db, organisation_id=world.own.id) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "nergens", "x.yaml"], "onbekende organisatie 'nergens'"),
        (["--org", "voorbeeld"], "geef een overlaybestand of --remove"),
        (["--org", "voorbeeld", "bestaat-niet.yaml"], "bestand niet gevonden"),
    ],
)
def test_cli_overlay_user_errors(cli, world, mini_catalogue, tmp_path, args, message):
    if args[-1] == "x.yaml":
        (tmp_path / "x.yaml").write_text(OVERLAY)
        args = [*args[:-1], str(tmp_path / "x.yaml")]
    result = cli("catalogue", "overlay", *args)
    assert result.exit_code == 1 and message in result.stderr and "Traceback" not in result.stderr


def test_remove_only_touches_the_own_organisation(db, world, mini_catalogue):
    overlay = check_overlay_text(OVERLAY, session=db)[0]
    load_overlay(session=db, organisation_id=world.own.id, overlay=overlay)
    load_overlay(session=db, organisation_id=world.other.id, overlay=overlay)
    assert remove_overlay(session=db, organisation_id=world.own.id) == 2
    db.commit()
    assert overlay_count(session=db, organisation_id=world.other.id) == 2

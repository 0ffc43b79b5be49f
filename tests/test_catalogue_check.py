"""The catalogue checker: each kind of problem is reported as file:line: message, at the right line.

Each case changes one thing in a small valid catalogue; the line the problem must be reported on carries the
comment `# <-`.
"""

from __future__ import annotations

import pytest

from controls.catalogue import check_catalogue_file, check_catalogue_text

BASE = """\
catalogue:
  version: "t.1"
  name: "Testcatalogus"
  published: 2026-01-09
themes:
  - id: 5
    title: {nl: "Organisatorisch", en: "Organisational"}
controls:
  - id: "5.1"
    theme: 5
    title: {nl: "Beleid", en: "Policies"}
    government_measures: true
  - id: "5.2"
    theme: 5
    title: "Rollen"
    government_measures: false
measures:
  - id: "5.01.01"
    control: "5.1"
    categories: [basishygiene]
    title: {nl: "Beleid vastgesteld", en: "Policy adopted"}
    summary: {nl: "Het bestuur stelt het beleid vast.", en: "The board adopts the policy."}
  - id: "5.01.02"
    control: "5.1"
    categories: [ketenhygiene]
    title: "Oud"
    summary: "Verplaatst."
    status: moved
    moved_to: "5.01.03"
  - id: "5.01.03"
    control: "5.1"
    categories: [ketenhygiene, overheidsrisicos]
    title: "Nieuw"
    summary: "Hierheen verplaatst."
    replaces: ["5.01.02"]
nis2_requirements:
  - id: "21.2.a"
    article: "NIS2 art. 21 lid 2 onder a"
    cbw: "Cbw art. 21 lid 3 onder a"
    title: "Risicoanalyse en beleid"
    summary: "Beleid voor risicoanalyse."
  - id: "23.1"
    article: "NIS2 art. 23 lid 1"
    cbw: "Cbw hoofdstuk 8"
    title: "Melden"
    summary: "Significante incidenten melden."
mappings:
  - from: "5.01.01"
    to: "21.2.a"
    relationship: subset
    rationale: {nl: "Vastgesteld beleid is deel van 21.2.a.", en: "Adopted policy is part of 21.2.a."}
  - from: "5.1"
    to: "23.1"
    relationship: intersect
    rationale: "Beleid regelt het melden."
"""


def lines(source, problems) -> list[str]:
    """The problems as `file:line: message` in the domain's Dutch (the CLI and the pages word them the same)."""
    return [f"{source}:{problem.row}: {problem.message}" for problem in problems]


def check(path):
    catalogue, problems = check_catalogue_file(path)
    return catalogue, lines(path, problems)


def write(tmp_path, text: str):
    path = tmp_path / "catalogus.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def marked_line(text: str) -> int:
    lines = [number for number, line in enumerate(text.splitlines(), start=1) if "# <-" in line]
    assert len(lines) == 1, "mark exactly one line with '# <-'"
    return lines[0]


def changed(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)


def test_the_base_catalogue_is_valid(tmp_path):
    catalogue, problems = check(write(tmp_path, BASE))
    assert problems == []
    assert [r.code for r in catalogue.requirements] == [
        "5.1",
        "5.2",
        "5.01.01",
        "5.01.02",
        "5.01.03",
        "21.2.a",
        "23.1",
    ]
    assert len(catalogue.mappings) == 2


CASES = [
    # -- ids
    pytest.param(
        '  - id: "5.2"\n',
        '  - id: "5.1"  # <-\n',
        "control '5.1': id komt twee keer voor (eerder op regel 9)",
        id="duplicate-control-id",
    ),
    pytest.param(
        '  - id: "5.01.03"\n',
        '  - id: "5.01.01"  # <-\n',
        "id komt twee keer voor (eerder op regel 18)",
        id="duplicate-measure-id",
    ),
    pytest.param(
        '  - id: "23.1"\n',
        '  - id: "21.2.a"  # <-\n',
        "NIS2-eis '21.2.a': id komt twee keer voor",
        id="duplicate-nis2-id",
    ),
    pytest.param(
        '  - id: "5.2"\n',
        '  - id: "5.2a"  # <-\n',
        "control '5.2a': ongeldig id '5.2a'",
        id="malformed-control-id",
    ),
    pytest.param(
        '  - id: "5.2"\n', '  - id: "9.2"  # <-\n', "ongeldig id '9.2'", id="control-id-unknown-theme"
    ),
    pytest.param(
        '  - id: "5.2"\n', '  - id: "5.02"  # <-\n', "ongeldig id '5.02'", id="control-id-leading-zero"
    ),
    pytest.param(
        '  - id: "5.2"\n',
        '  - id: "5.38"  # <-\n',
        "control '5.38': thema 5 heeft maar 37 controls",
        id="control-beyond-theme",
    ),
    pytest.param(
        '  - id: "5.01.01"\n',
        '  - id: "5.1.1"  # <-\n',
        "maatregel '5.1.1': ongeldig id '5.1.1'",
        id="malformed-measure-id",
    ),
    pytest.param(
        '  - id: "5.01.01"\n', '  - id: "5.01.00"  # <-\n', "ongeldig id '5.01.00'", id="measure-number-zero"
    ),
    pytest.param(
        '  - id: "21.2.a"\n',
        '  - id: "21.2.A"  # <-\n',
        "NIS2-eis '21.2.A': ongeldig id '21.2.A'",
        id="malformed-nis2-id",
    ),
    pytest.param(
        '  - id: "23.1"\n', '  - id: "art23"  # <-\n', "ongeldig id 'art23'", id="malformed-nis2-word"
    ),
    pytest.param(
        '  - id: "5.2"\n',
        "  - id: 5.10  # <-\n",
        'control 5.10: id 5.10 moet tussen aanhalingstekens staan ("5.10"); zonder leest YAML het als het getal 5.1',
        id="unquoted-control-id",
    ),
    pytest.param(
        '  - id: "23.1"\n',
        "  - id: 23.1  # <-\n",
        'id 23.1 moet tussen aanhalingstekens staan ("23.1")',
        id="unquoted-nis2-id",
    ),
    pytest.param(
        '  - from: "5.1"\n',
        "  - from: 5.1  # <-\n",
        "from 5.1 moet tussen aanhalingstekens staan",
        id="unquoted-mapping-from",
    ),
    pytest.param(
        '    replaces: ["5.01.02"]\n',
        "    replaces:\n      - 5.1  # <-\n",
        "replaces 5.1 moet tussen aanhalingstekens staan",
        id="unquoted-id-in-list",
    ),
    # -- measures and their controls
    pytest.param(
        '  - id: "5.01.03"\n    control: "5.1"\n',
        '  - id: "5.02.01"\n    control: "5.3"  # <-\n',
        "hoort volgens het id bij control 5.2, niet bij 5.3",
        id="measure-under-other-control",
    ),
    pytest.param(
        '  - id: "5.01.03"\n    control: "5.1"\n',
        '  - id: "5.03.01"\n    control: "5.3"  # <-\n',
        "maatregel '5.03.01': hoort bij onbekende control '5.3'",
        id="measure-under-unknown-control",
    ),
    pytest.param(
        '  - id: "5.01.03"\n    control: "5.1"\n',
        '  - id: "5.40.01"  # <-\n    control: "5.40"\n',
        "control 5.40 bestaat niet",
        id="measure-under-impossible-control",
    ),
    pytest.param(
        '  - id: "5.01.01"\n    control: "5.1"\n',
        '  - id: "5.01.01"  # <-\n',
        "maatregel '5.01.01': veld 'control' ontbreekt",
        id="measure-missing-control",
    ),
    pytest.param(
        "    categories: [basishygiene]\n",
        "    categories: [basishygiëne]  # <-\n",
        "onbekende categorie 'basishygiëne' (kies uit basishygiene, ketenhygiene, overheidsrisicos)",
        id="unknown-category",
    ),
    pytest.param(
        "    categories: [basishygiene]\n",
        "    categories: []  # <-\n",
        "veld 'categories' ontbreekt of is leeg",
        id="empty-categories",
    ),
    pytest.param(
        "    categories: [basishygiene]\n",
        "    categories: [basishygiene, basishygiene]  # <-\n",
        "categorie 'basishygiene' staat er twee keer",
        id="duplicate-category",
    ),
    pytest.param(
        "    status: moved\n",
        "    status: verplaatst  # <-\n",
        "onbekende status 'verplaatst'",
        id="unknown-status",
    ),
    pytest.param(
        '    status: moved\n    moved_to: "5.01.03"\n',
        "    status: moved  # <-\n",
        "status moved vraagt om 'moved_to'",
        id="moved-without-target",
    ),
    pytest.param(
        '    status: moved\n    moved_to: "5.01.03"\n',
        '    status: withdrawn\n    moved_to: "5.01.03"  # <-\n',
        "'moved_to' past alleen bij status moved",
        id="moved-to-without-moved",
    ),
    pytest.param(
        '    moved_to: "5.01.03"\n',
        '    moved_to: "5.01.09"  # <-\n',
        "'moved_to' verwijst naar onbekend id '5.01.09'",
        id="moved-to-unknown",
    ),
    pytest.param(
        '    summary: "Hierheen verplaatst."\n    replaces: ["5.01.02"]\n',
        '    summary: "Hierheen verplaatst."\n',
        "maatregel '5.01.03' moet 'replaces: [\"5.01.02\"]' hebben",
        id="moved-target-without-replaces",
    ),
    pytest.param(
        '    replaces: ["5.01.02"]\n',
        '    replaces: ["5.01.02", "5.01.01"]  # <-\n',
        "'5.01.03' vervangt '5.01.01', maar '5.01.01' is nog geldend",
        id="replaces-an-active-requirement",
    ),
    pytest.param(
        '    replaces: ["5.01.02"]\n',
        '    replaces: ["5.01.02", "5.01.03"]  # <-\n',
        "'5.01.03' kan zichzelf niet vervangen",
        id="replaces-itself",
    ),
    pytest.param(
        '    replaces: ["5.01.02"]\n',
        '    replaces: ["5.01.02", "21.2.a"]  # <-\n',
        "ongeldig id '21.2.a' in 'replaces'",
        id="replaces-another-kind",
    ),
    pytest.param(
        "    government_measures: false\n",
        "    government_measures: true\n",
        "government_measures is true, maar",
        id="control-promises-measures",
    ),
    pytest.param(
        '  - id: "5.1"\n    theme: 5\n    title: {nl: "Beleid", en: "Policies"}\n    government_measures: true\n',
        '  - id: "5.1"  # <-\n    theme: 5\n    title: {nl: "Beleid", en: "Policies"}\n    government_measures: false\n',
        "control '5.1': government_measures is false, maar er staan geldende maatregelen onder (5.01.01, 5.01.03)",
        id="control-denies-measures",
    ),
    pytest.param(
        "    government_measures: false\n",
        "    government_measures: nee  # <-\n",
        "'government_measures' moet true of false zijn",
        id="government-measures-not-boolean",
    ),
    pytest.param(
        '  - id: "5.2"\n    theme: 5\n',
        '  - id: "5.2"\n    theme: 6  # <-\n',
        "control '5.2': thema moet 5 zijn, niet 6",
        id="wrong-theme",
    ),
    # -- missing and malformed fields
    pytest.param(
        '  - id: "5.01.01"\n    control: "5.1"\n    categories: [basishygiene]\n    title: {nl: "Beleid vastgesteld", en: "Policy adopted"}\n    summary: {nl: "Het bestuur stelt het beleid vast.", en: "The board adopts the policy."}\n',
        '  - id: "5.01.01"  # <-\n    control: "5.1"\n    categories: [basishygiene]\n    title: {nl: "Beleid vastgesteld", en: "Policy adopted"}\n',
        "maatregel '5.01.01': veld 'summary' ontbreekt",
        id="missing-summary",
    ),
    pytest.param(
        '    title: "Rollen"\n',
        '    title: ""  # <-\n',
        "control '5.2': veld 'title' is leeg",
        id="empty-title",
    ),
    pytest.param(
        '    cbw: "Cbw hoofdstuk 8"\n',
        "",
        "NIS2-eis '23.1': veld 'cbw' ontbreekt",
        id="missing-cbw",
    ),
    pytest.param(
        '    title: "Rollen"\n',
        '    title: {en: "Roles"}  # <-\n',
        "'title' heeft geen Nederlandse tekst (nl)",
        id="title-without-dutch",
    ),
    pytest.param(
        '    title: "Rollen"\n',
        '    title: {nl: "Rollen", de: "Rollen"}  # <-\n',
        "onbekende taal 'de' in 'title'",
        id="unknown-language",
    ),
    pytest.param(
        '    title: "Rollen"\n',
        '    title: "' + "x" * 301 + '"  # <-\n',
        "'title' is 301 tekens, hooguit 300",
        id="title-too-long",
    ),
    pytest.param(
        '    title: "Rollen"\n',
        '    title: "Rollen"\n    categorie: basishygiene  # <-\n',
        "control '5.2': onbekend veld 'categorie'",
        id="unknown-field",
    ),
    pytest.param(
        '    article: "NIS2 art. 23 lid 1"\n',
        '    article: "NIS2 art. 21 lid 1"  # <-\n',
        "'article' (NIS2 art. 21 lid 1) noemt niet het artikel, lid en punt van het id",
        id="article-does-not-match-id",
    ),
    # -- mappings
    pytest.param(
        '    to: "21.2.a"\n',
        '    to: "21.2.z"  # <-\n',
        "mapping 5.01.01 -> 21.2.z: mapping naar onbekend id '21.2.z'",
        id="mapping-to-unknown-id",
    ),
    pytest.param(
        '  - from: "5.1"\n',
        '  - from: "5.9"  # <-\n',
        "mapping naar onbekend id '5.9'",
        id="mapping-from-unknown-id",
    ),
    pytest.param(
        '  - from: "5.1"\n    to: "23.1"\n',
        '  - from: "23.1"  # <-\n    to: "5.1"\n',
        "'from' moet een BIO2-control, -maatregel of ISO 27001-clausule zijn",
        id="mapping-wrong-direction",
    ),
    pytest.param(
        '  - from: "5.1"\n    to: "23.1"\n',
        '  - from: "5.1"\n    to: "5.01.01"  # <-\n',
        "'to' moet een NIS2-eis zijn",
        id="mapping-within-bio2",
    ),
    pytest.param(
        '  - from: "5.1"\n',
        '  - from: "5.01.02"  # <-\n',
        "'5.01.02' is niet meer geldend (moved)",
        id="mapping-from-moved-measure",
    ),
    pytest.param(
        '  - from: "5.1"\n    to: "23.1"\n',
        '  - from: "5.01.01"  # <-\n    to: "21.2.a"\n',
        "mapping 5.01.01 -> 21.2.a komt twee keer voor (eerder op regel 48)",
        id="duplicate-mapping",
    ),
    pytest.param(
        "    relationship: intersect\n",
        "    relationship: overlap  # <-\n",
        "relatie 'overlap' moet een van equal, subset, superset, intersect zijn",
        id="unknown-relationship",
    ),
    pytest.param(
        '    rationale: "Beleid regelt het melden."\n',
        "",
        "mapping 5.1 -> 23.1: veld 'rationale' ontbreekt",
        id="missing-rationale",
    ),
    # -- the file as a whole
    pytest.param(
        '  version: "t.1"\n',
        "  version: 2026.10  # <-\n",
        "zet 2026.10 tussen aanhalingstekens",
        id="unquoted-version",
    ),
    pytest.param(
        '  version: "t.1"\n', '  version: "t 1"  # <-\n', "ongeldige versie 't 1'", id="bad-version"
    ),
    pytest.param('  name: "Testcatalogus"\n', "", "catalogue: veld 'name' ontbreekt", id="missing-name"),
    pytest.param(
        "  published: 2026-01-09\n",
        "  published: 2026-13-09  # <-\n",
        "ongeldige datum '2026-13-09'",
        id="bad-date",
    ),
    pytest.param("themes:\n", "thema's:  # <-\n", "onbekend onderdeel 'thema's'", id="unknown-section"),
    pytest.param(
        "  - id: 5\n", "  - id: 9  # <-\n", "thema 9: id moet een van 5, 6, 7, 8 zijn", id="unknown-theme"
    ),
    pytest.param(
        '    theme: 5\n    title: "Rollen"\n',
        '    theme: 5\n    theme: 5  # <-\n    title: "Rollen"\n',
        "sleutel 'theme' komt twee keer voor",
        id="duplicate-yaml-key",
    ),
    pytest.param(
        '    title: "Rollen"\n',
        '    title: "Rollen" en meer  # <-\n',
        "ongeldige YAML: while parsing a block mapping",
        id="yaml-syntax-error",
    ),
    pytest.param(
        '    title: "Rollen"\n    government_measures: false\n',
        '    government_measures: false\n   title: "Rollen"  # <-\n',
        "ongeldige YAML",
        id="yaml-bad-indentation",
    ),
    pytest.param(
        '    title: "Rollen"\n',
        '    title: !!python/object/apply:os.system ["true"]  # <-\n',
        "YAML-tag '!!python/object/apply:os.system' is niet toegestaan",
        id="python-tag-refused",
    ),
    pytest.param(
        '    title: "Rollen"\n',
        "    title: !!python/object:collections.OrderedDict {}  # <-\n",
        "YAML-tag '!!python/object:collections.OrderedDict' is niet toegestaan",
        id="python-object-refused",
    ),
    pytest.param(
        '    title: "Rollen"\n',
        '    title: &naam "Rollen"  # <-\n',
        "anker '&naam' (YAML-anker) is niet toegestaan",
        id="anchor-refused",
    ),
    pytest.param(
        "measures:\n",
        'measures:\n  - "5.01.09"  # <-\n',
        "'measures' item 1 moet een mapping zijn, niet tekst",
        id="item-not-a-mapping",
    ),
    pytest.param(
        '    rationale: {nl: "Vastgesteld beleid is deel van 21.2.a.", en: "Adopted policy is part of 21.2.a."}\n',
        '    rationale: "Ongeldig \x07teken"  # <-\n',
        "ongeldig teken U+0007",
        id="control-character",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), CASES)
def test_each_problem_at_its_line(tmp_path, old, new, message):
    text = changed(old, new)
    path = write(tmp_path, text)
    catalogue, problems = check(path)
    assert catalogue is None
    # a removed field has no line to mark: it is reported where its item starts (see the tests below)
    expected = f"{path}:{marked_line(text)}: " if "# <-" in text else f"{path}:"
    assert any(p.startswith(expected) and message in p for p in problems), problems


def test_removed_field_is_reported_where_its_item_starts(tmp_path):
    text = changed('    cbw: "Cbw hoofdstuk 8"\n', "")
    _catalogue, problems = check(write(tmp_path, text))
    start = text.splitlines().index('  - id: "23.1"') + 1
    assert problems == [f"{tmp_path / 'catalogus.yaml'}:{start}: NIS2-eis '23.1': veld 'cbw' ontbreekt"]


def test_moved_target_without_replaces_is_reported_at_the_target(tmp_path):
    text = changed(
        '    summary: "Hierheen verplaatst."\n    replaces: ["5.01.02"]\n',
        '    summary: "Hierheen verplaatst."\n',
    )
    _catalogue, problems = check(write(tmp_path, text))
    start = text.splitlines().index('  - id: "5.01.03"') + 1
    assert problems[0].startswith(f"{tmp_path / 'catalogus.yaml'}:{start}: ")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", 1, "het bestand is leeg"),
        ("# alleen commentaar\n", 1, "het bestand is leeg"),
        (
            "- controls\n- measures\n",
            1,
            "het bestand moet een mapping zijn met de onderdelen catalogue, themes",
        ),
        ("just text\n", 1, "het bestand moet een mapping zijn"),
        (
            "catalogue: {version: '1', name: x}\ncontrols: []\nmeasures: []\nnis2_requirements: []\n---\na: 1\n",
            5,
            "ongeldige YAML",
        ),
        ("catalogue:\n  version: '1'\n\tname: x\n", 3, "found character '\\t' that cannot start any token"),
        ('a: 1\nb: "open\nc: 2\n', 2, "ongeldige YAML: while scanning a quoted scalar"),
        (
            "catalogue: {version: '1', name: x}\ncontrols: 5\n",
            2,
            "'controls' moet een lijst zijn, niet een getal",
        ),
        ("a: 1\nb: *nergens\n", 2, "verwijzing '*nergens' (YAML-alias) is niet toegestaan"),
        ("a: " + "[" * 60 + "]" * 60 + "\n", 1, "te diep genest"),
        ("controls: !!set {a, b}\n", 1, "YAML-tag '!!set' is niet toegestaan"),
        ("controls: !include other.yaml\n", 1, "YAML-tag '!include' is niet toegestaan"),
    ],
)
def test_file_level_problems(tmp_path, text, line, message):
    path = write(tmp_path, text)
    _catalogue, problems = check(path)
    assert any(p.startswith(f"{path}:{line}: ") and message in p for p in problems), problems


def test_missing_sections_are_reported(tmp_path):
    path = write(tmp_path, "catalogue: {version: '1', name: x}\n")
    _catalogue, problems = check(path)
    assert problems == [
        f"{path}:1: onderdeel 'controls' ontbreekt",
        f"{path}:1: onderdeel 'measures' ontbreekt",
        f"{path}:1: onderdeel 'nis2_requirements' ontbreekt",
    ]


def test_a_python_object_is_never_built(tmp_path):
    marker = tmp_path / "pwned"
    text = changed(
        '    title: "Rollen"\n', f'    title: !!python/object/apply:os.system ["touch {marker}"]\n'
    )
    _catalogue, problems = check(write(tmp_path, text))
    assert problems and not marker.exists()


def test_every_problem_is_reported_in_line_order(tmp_path):
    text = (
        BASE.replace('  - id: "5.2"\n', '  - id: "5.2a"\n')
        .replace("    categories: [basishygiene]\n", "    categories: [hygiene]\n")
        .replace('    to: "21.2.a"\n', '    to: "21.2.q"\n')
    )
    path = write(tmp_path, text)
    _catalogue, problems = check(path)
    lines = [int(p.split(":")[1]) for p in problems]
    assert len(problems) == 3 and lines == sorted(lines), problems


def test_not_utf8_is_reported_with_its_line(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(BASE.replace('title: "Oud"', 'title: "Oud \u00e9"').encode("latin-1"))
    from controls.catalogue import CatalogueError

    with pytest.raises(CatalogueError) as error:
        check(path)
    line = BASE.splitlines().index('    title: "Oud"') + 1
    assert lines(error.value.source, error.value.problems)[0].startswith(f"{path}:{line}: geen UTF-8-tekst")


def test_byte_order_mark_is_accepted():
    catalogue, problems = check_catalogue_text("\ufeff" + BASE)
    assert problems == [] and catalogue is not None


def test_id_only_as_text_in_a_plain_string_summary():
    """A summary may be plain text (Dutch only); English then falls back to Dutch."""
    catalogue, _ = check_catalogue_text(BASE)
    roles = next(r for r in catalogue.requirements if r.code == "5.2")
    assert roles.title == {"nl": "Rollen", "en": ""}


def test_cli_check_prints_file_line_message_and_exits_1(cli, tmp_path):
    text = changed('    to: "21.2.a"\n', '    to: "21.2.z"  # <-\n').replace("  - id: 5\n", "  - id: 5\n")
    path = write(tmp_path, text)
    result = cli("catalogue", "check", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:{marked_line(text)}: mapping 5.01.01 -> 21.2.z: mapping naar onbekend id '21.2.z'"
    ]
    assert "Traceback" not in result.stderr


def test_cli_check_of_a_valid_file_exits_0(cli, tmp_path):
    result = cli("catalogue", "check", str(write(tmp_path, BASE)))
    assert result.exit_code == 0, result.stderr
    assert "in orde (versie t.1" in result.stdout


def test_cli_check_of_a_missing_file(cli, tmp_path):
    result = cli("catalogue", "check", str(tmp_path / "nergens.yaml"))
    assert result.exit_code == 1 and "bestand niet gevonden" in result.stderr

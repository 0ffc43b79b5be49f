"""OSCAL 1.1: the catalogue, an organisation's answers (SSP) and assessments as OSCAL JSON, validated against
the OSCAL models of compliance-trestle (generated from NIST's OSCAL 1.1 JSON schemas); an exported catalog loads
back as the same catalogue."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

import pytest
from sqlmodel import func, select

from controls.catalogue_check import check_catalogue_file, check_catalogue_text
from controls.models import Mapping, Requirement
from reports.oscal import OSCAL_VERSION
from reports.oscal_export import oscal_document
from reports.oscal_import import catalogue_yaml, read_oscal_catalog
from tests.answers.conftest import answer

trestle = pytest.importorskip("trestle.oscal")
from trestle.oscal import assessment_results, catalog, ssp  # noqa: E402

MODELS = {
    "catalog": (catalog.Catalog, "catalog"),
    "ssp": (ssp.SystemSecurityPlan, "system-security-plan"),
    "assessment-results": (assessment_results.AssessmentResults, "assessment-results"),
}


def _validate(kind: str, data: bytes) -> dict:
    model, key = MODELS[kind]
    document = json.loads(data)
    model.parse_obj(document[key])  # raises on any schema violation (trestle forbids unknown fields)
    return document[key]


def _controls(groups: list[dict]) -> list[dict]:
    found = []

    def walk(controls: list[dict]) -> None:
        for control in controls:
            found.append(control)
            walk(control.get("controls", []))

    for group in groups:
        walk(group.get("controls", []))
        found.extend(_controls(group.get("groups", [])))
    return found


def test_the_catalog_holds_every_requirement_and_is_valid_oscal(db, catalogue):
    data = oscal_document(session=db, kind="catalog", organisation_id=None)
    document = _validate("catalog", data)
    assert document["metadata"]["oscal-version"] == OSCAL_VERSION
    controls = _controls(document["groups"])
    codes = {prop["value"] for c in controls for prop in c["props"] if prop["name"] == "label"}
    assert codes == set(db.exec(select(Requirement.code)).all())
    measure = next(c for c in controls if c["id"] == "bio2-5.01.01")
    assert measure["class"] == "measure"
    parent = next(c for c in controls if c["id"] == "bio2-5.1")
    assert measure in parent["controls"]  # a measure sits inside its control
    links = sum(len(c.get("links", [])) for c in controls)
    assert links == db.exec(select(func.count()).select_from(Mapping)).one()


def test_the_validation_refuses_what_oscal_does_not_allow(db, catalogue):
    document = json.loads(oscal_document(session=db, kind="catalog", organisation_id=None))
    document["catalog"]["groups"][0]["controls_typo"] = []
    with pytest.raises(ValueError, match="controls_typo"):
        catalog.Catalog.parse_obj(document["catalog"])
    document = json.loads(oscal_document(session=db, kind="catalog", organisation_id=None))
    document["catalog"]["groups"][0]["id"] = "5 spaces"  # ids are tokens
    with pytest.raises(ValueError, match="string does not match regex"):
        catalog.Catalog.parse_obj(document["catalog"])


def _comparable(parsed) -> tuple[list[dict], list[dict]]:
    requirements = [
        {k: v for k, v in asdict(r).items() if k not in ("line", "moved_to_line", "replaces_line")}
        for r in parsed.requirements
    ]
    mappings = [{k: v for k, v in asdict(m).items() if k != "line"} for m in parsed.mappings]
    key = lambda item: str(item.get("code") or (item["source"], item["target"]))  # noqa: E731
    return sorted(requirements, key=key), sorted(mappings, key=key)


def test_an_exported_catalog_reads_back_as_the_same_catalogue(db, catalogue):
    data = oscal_document(session=db, kind="catalog", organisation_id=None)
    again, problems = check_catalogue_text(catalogue_yaml(read_oscal_catalog(data, "x.json"), "x.json"))
    assert problems == []
    shipped, _ = check_catalogue_file(__import__("controls.catalogue", fromlist=["x"]).SHIPPED_CATALOGUE)
    assert _comparable(again) == _comparable(shipped)
    assert (again.version, again.name) == (shipped.version, shipped.name)


def test_oscal_import_loads_a_catalog_into_an_empty_installation_and_again_changes_nothing(
    db, catalogue, cli, tmp_path
):
    path = tmp_path / "catalog.json"
    assert cli("oscal", "export", "--kind", "catalog", "--out", str(path)).exit_code == 0
    rows = {
        r.code: (r.title_nl, r.summary_en, r.status, r.parent_id is None)
        for r in db.exec(select(Requirement))
    }
    result = cli("oscal", "import", str(path))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "0 nieuw, 0 gewijzigd, 0 vervallen" in (result.stdout + result.stderr)
    db.expire_all()
    assert {
        r.code: (r.title_nl, r.summary_en, r.status, r.parent_id is None)
        for r in db.exec(select(Requirement))
    } == rows


def test_oscal_import_into_a_fresh_database(db, cli, tmp_path, catalogue):
    """Loaded from OSCAL, the installation has the shipped catalogue's requirements (checked on a copy of the
    export with one requirement's title changed: the import changes exactly that one)."""
    path = tmp_path / "catalog.json"
    cli("oscal", "export", "--kind", "catalog", "--out", str(path))
    document = json.loads(path.read_text())
    control = _controls(document["catalog"]["groups"])[0]
    control["title"] = "Nieuwe titel uit OSCAL"
    path.write_text(json.dumps(document))
    result = cli("oscal", "import", str(path))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "0 nieuw, 1 gewijzigd, 0 vervallen" in (result.stdout + result.stderr)
    code = next(p["value"] for p in control["props"] if p["name"] == "label")
    db.expire_all()
    assert (
        db.exec(select(Requirement).where(Requirement.code == code)).one().title_nl
        == "Nieuwe titel uit OSCAL"
    )


@pytest.mark.parametrize(
    "content, message",
    [
        (b"{not json", "geen geldige JSON"),
        (b'{"profile": {}}', "geen OSCAL-catalogus"),
        (b'{"catalog": {"uuid": "x", "metadata": {"title": "t"}}}', "catalog.metadata"),
        (
            b'{"catalog": {"metadata": {"title": "t", "version": "2026.9"}, "groups": [{"id": "g", "title": "G",'
            b' "controls": [{"id": "c1", "title": "zonder label"}]}]}}',
            "heeft geen label",
        ),
        (
            b'{"catalog": {"metadata": {"title": "t", "version": "2026.9"}, "groups": [{"id": "g", "title": "G",'
            b' "controls": [{"id": "c1", "class": "nis2", "title": "", "props": [{"name": "label", "value":'
            b' "21.2.a"}]}]}]}}',
            "21.2.a",
        ),
    ],
)
def test_a_bad_oscal_file_is_refused_with_a_reason_and_loads_nothing(
    db, catalogue, cli, tmp_path, content, message
):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    before = db.exec(select(func.count()).select_from(Requirement)).one()
    result = cli("oscal", "import", str(path))
    assert result.exit_code == 1
    assert message in (result.stdout + result.stderr)
    assert "Traceback" not in (result.stdout + result.stderr)
    db.expire_all()
    assert db.exec(select(func.count()).select_from(Requirement)).one() == before


def test_the_ssp_and_assessment_results_of_an_organisation_are_valid_oscal(db, catalogue, world):
    organisation = world.own
    implemented = answer(
        db,
        organisation,
        "5.01.01",
        applicability="applicable",
        implementation="implemented",
        design="sufficient",
        existence="sufficient",
        operation="insufficient",
        explanation="Beleid vastgesteld.",
    )
    answer(
        db,
        organisation,
        "5.1",
        applicability="applicable",
        implementation="planned",
        planned_on=date(2027, 1, 1),
        explanation="Gepland in het verbeterplan.",
        owner="CISO",
    )
    db.commit()
    plan = _validate("ssp", oscal_document(session=db, kind="ssp", organisation_id=organisation.id))
    requirements = {r["control-id"]: r for r in plan["control-implementation"]["implemented-requirements"]}
    assert set(requirements) == {"bio2-5.01.01", "bio2-5.1"}
    component = requirements["bio2-5.01.01"]["by-components"][0]
    assert component["implementation-status"]["state"] == "partial"  # werking onvoldoende: counts as partial
    assert component["description"] == "Beleid vastgesteld."
    assert requirements["bio2-5.1"]["by-components"][0]["implementation-status"]["state"] == "planned"
    results = _validate(
        "assessment-results",
        oscal_document(session=db, kind="assessment-results", organisation_id=organisation.id),
    )
    findings = results["results"][0]["findings"]
    assert [f["target"]["target-id"] for f in findings] == ["bio2-5.01.01_statement"]
    assert findings[0]["target"]["status"]["state"] == "not-satisfied"  # werking onvoldoende
    assert implemented is not None


def test_the_ssp_holds_only_the_organisations_own_answers(db, catalogue, world):
    answer(
        db,
        world.other,
        "5.01.01",
        applicability="applicable",
        implementation="implemented",
        design="sufficient",
        explanation="Van de ander.",
    )
    db.commit()
    plan = _validate("ssp", oscal_document(session=db, kind="ssp", organisation_id=world.own.id))
    assert plan["control-implementation"]["implemented-requirements"] == []
    assert "Van de ander" not in json.dumps(plan)


@pytest.mark.parametrize(
    "args, message",
    [
        (("--kind", "ssp"), "--org is nodig"),
        (("--kind", "ssp", "--org", "bestaat-niet"), "onbekende organisatie"),
        (("--kind", "ssp", "--org", "ORG", "--as-of", "1900-01-01"), "buiten"),
        (("--kind", "ssp", "--org", "ORG", "--as-of", "gisteren"), "ongeldige datum"),
        (("--kind", "profile"), "Invalid value"),
    ],
)
def test_oscal_export_refuses_bad_options_in_one_line(db, catalogue, world, cli, tmp_path, args, message):
    args = tuple(world.own.slug if a == "ORG" else a for a in args)
    result = cli("oscal", "export", "--out", str(tmp_path / "x.json"), *args)
    assert result.exit_code != 0
    assert message in (result.stdout + result.stderr)
    assert "Traceback" not in (result.stdout + result.stderr)
    assert not (tmp_path / "x.json").exists()

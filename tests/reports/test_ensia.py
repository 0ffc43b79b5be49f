"""ENSIA: one sheet per part of data/ensia.yaml, each row the answer as of 31 December, with the evidence by name;
the map is data (selections or published questions) and a wrong map is refused naming the place."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from controls.answers import answer_of
from controls.evidence import add_evidence_link
from controls.models import Requirement, RequirementKind, RequirementStatus
from core.actor import Actor
from core.errors import RuleError
from reports.ensia import ENSIA_MAP, ensia_map, read_ensia_map
from reports.models import ReportRecord
from tests.answers.conftest import answer, requirement_id


def _sheets(path) -> dict[str, list[tuple]]:
    book = load_workbook(BytesIO(path.read_bytes()), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_the_shipped_map_names_only_requirements_of_the_catalogue(db, catalogue):
    mapping = ensia_map()
    assert [part.id for part in mapping.parts] == ["bio", "digid", "suwinet"]
    assert mapping.confirmed is False  # no public BIO2 questionnaire: the workbook must say so
    codes = set(db.exec(select(Requirement.code)).all())
    kinds = {kind.value for kind in RequirementKind}
    for part in mapping.parts:
        assert set(part.controls) <= codes and set(part.kinds) <= kinds


def test_ensia_report_as_of_31_december_with_evidence_by_name(
    db, catalogue, world, cli, tmp_path, monkeypatch
):
    from core import clock

    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 6, 1, 10, tzinfo=UTC))
    answer(
        db,
        world.own,
        "5.15.01",
        applicability="applicable",
        implementation="implemented",
        design="sufficient",
        existence="sufficient",
        operation="not_assessed",
        explanation="Toegangsbeleid vastgesteld.",
        commit=False,
    )
    found = answer_of(session=db, organisation_id=world.own.id, requirement_id=requirement_id(db, "5.15.01"))
    add_evidence_link(
        session=db,
        organisation_id=world.own.id,
        answer_id=found.id,
        url="https://intranet.voorbeeld.nl/toegangsbeleid",
        description="Toegangsbeleid 2026",
        actor=Actor.system("test"),
    )
    db.commit()
    out = tmp_path / "ensia.xlsx"
    result = cli("report", "ensia", "--org", world.own.slug, "--year", "2026", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    sheets = _sheets(out)
    assert list(sheets) == [
        "ENSIA",
        "Zelfevaluatie BIO",
        "DigiD",
        "Suwinet",
    ]
    facts = dict(row[:2] for row in sheets["ENSIA"])
    assert facts["Peildatum"].date() == date(2026, 12, 31)
    assert "niet openbaar" in facts["Status van de indeling"]
    bio = sheets["Zelfevaluatie BIO"]
    measures = db.exec(
        select(Requirement).where(
            Requirement.kind == RequirementKind.MEASURE.value,
            Requirement.status == RequirementStatus.ACTIVE.value,
        )
    ).all()
    assert len(bio) - 1 == len(measures)
    row = next(r for r in bio if r[2] == "5.15.01")
    assert row[4] == "geïmplementeerd" and row[5] == "voldoende" and row[7] == "niet beoordeeld"
    assert "Toegangsbeleid 2026 https://intranet.voorbeeld.nl/toegangsbeleid" in row[10]
    assert row[12] == "Toegangsbeleid vastgesteld."
    digid = sheets["DigiD"]
    assert any(r[2] == "5.15.01" for r in digid) and not any(r[2] == "5.01.01" for r in digid)
    record = db.exec(select(ReportRecord)).one()
    assert (record.kind, record.format) == ("ensia", "xlsx")

    earlier = tmp_path / "ensia-2025.xlsx"
    assert (
        cli("report", "ensia", "--org", world.own.slug, "--year", "2025", "--out", str(earlier)).exit_code
        == 0
    )
    row = next(r for r in _sheets(earlier)["Zelfevaluatie BIO"] if r[2] == "5.15.01")
    assert row[4] == "niet beantwoord" and row[10] is None  # as of 31 December 2025 nothing was answered yet


def test_published_questions_are_data(db, catalogue, world):
    mapping = read_ensia_map(
        """
version: "2027"
confirmed: true
parts:
  - id: bio
    title: "BIO"
    questions:
      - id: "BIO-1"
        text: "Is er een vastgesteld beleid?"
        requirements: ["5.01.01", "5.01.02"]
      - id: "BIO-2"
        text: "Bestaat er een eis die de catalogus niet kent?"
        requirements: ["9.99.99"]
"""
    )
    from controls.soa import statement_of_applicability

    entries = list(statement_of_applicability(session=db, organisation_id=world.own.id).entries)
    rows = mapping.parts[0].rows(entries)
    assert [(q, code, entry is not None) for q, _t, entry, code in rows] == [
        ("BIO-1", "5.01.01", True),
        ("BIO-1", "5.01.02", True),
        ("BIO-2", "9.99.99", False),
    ]


@pytest.mark.parametrize(
    "text, path",
    [
        ("[]", "parts"),
        ("parts: []", "parts"),
        ("parts: [{id: a, title: A}]", "parts[0]"),
        ("parts: [{id: a, title: A, select: {kinds: []}}]", "parts[0].select.kinds"),
        ("parts: [{id: a, title: A, questions: [{id: q, text: t}]}]", "parts[0].questions[0].requirements"),
        (
            "parts: [{id: a, title: A, select: {kinds: [measure]}}, {id: a, title: B, select: {kinds: [x]}}]",
            "parts[1].id",
        ),
        ("parts: {", ""),
    ],
)
def test_a_wrong_map_is_refused_naming_the_place(text, path):
    with pytest.raises(RuleError) as raised:
        read_ensia_map(text)
    assert raised.value.problems[0].params["path"] == path
    assert ENSIA_MAP.name == "ensia.yaml"


@pytest.mark.parametrize(
    "args, message",
    [
        (("soa", "--year", "2026"), "--year hoort alleen bij de rapporten ensia, college en in-control"),
        (("ensia", "--year", "1999"), "1999"),
        (("ensia", "--year", "2026", "--as-of", "2026-12-31"), "niet beide"),
        (("ensia", "--format", "pdf"), "bestaat niet als pdf"),
    ],
)
def test_bad_ensia_options_are_refused_in_one_line(db, catalogue, world, cli, tmp_path, args, message):
    kind, *rest = args
    result = cli("report", kind, "--org", world.own.slug, "--out", str(tmp_path / "x"), *rest)
    assert result.exit_code != 0
    assert message in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert db.exec(select(ReportRecord)).all() == []

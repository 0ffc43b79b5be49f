"""Risks in Excel: export with validation lists, formula injection neutralised, import all-or-nothing, and the
limits of an upload."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func
from sqlmodel import select

from core.actor import Actor
from core.errors import RuleError
from risk.models import Risk, RiskRevision
from risk.reading import list_risks
from risk.register import create_risk
from risk.xlsx import HEADERS, SHEET, export_risks, import_risks
from tests.core.xlsx_files import measure, xlsx
from tests.risk.factories import APPROVED_BY, accepted, make_risk


def values(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content))[SHEET]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def revisions(db) -> int:
    return db.exec(select(func.count()).select_from(RiskRevision)).one()


def workbook_with(rows: list[dict]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([row.get(header) for header in HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def good_row(**overrides) -> dict:
    row = {
        "Titel": "Uitval van de hostingleverancier",
        "Eigenaar": "Teamleider ICT",
        "Kans inherent": 3,
        "Impact inherent": 4,
        "Behandeling": "overdragen",
        "Kans rest": 2,
        "Impact rest": 4,
        "Status": "open",
        "Aspecten": "beschikbaarheid",
        "Impactgebieden": "financiële gevolgen; reputatieschade",
    }
    row.update(overrides)
    return row


def test_export_has_dutch_headers_lists_and_the_register(db, world, mini_catalogue):
    make_risk(db, world.own.id, requirement_codes=("5.01.01",))
    make_risk(db, world.other.id, title="Van een ander")
    content = export_risks(session=db, organisation_id=world.own.id)
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == [SHEET, "Toelichting", "Lijsten"]
    assert workbook["Lijsten"].sheet_state == "hidden"
    rows = values(content)
    assert rows[0] == HEADERS and len(rows) == 2
    row = dict(zip(HEADERS, rows[1], strict=True))
    assert row["Referentie"] == "R-001" and row["Behandeling"] == "verminderen"
    assert row["Aspecten"] == "beschikbaarheid; vertrouwelijkheid" and row["Maatregelen (eisen)"] == "5.01.01"
    validations = workbook[SHEET].data_validations.dataValidation
    assert {v.type for v in validations} >= {"list", "whole", "date"}


def test_export_import_export_gives_the_same_values(db, world, mini_catalogue):
    make_risk(db, world.own.id, requirement_codes=("5.01.01", "21.2.a"))
    create_risk(
        session=db,
        organisation_id=world.own.id,
        data=accepted(title='=HYPERLINK("http://x")'),
        actor=Actor.system("test"),
        approved_by=APPROVED_BY,
    )
    db.commit()
    first = export_risks(session=db, organisation_id=world.own.id)
    result = import_risks(session=db, organisation_id=world.own.id, source=first, actor=Actor.system("test"))
    db.commit()
    assert result.unchanged == ["R-001", "R-002"] and result.created == result.updated == []
    assert revisions(db) == 2
    assert values(export_risks(session=db, organisation_id=world.own.id)) == values(first)


def test_formula_like_text_is_neutralised_and_restored(db, world):
    make_risk(
        db,
        world.own.id,
        title="=1+1",
        cause="+31 6 12345678",
        consequence="@SUM(A1)",
        description="- opsomming",
    )
    content = export_risks(session=db, organisation_id=world.own.id)
    row = dict(zip(HEADERS, values(content)[1], strict=True))
    assert (row["Titel"], row["Oorzaak"], row["Gevolg"], row["Omschrijving"]) == (
        "'=1+1",
        "'+31 6 12345678",
        "'@SUM(A1)",
        "'- opsomming",
    )
    assert load_workbook(io.BytesIO(content))[SHEET]["C2"].data_type == "s"
    import_risks(session=db, organisation_id=world.own.id, source=content, actor=Actor.system("test"))
    assert list_risks(session=db, organisation_id=world.own.id)[0].title == "=1+1"


def test_an_untouched_export_imports_without_a_new_revision(db, world):
    """A title that starts with an apostrophe before an equals sign keeps it: it was read back as a
    neutralised formula and saved as a new revision."""
    make_risk(db, world.own.id, title="'=A1 is geen formule", cause="''+ twee apostroffen")
    content = export_risks(session=db, organisation_id=world.own.id)
    result = import_risks(
        session=db, organisation_id=world.own.id, source=content, actor=Actor.system("test")
    )
    db.commit()
    assert (result.created, result.updated, result.unchanged) == ([], [], ["R-001"])
    assert revisions(db) == 1
    state = list_risks(session=db, organisation_id=world.own.id)[0]
    assert (state.title, state.cause) == ("'=A1 is geen formule", "''+ twee apostroffen")


def test_a_formula_typed_into_a_cell_is_refused_with_its_cell(db, world):
    """The value a spreadsheet cached for a formula is not stored in its place."""
    make_risk(db, world.own.id)
    workbook = load_workbook(io.BytesIO(export_risks(session=db, organisation_id=world.own.id)))
    workbook[SHEET].append([None, None, "Nieuw", None, None, None, None, None, "CISO", 2, 2, "verminderen"])
    workbook[SHEET]["J2"] = "=2+1"
    workbook[SHEET]["E3"] = '=HYPERLINK("http://x")'
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(RuleError) as caught:
        import_risks(
            session=db, organisation_id=world.own.id, source=buffer.getvalue(), actor=Actor.system("test")
        )
    assert [(p.row, p.ref, p.field, p.code, p.params) for p in caught.value.problems] == [
        (2, "R-001", "inherent_likelihood", "tabular.formula", {"cell": "J2"}),
        (3, "", "cause", "tabular.formula", {"cell": "E3"}),
    ]
    db.rollback()
    assert revisions(db) == 1


def test_a_sheet_that_unpacks_past_the_limit_is_refused_within_200_mb(tmp_path):
    """A 1.6 MB file holding 1 GB of empty rows: it ran for minutes and took 5.8 GB of memory."""
    path = tmp_path / "bom.xlsx"
    path.write_bytes(xlsx(SHEET, list(HEADERS), b"<row/>" * 100_000, 1_800))
    assert path.stat().st_size < 2 * 1024 * 1024
    _seconds, traced, resident, outcome = measure(
        path,
        "from sqlmodel import Session, create_engine\nfrom core.actor import Actor\nfrom risk.xlsx import import_risks\n"
        "import openpyxl.reader.excel",  # loaded when a sheet is first read (core.tabular): not what is measured
        "import_risks(session=Session(create_engine('sqlite://')), organisation_id=1, source=data, "
        "actor=Actor.system('t'))",
        timeout=30,
    )
    assert "tabular.unpacked_too_large" in outcome
    assert traced < 200 and resident < 200  # memory, not seconds: the time is the benchmark's


def test_import_creates_and_updates(db, world, mini_catalogue):
    make_risk(db, world.own.id)
    content = workbook_with(
        [
            good_row(),
            good_row(
                Referentie="R-001",
                Revisie=1,
                Titel="Ransomware (bijgewerkt)",
                **{"Kans inherent": 4, "Impact inherent": 5, "Maatregelen (eisen)": "5.1; 5.01.02"},
            ),
            good_row(Referentie="R-010", Titel="Met eigen nummer", **{"Geaccepteerd op": "2026-01-01"}),
        ]
    )
    result = import_risks(
        session=db,
        organisation_id=world.own.id,
        source=content,
        actor=Actor(None, "Carla"),
    )
    db.commit()
    assert (result.created, result.updated) == (["R-010", "R-011"], ["R-001"])
    states = {s.reference: s for s in list_risks(session=db, organisation_id=world.own.id)}
    assert states["R-001"].title == "Ransomware (bijgewerkt)" and states["R-001"].revision == 2
    assert states["R-001"].requirement_codes == ("5.01.02", "5.1") and states["R-001"].changed_by == "Carla"
    assert states["R-011"].impact_areas == ("financial", "reputation")


def test_every_bad_row_is_reported_with_its_number_and_reference_and_nothing_is_written(
    db, world, mini_catalogue
):
    make_risk(db, world.own.id)
    content = workbook_with(
        [
            good_row(),
            good_row(Titel=""),
            good_row(**{"Kans inherent": "hoog"}),
            good_row(Behandeling="negeren"),
            good_row(**{"Kans rest": 5}),
            good_row(**{"Maatregelen (eisen)": "9.99"}),
            good_row(Behandeling="accepteren"),
            good_row(**{"Kansklasse P&C (%)": 30}),
            good_row(Referentie="R-001", Revisie=0),
            good_row(Referentie="X-1"),
            good_row(**{"Herbeoordeling op": "morgen"}),
        ]
    )
    with pytest.raises(RuleError) as caught:
        import_risks(session=db, organisation_id=world.own.id, source=content, actor=Actor.system("test"))
    problems = caught.value.problems
    for number, ref, code, fragment in [
        (3, "", "risk.title_required", "titel ontbreekt"),
        (4, "", "tabular.not_an_integer", {"value": "hoog"}),
        (
            5,
            "",
            "tabular.unknown_choice",
            {"value": "negeren", "choices": "vermijden, verminderen, overdragen, accepteren"},
        ),
        (6, "", "risk.residual_likelihood_above_inherent", "restkans kan niet hoger"),
        (7, "", "risk.unknown_requirements", {"codes": "9.99"}),
        (8, "", "risk.acceptance_expiry_required", "einddatum van de acceptatie ontbreekt"),
        (9, "", "risk.financials_incomplete", "vul ze alle vier in"),
        (10, "R-001", "tabular.stale", {"sheet": 0, "current": 1}),
        (11, "X-1", "risk.reference_malformed", {"reference": "X-1"}),
        (12, "", "tabular.not_a_date", {"value": "morgen"}),
    ]:
        assert any(
            (p.row, p.ref, p.code) == (number, ref, code)
            and (fragment in p.message if isinstance(fragment, str) else p.params == fragment)
            for p in problems
        ), (number, problems)
    assert not any(p.row == 2 for p in problems)
    db.rollback()
    assert revisions(db) == 1 and db.exec(select(func.count()).select_from(Risk)).one() == 1


def test_a_dry_run_reports_but_writes_nothing(db, world):
    make_risk(db, world.own.id)
    content = workbook_with([good_row(), good_row(Referentie="R-001", Titel="Anders")])
    result = import_risks(
        session=db, organisation_id=world.own.id, source=content, dry_run=True, actor=Actor.system("test")
    )
    assert (len(result.created), result.updated) == (1, ["R-001"])
    # the new row is named by the reference the import would give it (the dry run saves in a savepoint)
    assert [(c.row, c.ref, c.new) for c in result.changes] == [(3, "R-001", False), (2, "R-002", True)]
    assert "Titel" in result.changes[0].columns and "Oorzaak" in result.changes[0].columns
    assert revisions(db) == 1


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"not a spreadsheet", (None, "tabular.not_xlsx", {})),
        (None, (1, "tabular.unknown_column", {"column": "Onzin"})),
    ],
)
def test_files_that_are_not_an_export_are_refused(db, world, content, problem):
    if content is None:
        workbook = Workbook()
        workbook.active.title = SHEET
        workbook.active.append(["Referentie", "Onzin"])
        buffer = io.BytesIO()
        workbook.save(buffer)
        content = buffer.getvalue()
    with pytest.raises(RuleError) as caught:
        import_risks(session=db, organisation_id=world.own.id, source=content, actor=Actor.system("test"))
    assert problem in [(p.row, p.code, p.params) for p in caught.value.problems]


def test_the_same_reference_twice_is_refused(db, world):
    content = workbook_with([good_row(Referentie="R-005"), good_row(Referentie="R-005")])
    with pytest.raises(RuleError) as caught:
        import_risks(session=db, organisation_id=world.own.id, source=content, actor=Actor.system("test"))
    assert [(p.row, p.ref, p.code, p.params) for p in caught.value.problems] == [
        (3, "R-005", "tabular.duplicate", {"first_row": 2})
    ]


def test_dates_come_back_as_dates(db, world):
    create_risk(
        session=db,
        organisation_id=world.own.id,
        data=accepted(),
        actor=Actor.system("test"),
        approved_by=APPROVED_BY,
    )
    row = dict(zip(HEADERS, values(export_risks(session=db, organisation_id=world.own.id))[1], strict=True))
    assert row["Acceptatie verloopt op"].date() == date(2026, 12, 31)

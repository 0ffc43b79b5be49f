"""The Excel round trip: export, import with every row checked first, dry run, formula neutralisation, the
limits of an upload, and the import page with "Nu opslaan"."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from openpyxl import Workbook, load_workbook
from sqlmodel import func, select

from controls.answer_models import AnswerRevision
from controls.answers_xlsx import HEADERS, export_answers, import_answers
from core.actor import Actor
from core.errors import RuleError, StaleEdit
from core.models import Role
from tests.answers.conftest import answer
from tests.core.xlsx_files import measure, xlsx

TRICKY = '=HYPERLINK("https://evil.example","klik")'


@pytest.fixture
def answered(db, world, mini_catalogue):
    answer(
        db,
        world.own,
        "5.1",
        applicability="applicable",
        implementation="implemented",
        design="sufficient",
        owner="'t Team",
        explanation="-5 dagen na vaststelling gepubliceerd.",
    )
    answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="partially",
        explanation=TRICKY,
        planned_on=date(2026, 10, 1),
        design="sufficient",
        existence="insufficient",
    )
    answer(
        db,
        world.own,
        "5.01.02",
        applicability="not_applicable",
        explanation="@regio regelt dit.\nTweede regel.",
    )
    answer(
        db,
        world.own,
        "5.2",
        applicability="applicable",
        implementation="partially",
        explanation="+ deels geregeld",
        planned_on=date(2026, 12, 31),
    )
    return world


def export(db, world) -> bytes:
    return export_answers(session=db, organisation_id=world.own.id)


def sheet_of(data: bytes):
    return load_workbook(io.BytesIO(data))["Antwoorden"]


def cells(data: bytes) -> list[tuple]:
    return [tuple(row) for row in sheet_of(data).iter_rows(values_only=True)]


def run_import(db, world, data: bytes, *, dry_run=False, accepted=frozenset(), known=frozenset()):
    return import_answers(
        session=db,
        organisation_id=world.own.id,
        data=data,
        actor=Actor(None, "Excel"),
        accepted_risks=accepted,
        known_risks=known,
        dry_run=dry_run,
    )


def edited(data: bytes, changes: dict[tuple[int, str], object], extra_rows=()) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["Antwoorden"]
    columns = {cell.value: cell.column for cell in sheet[1]}
    for (row, header), value in changes.items():
        sheet.cell(row=row, column=columns[header]).value = value
    for values in extra_rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row_of(data: bytes, code: str) -> int:
    for row in sheet_of(data).iter_rows(min_row=2):
        if row[0].value == code:
            return row[0].row
    raise LookupError(code)


def revision_count(db) -> int:
    return db.exec(select(func.count()).select_from(AnswerRevision)).one()


def listed(workbook, validation) -> list:
    """The values of a drop-down list (they live on the hidden sheet Lijsten)."""
    sheet_name, cells = validation.formula1.split("!")
    return [cell.value for (cell,) in workbook[sheet_name][cells.replace("$", "")]]


def test_export_has_one_row_per_requirement_dutch_headers_and_drop_downs(db, answered):
    data = export(db, answered)
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["Antwoorden"]
    assert [c.value for c in sheet[1]] == list(HEADERS.values())
    assert workbook.sheetnames == ["Antwoorden", "Lijsten"] and workbook["Lijsten"].sheet_state == "hidden"
    assert [row[0] for row in cells(data)[1:]] == [
        "5.1",
        "5.01.01",
        "5.01.02",
        "5.2",
        "5.10",
        "5.10.01",
        "21.2.a",
    ]
    validations = {str(v.sqref).split(":")[0][0]: v for v in sheet.data_validations.dataValidation}
    assert validations["D"].type == "list" and "niet van toepassing" in listed(workbook, validations["D"])
    assert "gedeeltelijk geïmplementeerd" in listed(workbook, validations["E"])
    assert "onvoldoende" in listed(workbook, validations["F"]) and validations["K"].type == "date"
    assert validations["F"].formula1 == validations["H"].formula1  # one list for the three assessments
    assert sheet["A2"].fill.fgColor.rgb.endswith("EFEFEF") and sheet["D2"].fill.fill_type is None  # locked
    row = dict(zip(HEADERS.values(), cells(data)[row_of(data, "5.01.01") - 1], strict=True))
    assert (
        row["Toepasselijkheid"] == "van toepassing" and row["Implementatie"] == "gedeeltelijk geïmplementeerd"
    )
    assert row["Geplande datum"].date() == date(2026, 10, 1) and row["Revisie"] == 1
    assert (
        row["Opzet"] == "voldoende"
        and row["Bestaan"] == "onvoldoende"
        and row["Werking"] == "niet beoordeeld"
    )


def test_formulas_are_neutralised_on_export(db, answered):
    data = export(db, answered)
    sheet = sheet_of(data)
    explanations = {row[0].value: row[8] for row in sheet.iter_rows(min_row=2)}
    assert explanations["5.01.01"].value == "'" + TRICKY and explanations["5.01.01"].data_type == "s"
    assert explanations["5.01.02"].value.startswith("'@") and explanations["5.1"].value.startswith("'-5")
    assert explanations["5.2"].value.startswith("'+")
    assert {row[11].value for row in sheet.iter_rows(min_row=2)} >= {"'t Team"}  # harmless: left alone
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_export_import_export_gives_the_same_cells(db, answered):
    first = export(db, answered)
    result = run_import(db, answered, first)
    db.commit()
    assert result.changed == [] and result.unchanged == 4 and result.unanswered == 3
    assert revision_count(db) == 4
    assert cells(export(db, answered)) == cells(first)


def test_an_edited_sheet_adds_revisions_for_the_changed_rows_only(db, answered):
    data = export(db, answered)
    data = edited(
        data,
        {
            (row_of(data, "5.01.01"), "Implementatie"): "Geïmplementeerd",
            (row_of(data, "5.01.01"), "Opzet"): "voldoende",
            (row_of(data, "5.01.01"), "Toelichting"): "'=nu klaar",
            (row_of(data, "5.10"), "Toepasselijkheid"): "van toepassing",
            (row_of(data, "5.10"), "Implementatie"): "implemented",
            (row_of(data, "5.10"), "Opzet"): "voldoende",
        },
    )
    result = run_import(db, answered, data)
    db.commit()
    assert sorted(result.changed) == ["5.01.01", "5.10"]
    revision = db.exec(select(AnswerRevision).order_by(AnswerRevision.id.desc())).first()
    assert revision.note == "Excel-import" and revision.author_name == "Excel"
    changed = db.exec(select(AnswerRevision).where(AnswerRevision.number == 2)).one()
    assert changed.explanation == "=nu klaar" and changed.implementation == "implemented"
    assert changed.last_reviewed_on == date(2026, 3, 1)  # as the sheet says
    assert revision.implementation == "implemented" and revision.number == 1
    assert revision.last_reviewed_on == date(2026, 3, 16)  # not given in the sheet: the day of the import
    assert revision_count(db) == 6


def found(error: RuleError) -> set[tuple]:
    return {(p.row, p.ref, p.field, p.code) for p in error.problems}


def test_every_bad_row_is_reported_with_its_row_code_and_column_and_nothing_is_written(db, answered):
    data = export(db, answered)
    data = edited(
        data,
        {
            (row_of(data, "5.1"), "Toepasselijkheid"): "misschien",
            (row_of(data, "5.01.01"), "Geplande datum"): "31-02-2026",
            (row_of(data, "5.01.02"), "Toelichting"): None,
            (row_of(data, "5.2"), "Revisie"): 0,
            (row_of(data, "5.2"), "Eigenaar"): "Piet",
            (row_of(data, "5.10"), "Eigenaar"): "Jan",
            (row_of(data, "5.10.01"), "Toepasselijkheid"): "van toepassing",
            (row_of(data, "5.10.01"), "Toelichting"): "=1+1",
            (row_of(data, "21.2.a"), "Toepasselijkheid"): "van toepassing",
            (row_of(data, "21.2.a"), "Implementatie"): "gedeeltelijk",
            (row_of(data, "21.2.a"), "Revisie"): "twee",
        },
        extra_rows=[
            ("9.99.99", "", "", "van toepassing", "geïmplementeerd"),
            ("5.1", "", "", "van toepassing", "geïmplementeerd"),
            ("5.01.03", "", "", "van toepassing", "geïmplementeerd"),
        ],
    )
    with pytest.raises(RuleError) as rejected:
        run_import(db, answered, data)
    assert found(rejected.value) == {
        (2, "5.1", "applicability", "tabular.unknown_choice"),
        (3, "5.01.01", "planned_on", "tabular.not_a_date"),
        (4, "5.01.02", "explanation", "answer.reason_required"),
        (5, "5.2", "revision", "tabular.stale"),
        (6, "5.10", "applicability", "answer.applicability_missing"),
        (7, "5.10.01", "explanation", "tabular.formula"),
        (8, "21.2.a", "implementation", "tabular.unknown_choice"),
        (8, "21.2.a", "revision", "tabular.not_an_integer"),
        (9, "9.99.99", "code", "answer.unknown_requirement"),
        (10, "5.1", "code", "tabular.duplicate"),
        (11, "5.01.03", "code", "answer.withdrawn"),
    }
    params = {p.code: p.params for p in rejected.value.problems if p.row != 8}
    assert params["tabular.unknown_choice"]["value"] == "misschien"
    assert params["tabular.stale"] == {"sheet": 0, "current": 1}
    assert params["tabular.formula"] == {"cell": "I7"}
    assert params["tabular.duplicate"] == {"first_row": 2}
    assert params["answer.applicability_missing"] == {"columns": "Eigenaar"}
    db.rollback()
    assert revision_count(db) == 4


def test_an_existing_answer_cannot_be_blanked(db, answered):
    data = export(db, answered)
    row = row_of(data, "5.1")
    data = edited(
        data,
        {
            (row, h): None
            for h in (
                "Toepasselijkheid",
                "Implementatie",
                "Opzet",
                "Bestaan",
                "Werking",
                "Toelichting",
                "Eigenaar",
            )
        },
    )
    with pytest.raises(RuleError) as rejected:
        run_import(db, answered, data)
    assert found(rejected.value) == {(row, "5.1", "applicability", "answer.cannot_blank")}


def test_a_stale_sheet_is_refused(db, answered):
    data = export(db, answered)
    answer(
        db, answered.own, "5.2", applicability="applicable", implementation="implemented", design="sufficient"
    )
    data = edited(data, {(row_of(data, "5.2"), "Eigenaar"): "Piet"})
    with pytest.raises(RuleError) as rejected:
        run_import(db, answered, data)
    (problem,) = rejected.value.problems
    assert (problem.code, problem.ref, problem.params) == ("tabular.stale", "5.2", {"sheet": 1, "current": 2})


def test_dry_run_checks_everything_and_writes_nothing(db, answered):
    data = export(db, answered)
    data = edited(
        data,
        {
            (row_of(data, "5.2"), "Implementatie"): "geïmplementeerd",
            (row_of(data, "5.2"), "Opzet"): "voldoende",
            (row_of(data, "5.2"), "Toelichting"): "klaar",
            (row_of(data, "5.10"), "Toepasselijkheid"): "van toepassing",
            (row_of(data, "5.10"), "Implementatie"): "implemented",
            (row_of(data, "5.10"), "Opzet"): "voldoende",
        },
    )
    result = run_import(db, answered, data, dry_run=True)
    assert result.dry_run and result.changed == ["5.2", "5.10"]
    assert [(c.row, c.columns, c.new) for c in result.changes] == [
        (row_of(data, "5.2"), ("Implementatie", "Opzet", "Toelichting"), False),  # the changed cells
        (row_of(data, "5.10"), (), True),
    ]
    db.commit()
    assert revision_count(db) == 4


@pytest.mark.parametrize(
    "mutate, problem",
    [
        (lambda wb: setattr(wb["Antwoorden"], "title", "Blad1"), (None, "tabular.sheet_missing")),
        (lambda wb: wb["Antwoorden"].delete_cols(9), (1, "tabular.columns_missing")),
        (
            lambda wb: wb["Antwoorden"].cell(row=1, column=17, value="Opmerking"),
            (1, "tabular.unknown_column"),
        ),
        (lambda wb: wb["Antwoorden"].cell(row=1, column=17, value="Code"), (1, "tabular.column_twice")),
    ],
)
def test_a_sheet_without_the_expected_shape_is_refused(db, answered, mutate, problem):
    workbook = load_workbook(io.BytesIO(export(db, answered)))
    mutate(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(RuleError) as rejected:
        run_import(db, answered, buffer.getvalue())
    assert [(p.row, p.code) for p in rejected.value.problems] == [problem]


def test_not_an_excel_file(db, answered):
    for data in (b"", b"code;status\n", b"PK\x03\x04garbage"):
        with pytest.raises(RuleError) as rejected:
            run_import(db, answered, data)
        assert [p.code for p in rejected.value.problems] == ["tabular.not_xlsx"]


def test_a_real_formula_cell_is_refused_with_its_cell(db, answered):
    data = export(db, answered)
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["Antwoorden"]
    sheet.cell(row=row_of(data, "5.1"), column=12).value = '=CONCAT("a","b")'
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(RuleError) as rejected:
        run_import(db, answered, buffer.getvalue())
    (problem,) = rejected.value.problems
    assert (problem.code, problem.field, problem.params, problem.row) == (
        "tabular.formula",
        "owner",
        {"cell": "L2"},
        2,
    )


def test_a_new_sheet_from_scratch_with_only_the_headers_and_a_few_rows(db, world, mini_catalogue):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Antwoorden"
    sheet.append(list(HEADERS.values()))
    sheet.append(
        [
            "5.01.01",
            None,
            None,
            "van toepassing",
            "geïmplementeerd",
            "voldoende",
            None,
            None,
            None,
            None,
            None,
            "CISO",
            None,
            date(2026, 3, 2),
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run_import(db, world, buffer.getvalue())
    assert result.changed == ["5.01.01"]
    db.commit()
    revision = db.exec(select(AnswerRevision)).one()
    assert revision.last_reviewed_on == date(2026, 3, 2) and revision.existence == "not_assessed"


@pytest.mark.parametrize("dimension", ["A1:O1000001", ""])
def test_a_million_row_sheet_is_refused_before_it_is_read_whole(tmp_path, dimension):
    """With its <dimension> saying so, or without one: the rows are counted while the file streams in, and
    reading stops at the limit (it took 15-20 s and 600-700 MB to load such a sheet whole). Measured in memory,
    not in seconds (the time is the benchmark's: docs/performance.md, "Excel limits")."""
    rows = b"<row><c><v>5.1</v></c></row>" * 10_000
    path = tmp_path / "miljoen.xlsx"
    path.write_bytes(xlsx("Antwoorden", list(HEADERS.values()), rows, 100, dimension=dimension))
    _seconds, traced, _resident, outcome = measure(
        path,
        "from sqlmodel import Session, create_engine\nfrom controls.answers_xlsx import import_answers\n"
        "import openpyxl.reader.excel",  # loaded when a sheet is first read (core.tabular): not what is timed
        "import_answers(session=Session(create_engine('sqlite://')), organisation_id=1, data=data, "
        "actor=None, accepted_risks=set(), known_risks=set())",
    )
    assert "tabular.too_many_rows" in outcome
    assert traced < 50, f"{traced} MB allocated: the sheet was read past its row limit"


# --- through the web


def upload(client, data: bytes, *, dry_run=False, name="a.xlsx"):
    form = {"file": (io.BytesIO(data), name)} | ({"dry_run": "y"} if dry_run else {})
    return client.post("/o/voorbeeld/vvt/import", data=form, content_type="multipart/form-data")


def token_of(page: str) -> str:
    return re.search(r'name="token" type="hidden" value="([^"]+)"', page)[1]


def test_download_and_upload_in_the_browser(client, db, answered, login_as):
    login_as(Role.AUDITOR)
    response = client.get("/o/voorbeeld/vvt/antwoorden.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    assert (
        "attachment; filename=antwoorden-voorbeeld-2026-03-16.xlsx" in response.headers["Content-Disposition"]
    )
    assert client.get("/o/voorbeeld/vvt/import").status_code == 403
    client.post("/logout")
    login_as(Role.CISO)
    data = edited(
        response.data,
        {
            (row_of(response.data, "5.2"), "Implementatie"): "geïmplementeerd",
            (row_of(response.data, "5.2"), "Opzet"): "voldoende",
        },
    )
    dry = upload(client, data, dry_run=True)
    page = dry.get_data(as_text=True)
    assert dry.status_code == 200 and "Controle geslaagd" in page and "5.2: Implementatie" in page
    assert revision_count(db) == 4
    done = upload(client, data)
    assert done.status_code == 302 and revision_count(db) == 5
    latest = db.exec(select(AnswerRevision).order_by(AnswerRevision.id.desc())).first()
    assert latest.note == "Excel-import a.xlsx" and latest.author_name == "ciso@voorbeeld.nl"


def test_a_clean_dry_run_saves_the_very_file_just_checked(client, db, answered, login_as, fixed_clock):
    login_as(Role.CISO)
    data = export(db, answered)
    data = edited(
        data,
        {
            (row_of(data, "5.2"), "Implementatie"): "geïmplementeerd",
            (row_of(data, "5.2"), "Opzet"): "voldoende",
        },
    )
    page = upload(client, data, dry_run=True, name="gecontroleerd.xlsx").get_data(as_text=True)
    assert "Nu opslaan" in page and "16 mrt 2026, 10:15" in page  # kept for 15 minutes, in local time
    token = token_of(page)
    saved = client.post("/o/voorbeeld/vvt/import/opslaan", data={"token": token})
    assert saved.status_code == 302 and revision_count(db) == 5
    latest = db.exec(select(AnswerRevision).order_by(AnswerRevision.id.desc())).first()
    assert latest.note == "Excel-import gecontroleerd.xlsx" and latest.implementation == "implemented"
    again = client.post("/o/voorbeeld/vvt/import/opslaan", data={"token": token})
    assert again.status_code == 410 and "kies het bestand opnieuw" in again.get_data(as_text=True)
    assert revision_count(db) == 5


def test_a_checked_file_expires(client, db, answered, login_as, fixed_clock):
    login_as(Role.CISO)
    data = export(db, answered)
    data = edited(
        data,
        {
            (row_of(data, "5.2"), "Implementatie"): "geïmplementeerd",
            (row_of(data, "5.2"), "Opzet"): "voldoende",
        },
    )
    token = token_of(upload(client, data, dry_run=True).get_data(as_text=True))
    fixed_clock.set(fixed_clock.moment + timedelta(minutes=16))
    late = client.post("/o/voorbeeld/vvt/import/opslaan", data={"token": token})
    assert late.status_code == 410 and "De controle is verlopen" in late.get_data(as_text=True)
    assert revision_count(db) == 4


def test_a_dry_run_that_changes_nothing_offers_nothing_to_save(client, db, answered, login_as):
    login_as(Role.CISO)
    page = upload(client, export(db, answered), dry_run=True).get_data(as_text=True)
    assert "Controle geslaagd" in page and "Nu opslaan" not in page


def test_upload_with_problems_lists_them_per_row_with_code_and_column(client, db, answered, login_as):
    login_as(Role.CISO)
    data = export(db, answered)
    data = edited(data, {(row_of(data, "5.1"), "Werking"): "prima", (row_of(data, "5.2"), "Opzet"): "top"})
    response = upload(client, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Niets ingelezen: 2 problemen" in page
    assert (
        '<td class="num">2</td><td>5.1</td><td>Werking</td><td>onbekende waarde &#39;prima&#39;; kies uit: '
        "niet beoordeeld, onvoldoende, voldoende</td>" in page
    )
    assert "onbekende waarde &#39;top&#39;" in page
    wrong = client.post(
        "/o/voorbeeld/vvt/import",
        data={"file": (io.BytesIO(b"x"), "a.csv")},
        content_type="multipart/form-data",
    )
    assert wrong.status_code == 422 and "Alleen .xlsx-bestanden." in wrong.get_data(as_text=True)


def test_problems_are_worded_in_the_users_language(client, db, answered, login_as):
    login_as(Role.CISO)
    client.post("/taal/en")
    data = export(db, answered)
    data = edited(
        data, {(row_of(data, "5.1"), "Werking"): "prima", (row_of(data, "5.01.02"), "Toelichting"): None}
    )
    page = upload(client, data).get_data(as_text=True)
    assert "Nothing imported: 2 problems" in page
    assert "unknown value &#39;prima&#39;; choose from: niet beoordeeld" in page  # the sheet's own words
    assert "<td>5.01.02</td><td>Toelichting</td><td>Give the reason why this does not apply.</td>" in page


def test_a_save_between_check_and_write_refuses_the_whole_import(db, world, mini_catalogue, monkeypatch):
    import controls.answers_xlsx as answers_xlsx

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Antwoorden"
    sheet.append(list(HEADERS.values()))
    sheet.append(["5.1", None, None, "van toepassing", "geïmplementeerd", "voldoende"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    answer(
        db,
        world.own,
        "5.1",
        applicability="applicable",
        implementation="implemented",
        design="sufficient",
        owner="CISO",
    )
    monkeypatch.setattr(
        answers_xlsx, "latest_revisions", lambda **_kwargs: {}
    )  # the state read before that save
    with pytest.raises(StaleEdit) as stale:
        run_import(db, world, buffer.getvalue())
    assert (stale.value.subject, stale.value.base_revision, stale.value.current_revision) == ("5.1", 0, 1)
    db.rollback()
    assert revision_count(db) == 1

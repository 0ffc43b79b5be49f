"""The Excel round trip: export, import with every row checked first, dry run, formula neutralisation."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from sqlmodel import func, select

from controls.answer_models import AnswerRevision
from controls.answers_xlsx import HEADERS, ImportRejected, export_answers, import_answers
from core.actor import Actor
from core.models import Role
from tests.answers.conftest import answer

TRICKY = '=HYPERLINK("https://evil.example","klik")'


@pytest.fixture
def answered(db, world, mini_catalogue):
    answer(
        db,
        world.own,
        "5.1",
        applicability="applicable",
        implementation="implemented",
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
        actor=Actor.system("Excel"),
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


def test_export_has_one_row_per_requirement_dutch_headers_and_drop_downs(db, answered):
    data = export(db, answered)
    sheet = sheet_of(data)
    assert [c.value for c in sheet[1]] == list(HEADERS.values())
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
    assert validations["D"].type == "list" and "niet van toepassing" in validations["D"].formula1
    assert "gedeeltelijk geïmplementeerd" in validations["E"].formula1
    assert "onvoldoende" in validations["F"].formula1 and validations["J"].type == "date"
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
    assert {row[10].value for row in sheet.iter_rows(min_row=2)} >= {"'t Team"}  # harmless: left alone
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
            (row_of(data, "5.01.01"), "Toelichting"): "'=nu klaar",
            (row_of(data, "5.10"), "Toepasselijkheid"): "van toepassing",
            (row_of(data, "5.10"), "Implementatie"): "implemented",
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


def test_every_bad_row_is_reported_and_nothing_is_written(db, answered):
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
    with pytest.raises(ImportRejected) as rejected:
        run_import(db, answered, data)
    problems = {(p.row, p.message) for p in rejected.value.problems}
    rows = {p.row for p in rejected.value.problems}
    assert rows == {2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
    text = "\n".join(f"{row}: {message}" for row, message in sorted(problems))
    assert "2: Toepasselijkheid: onbekende waarde 'misschien'" in text
    assert "3: Geplande datum: ongeldige datum '31-02-2026'" in text
    assert "4: Toelichting: geef de reden waarom dit niet van toepassing is" in text
    assert "5: het antwoord op 5.2 is gewijzigd na de export" in text
    assert "6: Toepasselijkheid is leeg, maar Eigenaar is ingevuld" in text
    assert "7: Toelichting: formules zijn niet toegestaan" in text
    assert "8: Revisie: geen revisienummer 'twee'" in text
    assert "9: onbekende eis '9.99.99'" in text
    assert "10: eis '5.1' staat ook in rij 2" in text
    assert "11: eis 5.01.03 geldt niet meer" in text
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
    with pytest.raises(ImportRejected) as rejected:
        run_import(db, answered, data)
    assert [p.row for p in rejected.value.problems] == [row]
    assert "kan niet worden gewist" in rejected.value.problems[0].message


def test_a_stale_sheet_is_refused(db, answered):
    data = export(db, answered)
    answer(db, answered.own, "5.2", applicability="applicable", implementation="implemented")
    data = edited(data, {(row_of(data, "5.2"), "Eigenaar"): "Piet"})
    with pytest.raises(ImportRejected) as rejected:
        run_import(db, answered, data)
    assert "revisie 1 in het bestand, nu 2" in rejected.value.problems[0].message


def test_dry_run_checks_everything_and_writes_nothing(db, answered):
    data = export(db, answered)
    data = edited(data, {(row_of(data, "5.2"), "Implementatie"): "geïmplementeerd"})
    result = run_import(db, answered, data, dry_run=True)
    assert result.dry_run and result.changed == ["5.2"]
    db.commit()
    assert revision_count(db) == 4


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda wb: setattr(wb["Antwoorden"], "title", "Blad1"), "tabblad 'Antwoorden' ontbreekt"),
        (lambda wb: wb["Antwoorden"].delete_cols(9), "kolom(men) ontbreken: Toelichting"),
        (
            lambda wb: wb["Antwoorden"].cell(row=1, column=16, value="Opmerking"),
            "onbekende kolom 'Opmerking'",
        ),
    ],
)
def test_a_sheet_without_the_expected_shape_is_refused(db, answered, mutate, message):
    workbook = load_workbook(io.BytesIO(export(db, answered)))
    mutate(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(ImportRejected) as rejected:
        run_import(db, answered, buffer.getvalue())
    assert [(p.row, p.message) for p in rejected.value.problems] == [(1, message)]


def test_not_an_excel_file(db, answered):
    for data in (b"", b"code;status\n", b"PK\x03\x04garbage"):
        with pytest.raises(ImportRejected) as rejected:
            run_import(db, answered, data)
        assert rejected.value.problems[0].message == "geen geldig Excel-bestand (.xlsx)"


def test_a_real_formula_cell_is_refused(db, answered):
    data = export(db, answered)
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["Antwoorden"]
    sheet.cell(row=row_of(data, "5.1"), column=11).value = '=CONCAT("a","b")'
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(ImportRejected) as rejected:
        run_import(db, answered, buffer.getvalue())
    assert rejected.value.problems[0].message == "Eigenaar: formules zijn niet toegestaan"


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
    assert revision.last_reviewed_on == date(2026, 3, 2) and revision.design == "not_assessed"


# --- through the web


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
    data = edited(response.data, {(row_of(response.data, "5.2"), "Implementatie"): "geïmplementeerd"})
    dry = client.post(
        "/o/voorbeeld/vvt/import",
        data={"file": (io.BytesIO(data), "a.xlsx"), "dry_run": "y"},
        content_type="multipart/form-data",
    )
    assert dry.status_code == 200 and "Controle geslaagd" in dry.get_data(as_text=True)
    assert revision_count(db) == 4
    done = client.post(
        "/o/voorbeeld/vvt/import",
        data={"file": (io.BytesIO(data), "a.xlsx")},
        content_type="multipart/form-data",
    )
    assert done.status_code == 302 and revision_count(db) == 5
    latest = db.exec(select(AnswerRevision).order_by(AnswerRevision.id.desc())).first()
    assert latest.note == "Excel-import a.xlsx" and latest.author_name == "ciso@voorbeeld.nl"


def test_upload_with_problems_lists_them_per_row(client, db, answered, login_as):
    login_as(Role.CISO)
    data = export(db, answered)
    data = edited(data, {(row_of(data, "5.1"), "Werking"): "prima", (row_of(data, "5.2"), "Opzet"): "top"})
    response = client.post(
        "/o/voorbeeld/vvt/import",
        data={"file": (io.BytesIO(data), "a.xlsx")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Niets ingelezen: 2 problemen" in page
    assert "onbekende waarde &#39;prima&#39;" in page and "onbekende waarde &#39;top&#39;" in page
    wrong = client.post(
        "/o/voorbeeld/vvt/import",
        data={"file": (io.BytesIO(b"x"), "a.csv")},
        content_type="multipart/form-data",
    )
    assert wrong.status_code == 422 and "Alleen .xlsx-bestanden." in wrong.get_data(as_text=True)


def test_a_save_between_check_and_write_refuses_the_whole_import(db, world, mini_catalogue, monkeypatch):
    import controls.answers_xlsx as answers_xlsx

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Antwoorden"
    sheet.append(list(HEADERS.values()))
    sheet.append(["5.1", None, None, "van toepassing", "geïmplementeerd"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    answer(db, world.own, "5.1", applicability="applicable", implementation="implemented", owner="CISO")
    monkeypatch.setattr(
        answers_xlsx, "latest_revisions", lambda *_args: {}
    )  # the state read before that save
    with pytest.raises(ImportRejected) as rejected:
        run_import(db, world, buffer.getvalue())
    assert rejected.value.problems[0].row == 2 and "gewijzigd" in rejected.value.problems[0].message
    db.rollback()
    assert revision_count(db) == 1

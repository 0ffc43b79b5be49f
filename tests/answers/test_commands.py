"""`naleving answers export|import [--dry-run]`."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlmodel import func, select

from controls.answer_models import AnswerRevision
from tests.answers.conftest import answer


def revision_count(db) -> int:
    db.expire_all()
    return db.exec(select(func.count()).select_from(AnswerRevision)).one()


def set_cell(path, code: str, header: str, value) -> None:
    workbook = load_workbook(path)
    sheet = workbook["Antwoorden"]
    column = next(c.column for c in sheet[1] if c.value == header)
    row = next(r[0].row for r in sheet.iter_rows(min_row=2) if r[0].value == code)
    sheet.cell(row=row, column=column).value = value
    workbook.save(path)


def test_export_then_import(cli, db, world, mini_catalogue, tmp_path):
    answer(
        db, world.own, "5.1", applicability="applicable", implementation="implemented", design="sufficient"
    )
    out = tmp_path / "antwoorden.xlsx"
    result = cli("answers", "export", "--org", "voorbeeld", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert load_workbook(io.BytesIO(out.read_bytes()))["Antwoorden"]["A2"].value == "5.1"
    set_cell(out, "5.01.01", "Toepasselijkheid", "van toepassing")
    set_cell(out, "5.01.01", "Implementatie", "geïmplementeerd")
    set_cell(out, "5.01.01", "Opzet", "voldoende")
    dry = cli("answers", "import", "--org", "voorbeeld", str(out), "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "1 antwoorden zouden wijzigen" in dry.stdout and revision_count(db) == 1
    done = cli("answers", "import", "--org", "voorbeeld", str(out))
    assert done.exit_code == 0 and "1 antwoorden ingelezen, 1 ongewijzigd" in done.stdout
    assert revision_count(db) == 2
    latest = db.exec(select(AnswerRevision).order_by(AnswerRevision.id.desc())).first()
    assert latest.author_id is None and latest.note == "Excel-import antwoorden.xlsx"


def test_bad_rows_are_listed_on_stderr_and_nothing_is_written(cli, db, world, mini_catalogue, tmp_path):
    out = tmp_path / "a.xlsx"
    cli("answers", "export", "--org", "voorbeeld", "--out", str(out))
    set_cell(out, "5.1", "Toepasselijkheid", "ja")
    set_cell(out, "5.2", "Toepasselijkheid", "niet van toepassing")
    set_cell(out, "5.01.01", "Toepasselijkheid", "van toepassing")
    result = cli("answers", "import", "--org", "voorbeeld", str(out))
    lines = result.stderr.splitlines()
    assert result.exit_code == 1
    assert lines[0] == (
        f"{out}: rij 2 (5.1): Toepasselijkheid: onbekende waarde 'ja'; kies uit: van toepassing, "
        "niet van toepassing, overgenomen van leverancier"
    )
    assert f"{out}: rij 3 (5.01.01): Implementatie: Kies de stand van de implementatie." in lines
    assert any(line.startswith(f"{out}: rij 5 (5.2): Toelichting: Geef de reden") for line in lines)
    assert lines[-1] == f"naleving: 4 problemen in {out}; niets ingelezen"
    assert revision_count(db) == 0


def test_user_errors_are_one_line(cli, world, mini_catalogue, tmp_path):
    for args in (
        ("answers", "import", "--org", "bestaat-niet", str(tmp_path / "x.xlsx")),
        ("answers", "import", "--org", "voorbeeld", str(tmp_path / "ontbreekt.xlsx")),
        ("answers", "export", "--org", "bestaat-niet", "--out", str(tmp_path / "x.xlsx")),
        ("answers", "export", "--org", "voorbeeld"),
    ):
        (tmp_path / "x.xlsx").write_bytes(b"geen excel")
        result = cli(*args)
        assert result.exit_code == 1, args
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("naleving: "), result.stderr
        assert "Traceback" not in result.stderr
    result = cli("answers", "import", "--org", "voorbeeld", str(tmp_path / "x.xlsx"))
    assert (
        result.stderr
        == f"naleving: {tmp_path / 'x.xlsx'}: geen geldig Excel-bestand (.xlsx); niets ingelezen\n"
    )

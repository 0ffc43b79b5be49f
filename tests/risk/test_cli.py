"""`naleving risks ...`: export, import (all or nothing, --dry-run), P&C moments and snapshots."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import func
from sqlmodel import select

from risk.models import PCSnapshot, RiskRevision
from tests.risk.factories import make_risk


def revisions(db) -> int:
    return db.exec(select(func.count()).select_from(RiskRevision)).one()


def test_export_then_import_round_trip(cli, db, world, tmp_path):
    make_risk(db, world.own.id)
    out = tmp_path / "register.xlsx"
    result = cli("risks", "export", "--org", "voorbeeld", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert load_workbook(out)["Risico's"]["A2"].value == "R-001"
    result = cli("risks", "import", "--org", "voorbeeld", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "0 nieuw, 0 gewijzigd, 1 ongewijzigd"


def test_import_dry_run_and_errors_change_nothing(cli, db, world, tmp_path):
    make_risk(db, world.own.id)
    out = tmp_path / "register.xlsx"
    cli("risks", "export", "--org", "voorbeeld", "--out", str(out))
    workbook = load_workbook(out)
    sheet = workbook["Risico's"]
    sheet["C2"] = "Gewijzigd"
    sheet.append(
        [None, None, "Nieuw risico", None, None, None, None, None, "CISO", 2, 2, "verminderen", 1, 1, "open"]
    )
    workbook.save(out)
    result = cli("risks", "import", "--org", "voorbeeld", str(out), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("controle (niets opgeslagen): 1 nieuw, 1 gewijzigd")
    assert revisions(db) == 1

    sheet["J3"] = 7
    workbook.save(out)
    result = cli("risks", "import", "--org", "voorbeeld", str(out))
    assert result.exit_code == 1
    assert "rij 3: inherente kans moet 1 tot en met 5 zijn" in result.stderr
    assert result.stderr.strip().endswith("naleving: 1 probleem/problemen; niets ingelezen")
    assert revisions(db) == 1


def test_import_refuses_a_missing_or_bad_file(cli, world, tmp_path):
    assert cli("risks", "import", "--org", "voorbeeld", str(tmp_path / "x.xlsx")).exit_code == 1
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a spreadsheet")
    result = cli("risks", "import", "--org", "voorbeeld", str(bad))
    assert (
        result.exit_code == 1
        and "geen geldig Excel-bestand" in result.stderr
        and "Traceback" not in result.stderr
    )
    assert cli("risks", "export", "--org", "bestaat-niet", "--out", str(tmp_path / "y.xlsx")).exit_code == 1


def test_moment_and_snapshot_from_the_command_line(cli, db, world):
    make_risk(db, world.own.id)
    result = cli(
        "risks",
        "moment",
        "--org",
        "voorbeeld",
        "--kind",
        "begroting",
        "--year",
        "2027",
        "--date",
        "2026-11-01",
        "--capacity",
        "1000000",
    )
    assert result.exit_code == 0, result.stderr
    moment_id = result.stdout.split()[1]
    result = cli("risks", "snapshot", "--org", "voorbeeld", "--moment", moment_id, "--seed", "42")
    assert result.exit_code == 0, result.stderr
    assert "momentopname gemaakt" in result.stdout and "seed 42" in result.stdout
    assert db.exec(select(PCSnapshot.seed)).one() == 42
    again = cli("risks", "snapshot", "--org", "voorbeeld", "--moment", moment_id)
    assert again.exit_code == 1 and "al een momentopname" in again.stderr
    assert cli("risks", "snapshot", "--org", "voorbeeld", "--moment", "999").exit_code == 1
    duplicate = cli(
        "risks",
        "moment",
        "--org",
        "voorbeeld",
        "--kind",
        "begroting",
        "--year",
        "2027",
        "--date",
        "2026-11-01",
        "--capacity",
        "1",
    )
    assert duplicate.exit_code == 1 and "bestaat al" in duplicate.stderr


def test_export_output_is_an_xlsx(cli, db, world, tmp_path):
    out = tmp_path / "leeg.xlsx"
    assert cli("risks", "export", "--org", "voorbeeld", "--out", str(out)).exit_code == 0
    assert load_workbook(io.BytesIO(out.read_bytes())).sheetnames[0] == "Risico's"

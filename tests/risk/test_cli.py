"""`naleving risks ...`: export, import (all or nothing, --dry-run), P&C moments and snapshots."""

from __future__ import annotations

import io
import json

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
    assert result.stderr == (f"naleving: {out}: rij 3: Kans inherent: Tussen 1 en 5.; niets ingelezen\n")
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


def test_the_matrix_is_shown_set_from_json_and_reset(cli, db, world, tmp_path):
    from core.models import AuditEvent
    from risk.matrix import DEFAULT_MATRIX, matrix_for

    shown = cli("risks", "matrix", "--org", "voorbeeld")
    assert shown.exit_code == 0
    data = json.loads(shown.stdout)
    assert data == DEFAULT_MATRIX.to_dict()

    data["impact_labels"][4] = "  Catastrofaal  "
    data["levels"][0][0] = "medium"
    data["appetite"] = "low"
    data["certainty"] = 0.95
    (tmp_path / "matrix.json").write_text(json.dumps(data))
    done = cli("risks", "matrix", "--org", "voorbeeld", "--set", str(tmp_path / "matrix.json"))
    assert done.exit_code == 0, done.stderr
    db.expire_all()
    matrix = matrix_for(session=db, organisation_id=world.own.id)
    assert (matrix.impact_labels[4], matrix.level(1, 1), matrix.appetite, matrix.certainty) == (
        "Catastrofaal",
        "medium",
        "low",
        0.95,
    )
    assert matrix_for(session=db, organisation_id=world.other.id) == DEFAULT_MATRIX
    assert (
        json.loads(cli("risks", "matrix", "--org", "voorbeeld").stdout)["impact_labels"][4] == "Catastrofaal"
    )
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "risk.matrix_changed")).one()
    assert event.organisation_id == world.own.id and '"appetite": ["medium", "low"]' in event.changes

    assert cli("risks", "matrix", "--org", "voorbeeld", "--reset").exit_code == 0
    db.expire_all()
    assert matrix_for(session=db, organisation_id=world.own.id) == DEFAULT_MATRIX


def test_a_bad_matrix_file_changes_nothing(cli, db, world, tmp_path):
    from risk.matrix import DEFAULT_MATRIX, matrix_for

    good = DEFAULT_MATRIX.to_dict()
    cases = {
        "kapot.json": ("{niet json", "geen geldige JSON"),
        "leeg.json": ("{}", "likelihood_labels ontbreekt"),
        "lijst.json": ("[1, 2]", "geen geldige matrix"),
        "niveau.json": (
            json.dumps(good | {"appetite": "enorm"}),
            "geen geldige matrix (niveaus: low, medium",
        ),
        "getal.json": (json.dumps(good | {"impact_labels": [1, 2, 3, 4, 5]}), "geen geldige matrix"),
        "vier.json": (
            json.dumps(good | {"impact_labels": ["a", "b", "c", "d"]}),
            "Vijf labels voor de impact nodig",
        ),
        "zekerheid.json": (
            json.dumps(good | {"certainty": 0.5}),
            "Kies een zekerheid van 80%, 90%, 95%, 99%.",
        ),
        "cellen.json": (json.dumps(good | {"levels": good["levels"][:4]}), "De matrix heeft 5 x 5 cellen"),
    }
    for name, (text, message) in cases.items():
        (tmp_path / name).write_text(text)
        result = cli("risks", "matrix", "--org", "voorbeeld", "--set", str(tmp_path / name))
        assert result.exit_code == 1, name
        assert result.stderr.startswith(f"naleving: {tmp_path / name}: ") and message in result.stderr, (
            result.stderr
        )
        assert result.stderr.rstrip().endswith("niets gewijzigd") and result.stderr.count("\n") == 1
    for args, message in [
        (["--set", str(tmp_path / "ontbreekt.json")], "bestand niet gevonden"),
        (["--set", str(tmp_path / "kapot.json"), "--reset"], "--set en --reset gaan niet samen"),
    ]:
        result = cli("risks", "matrix", "--org", "voorbeeld", *args)
        assert result.exit_code == 1 and message in result.stderr
    assert cli("risks", "matrix", "--org", "nergens").stderr == "naleving: onbekende organisatie 'nergens'\n"
    db.expire_all()
    assert matrix_for(session=db, organisation_id=world.own.id).is_default


def test_a_moment_is_corrected_until_its_snapshot(cli, db, world):
    from risk.models import PCMoment

    made = cli("risks", "moment", "--org", "voorbeeld", "--kind", "begroting", "--year", "2027",
               "--date", "2026-11-01", "--capacity", "1000000")  # fmt: skip
    moment_id = made.stdout.split()[1]
    other = cli("risks", "moment", "--org", "andere", "--kind", "begroting", "--year", "2027",
                "--date", "2026-11-01", "--capacity", "5")  # fmt: skip
    other_id = other.stdout.split()[1]

    fixed = cli("risks", "moment-set", "--org", "voorbeeld", "--moment", moment_id, "--capacity", "1250000",
                "--note", "Na amendement")  # fmt: skip
    assert fixed.exit_code == 0, fixed.stderr
    assert fixed.stdout == (
        f"P&C-moment {moment_id} gewijzigd: begroting 2027, peildatum 2026-11-01, capaciteit 1250000\n"
    )
    db.expire_all()
    moment = db.get(PCMoment, int(moment_id))
    assert (moment.kind, moment.year, moment.available_capacity, moment.note) == (
        "begroting",
        2027,
        1250000,
        "Na amendement",
    )

    for args, message in [
        (["--moment", moment_id, "--capacity", "-5"], "niets gewijzigd"),
        (["--moment", other_id, "--capacity", "1"], f"geen P&C-moment {other_id} bij voorbeeld"),
        (["--moment", "999", "--year", "2028"], "geen P&C-moment 999 bij voorbeeld"),
    ]:
        refused = cli("risks", "moment-set", "--org", "voorbeeld", *args)
        assert refused.exit_code == 1 and message in refused.stderr, (args, refused.stderr)
    assert cli("risks", "snapshot", "--org", "voorbeeld", "--moment", moment_id, "--seed", "1").exit_code == 0
    frozen = cli("risks", "moment-set", "--org", "voorbeeld", "--moment", moment_id, "--capacity", "1")
    assert frozen.exit_code == 1 and "al een momentopname" in frozen.stderr
    db.expire_all()
    assert db.get(PCMoment, int(moment_id)).available_capacity == 1250000
    assert db.get(PCMoment, int(other_id)).available_capacity == 5

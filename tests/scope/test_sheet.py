"""The scope register in Excel and `naleving systems`: round trip, dry run, all or nothing, processes before
systems, and the answers' risk links kept after a save."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook
from sqlalchemy import func
from sqlmodel import select

from core.actor import Actor
from scope.models import ScopeItem, ScopeItemProcess, ScopeItemRevision
from scope.xlsx import import_items
from tests.scope.factories import classify_high, make_item


def revisions(db) -> int:
    return db.exec(select(func.count()).select_from(ScopeItemRevision)).one()


def test_export_then_import_changes_nothing(cli, db, world, tmp_path):
    make_item(db, world.own.id, "process", name="Burgerzaken")
    classify_high(db, make_item(db, world.own.id, process_refs=("P-001",), review_on=date(2027, 1, 1)))
    db.commit()
    out = tmp_path / "scope.xlsx"
    assert cli("systems", "export", "--org", "voorbeeld", "--out", str(out)).exit_code == 0
    sheet = load_workbook(out)["Processen en systemen"]
    assert [sheet["A2"].value, sheet["A3"].value] == ["P-001", "S-001"]
    result = cli("systems", "import", "--org", "voorbeeld", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "0 nieuw, 0 gewijzigd, 2 ongewijzigd"
    assert revisions(db) == 2


def test_dry_run_and_one_bad_row_save_nothing_then_a_clean_file_saves_all(cli, db, world, tmp_path):
    make_item(db, world.own.id)
    db.commit()
    out = tmp_path / "scope.xlsx"
    cli("systems", "export", "--org", "voorbeeld", "--out", str(out))
    workbook = load_workbook(out)
    sheet = workbook["Processen en systemen"]
    headers = [cell.value for cell in sheet[1]]
    column = {header: index for index, header in enumerate(headers)}
    sheet.cell(row=2, column=column["Eigenaar (lijnmanager)"] + 1, value="Nieuwe eigenaar")
    new_process = [None] * len(headers)
    new_process[column["Referentie"]] = "P-007"
    new_process[column["Soort"]] = "proces"
    new_process[column["Naam"]] = "Sociaal domein"
    new_process[column["Eigenaar (lijnmanager)"]] = "Afdelingshoofd"
    new_process[column["Binnen de scope"]] = "ja"
    sheet.append(new_process)
    new_system = list(new_process)
    new_system[column["Referentie"]] = None
    new_system[column["Soort"]] = "informatiesysteem"
    new_system[column["Naam"]] = "Suwinet"
    new_system[column["Ondersteunt processen"]] = "P-007"
    sheet.append(new_system)
    workbook.save(out)
    result = cli("systems", "import", "--org", "voorbeeld", str(out), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("controle (niets opgeslagen): 2 nieuw, 1 gewijzigd")
    assert revisions(db) == 1
    dry = import_items(
        session=db,
        organisation_id=world.own.id,
        source=out.read_bytes(),
        dry_run=True,
        actor=Actor.system("test"),
    )
    # saved in a savepoint rolled back: the new system is named by the reference it would get
    assert dry.created == ["P-007", "S-002"] and dry.updated == ["S-001"]
    assert revisions(db) == 1 and db.exec(select(ScopeItemProcess)).all() == []
    db.rollback()  # as the command and the page do after a dry run

    sheet.cell(row=4, column=column["Hosting"] + 1, value="op de maan")
    workbook.save(out)
    result = cli("systems", "import", "--org", "voorbeeld", str(out))
    assert result.exit_code == 1
    assert "rij 4" in result.stderr and "niets ingelezen" in result.stderr
    assert revisions(db) == 1

    sheet.cell(row=4, column=column["Hosting"] + 1, value="cloud binnen de EU")
    workbook.save(out)
    result = cli("systems", "import", "--org", "voorbeeld", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "2 nieuw, 1 gewijzigd, 0 ongewijzigd"
    suwinet = db.exec(select(ScopeItem).where(ScopeItem.name == "Suwinet")).one()
    process = db.exec(select(ScopeItem).where(ScopeItem.reference == "P-007")).one()
    assert (suwinet.reference, suwinet.hosting) == ("S-002", "eu_cloud")
    assert db.exec(select(ScopeItemProcess)).one().process_id == process.id


def test_list_shows_classification_and_gaps_and_an_unknown_org_is_one_line(cli, db, world):
    classify_high(db, make_item(db, world.own.id))
    db.commit()
    result = cli("systems", "list", "--org", "voorbeeld")
    assert result.exit_code == 0
    assert (
        "S-001\tZaaksysteem\tin scope\tBIV hoog/laag/laag\taanvullende risicoanalyse nodig\trisicoanalyse ontbreekt"
        in result.stdout
    )
    result = cli("systems", "list", "--org", "nergens")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1


def test_saving_an_answer_links_it_to_its_risk(client, world, db, login_as, mini_catalogue):
    from controls.answer_models import Answer
    from core.models import Role
    from risk.models import AnswerRisk
    from risk.register import create_risk
    from tests.risk.factories import risk_data
    from tests.scope.factories import ACTOR

    risk = create_risk(session=db, organisation_id=world.own.id, data=risk_data(), actor=ACTOR).risk
    db.commit()
    login_as(Role.CISO)
    response = client.post(
        "/o/voorbeeld/eisen/5.1",
        data={
            "base_revision": "0",
            "applicability": "not_applicable",
            "explanation": "Geen beleid nodig: onderdeel van het concernbeleid.",
            "risk_reference": risk.reference,
            "last_reviewed_on": "2026-01-05",
            "design": "not_assessed",
            "existence": "not_assessed",
            "operation": "not_assessed",
        },
    )
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:2000]
    answer = db.exec(select(Answer)).one()
    assert [(link.answer_id, link.risk_id) for link in db.exec(select(AnswerRisk)).all()] == [
        (answer.id, risk.id)
    ]
    assert "5.1" in client.get(f"/o/voorbeeld/risicos/{risk.id}").get_data(as_text=True)

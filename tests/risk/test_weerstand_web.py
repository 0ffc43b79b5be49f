"""The weerstandsvermogen on the P&C page, the CLI and the API: the begroting's figures entered by the CISO (the
controller's role here), read by the others; no ratio without them; the convention named; the risk table XLSX.
The API's side: tests/api/test_weerstand.py."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func
from sqlmodel import select

from core.actor import Actor
from core.models import Role
from risk.models import BudgetFigures, PCMoment
from risk.weerstand import enter_figures
from tests.risk.factories import moment_with_snapshot

ACTOR = Actor.system("test")
FIGURES = {"available_capacity": "3000000", "other_required_capacity": "1400000", "certainty": "0.9"}


@pytest.fixture
def taken(db, world) -> PCMoment:
    return moment_with_snapshot(db, world.own.id)


def figures_count(db) -> int:
    return db.exec(select(func.count()).select_from(BudgetFigures)).one()


def test_the_page_says_why_there_is_no_ratio_until_the_ciso_enters_the_figures(client, db, taken, login_as):
    login_as(Role.CISO)
    url = f"/o/voorbeeld/pc/{taken.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Geen ratio en geen waardering" in page and "Ratio (beschikbaar / benodigd totaal)" not in page
    assert "driehoeksverdeling over minimum, meest waarschijnlijk en maximum" in page
    response = client.post(url + "/begroting", data=FIGURES | {"source": "Begroting 2027"})
    assert response.status_code == 302 and figures_count(db) == 1
    page = client.get(url).get_data(as_text=True)
    assert "Geen ratio" not in page and "2,00" in page and "ruim voldoende" in page
    assert "6,7%" in page  # 100 000 of 1 500 000
    assert "Begroting 2027" in page and "geldt" in page


def test_bad_figures_are_refused_on_the_form(client, db, taken, login_as):
    login_as(Role.CISO)
    response = client.post(f"/o/voorbeeld/pc/{taken.id}/begroting", data=FIGURES | {"certainty": "0.5"})
    assert response.status_code == 422 and figures_count(db) == 0
    response = client.post(
        f"/o/voorbeeld/pc/{taken.id}/begroting", data=FIGURES | {"other_required_capacity": "-3"}
    )
    assert response.status_code == 422 and figures_count(db) == 0
    assert "overige risico" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.MANAGEMENT, Role.AUDITOR, Role.ADMIN])
def test_only_the_ciso_enters_figures_the_others_read(client, db, taken, login_as, role):
    login_as(role)
    assert client.post(f"/o/voorbeeld/pc/{taken.id}/begroting", data=FIGURES).status_code == 403
    page = client.get(f"/o/voorbeeld/pc/{taken.id}").get_data(as_text=True)
    assert "Cijfers vastleggen" not in page and "Cijfers uit de begroting" in page
    assert figures_count(db) == 0


def test_the_risk_table_is_a_municipal_risk_table(client, db, world, taken, login_as):
    enter_figures(
        session=db,
        moment=taken,
        available_capacity=3_000_000,
        other_required_capacity=1_400_000,
        certainty=0.9,
        actor=ACTOR,
    )
    db.commit()
    login_as(Role.MANAGEMENT)
    response = client.get(f"/o/voorbeeld/pc/{taken.id}/risicotabel.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    rows = list(book["Risicotabel"].iter_rows(values_only=True))
    assert rows[0][:7] == (
        "Referentie",
        "Risico",
        "Eigenaar",
        "Beheersing",
        "Kansklasse (%)",
        "Financieel gevolg (€)",
        "Band financieel gevolg",
    )
    assert rows[1][:7] == (
        "R-001",
        "Ransomware",
        "CIO",
        "verminderen",
        50,
        100_000,
        "2: € 50.000 tot € 250.000",
    )
    summary = dict(book["Weerstandsvermogen"].iter_rows(min_row=2, values_only=True))
    assert summary["Conventie financieel gevolg"].startswith("driehoeksverdeling")
    assert summary["Ratio weerstandsvermogen (beschikbaar / benodigd totaal)"] == 2.0
    assert "financieel gevolg" in str(list(book["Toelichting"].iter_rows(values_only=True))).lower()


def test_the_convention_on_the_matrix_page_and_the_next_snapshot(client, db, world, login_as):
    login_as(Role.CISO)
    page = client.get("/o/voorbeeld/risicos/matrix").get_data(as_text=True)
    assert "Financieel gevolg van een risico" in page
    from risk.matrix import DEFAULT_MATRIX, matrix_for

    data = {"appetite": "medium", "certainty": "0.9", "impact_convention": "maximum", "submit": "Opslaan"}
    for number in range(1, 6):
        data[f"likelihood_{number}"] = DEFAULT_MATRIX.likelihood_labels[number - 1]
        data[f"impact_{number}"] = DEFAULT_MATRIX.impact_labels[number - 1]
        for impact in range(1, 6):
            data[f"cell_{number}_{impact}"] = DEFAULT_MATRIX.level(number, impact).value
    assert client.post("/o/voorbeeld/risicos/matrix", data=data).status_code == 302
    assert matrix_for(session=db, organisation_id=world.own.id).impact_convention == "maximum"


def test_the_cli_enters_figures_shows_them_and_writes_the_risk_table(cli, db, taken, tmp_path):
    moment = str(taken.id)
    result = cli("risks", "pc-show", "--org", "voorbeeld", "--moment", moment)
    assert result.exit_code == 0 and "geen ratio en geen waardering" in result.stdout
    assert "driehoeksverdeling" in result.stdout
    args = ("risks", "pc-figures", "--org", "voorbeeld", "--moment", moment, "--available", "3000000")
    result = cli(*args, "--other", "1400000", "--certainty", "0.90", "--source", "Begroting 2027")
    assert result.exit_code == 0, result.stderr
    assert (
        "ratio 2.00, waardering B" in result.stdout and "aandeel informatiebeveiliging 6.7%" in result.stdout
    )
    result = cli(*args, "--other", "-5", "--certainty", "0.90")
    assert result.exit_code == 1 and "niets opgeslagen" in result.stderr and figures_count(db) == 1
    out = tmp_path / "tabel.xlsx"
    result = cli("risks", "risk-table", "--org", "voorbeeld", "--moment", moment, "--out", str(out))
    assert result.exit_code == 0 and load_workbook(out)["Risicotabel"]["A2"].value == "R-001"
    assert cli("risks", "convention", "--org", "voorbeeld").stdout.startswith("triangular:")
    result = cli("risks", "convention", "--org", "voorbeeld", "--set", "most_likely")
    assert result.exit_code == 0 and result.stdout.startswith("most_likely: het meest waarschijnlijke bedrag")

"""The risk pages: forms that validate, revisions, stale saves, filters, heatmaps, Excel, P&C, the dashboard."""

from __future__ import annotations

import html
import io
import re
from datetime import date

import pytest
from sqlalchemy import func
from sqlmodel import select

from core.actor import Actor
from core.models import Role
from risk.labels import RATING
from risk.models import PCSnapshot, Risk, RiskRevision, RiskSettings
from risk.pc import create_moment, take_snapshot
from risk.register import create_risk, update_risk
from risk.weerstand import enter_figures, weerstand_history
from risk.xlsx import export_risks
from tests.risk.factories import APPROVED_BY, accepted, make_risk, risk_data

REGISTER = "/o/voorbeeld/risicos"
LIST = REGISTER + "/"


def form_data(**overrides) -> dict:
    data = {
        "title": "Uitval van de telefooncentrale",
        "owner": "Teamleider KCC",
        "description": "De centrale valt uit.",
        "aspects": ["availability"],
        "impact_areas": ["reputation", "publicity"],
        "inherent_likelihood": "3",
        "inherent_impact": "4",
        "treatment": "reduce",
        "residual_likelihood": "2",
        "residual_impact": "3",
        "status": "open",
        "requirement_codes": "",
        "probability": "30",
        "impact_minimum": "1000",
        "impact_most_likely": "5000",
        "impact_maximum": "20000",
        "note": "eerste inschatting",
    }
    data.update(overrides)
    return data


def text(response) -> str:
    """The page with entities decoded (Jinja writes ' as &#39;, the SVG builder as &#x27;)."""
    return html.unescape(response.get_data(as_text=True))


def count(db, table) -> int:
    return db.exec(select(func.count()).select_from(table)).one()


def test_the_ciso_records_a_risk_through_the_form(client, world, db, login_as, mini_catalogue):
    login_as(Role.CISO)
    response = client.post(f"{REGISTER}/nieuw", data=form_data(requirement_codes="5.1, 5.01.01"))
    assert response.status_code == 302
    risk = db.exec(select(Risk)).one()
    assert response.headers["Location"].endswith(f"{REGISTER}/{risk.id}")
    assert (risk.reference, risk.requirement_codes, risk.impact_areas) == (
        "R-001",
        "5.01.01,5.1",
        "reputation,publicity",
    )
    revision = db.exec(select(RiskRevision)).one()
    assert revision.changed_by_id == world.user(Role.CISO).id and revision.note == "eerste inschatting"
    page = client.get(f"{REGISTER}/{risk.id}").get_data(as_text=True)
    assert "Uitval van de telefooncentrale" in page and "5.01.01" in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Verplicht"),
        (
            {"residual_likelihood": "4"},
            "residual_likelihood",
            "De restkans kan niet hoger zijn dan de inherente kans.",
        ),
        ({"treatment": "accept"}, "accepted_by", "Verplicht bij accepteren."),
        ({"impact_maximum": ""}, "impact_maximum", "Vul kansklasse en alle drie bedragen in"),
        ({"impact_minimum": "9000"}, "impact_most_likely", "Minimum ≤ meest waarschijnlijk ≤ maximum."),
        ({"inherent_likelihood": "9"}, "inherent_likelihood", "Ongeldige keuze."),  # only by tampering
        ({"impact_minimum": "-5"}, "impact_minimum", "Tussen 0 en"),
        ({"requirement_codes": "9.99"}, "requirement_codes", "Onbekende eis(en) in de catalogus: 9.99."),
        (
            {
                "treatment": "accept",
                "accepted_by": "B&W",
                "accepted_on": "2026-05-01",
                "acceptance_expires_on": "2026-04-01",
            },
            "acceptance_expires_on",
            "Moet na de datum van acceptatie liggen.",
        ),
    ],
)
def test_bad_form_input_changes_nothing(client, world, db, login_as, overrides, field, message):
    """The form checks the shape of the input; the rules are the domain's, each shown on its field."""
    login_as(Role.CISO)
    response = client.post(f"{REGISTER}/nieuw", data=form_data(**overrides))
    assert response.status_code == 200
    assert re.search(rf'id="{field}-error">{re.escape(message)}', text(response)), text(response)
    assert count(db, Risk) == 0 and count(db, RiskRevision) == 0


def test_the_rules_are_worded_in_the_users_language(client, world, db, login_as):
    login_as(Role.CISO)
    client.post("/taal/en")
    response = client.post(
        f"{REGISTER}/nieuw", data=form_data(residual_likelihood="4", requirement_codes="9.99")
    )
    page = text(response)
    assert "The residual likelihood cannot be higher than the inherent likelihood." in page
    assert "Unknown requirement(s) in the catalogue: 9.99." in page


def test_editing_makes_a_revision_and_the_page_shows_the_difference(client, world, db, login_as):
    risk = make_risk(db, world.own.id)
    login_as(Role.CISO)
    page = client.get(f"{REGISTER}/{risk.id}/bewerken").get_data(as_text=True)
    assert 'name="revision" type="hidden" value="1"' in page
    data = form_data(title=risk.title, revision="1", residual_likelihood="1", note="back-ups getest")
    assert client.post(f"{REGISTER}/{risk.id}/bewerken", data=data).status_code == 302
    db.refresh(risk)
    assert risk.revision == 2
    page = client.get(f"{REGISTER}/{risk.id}").get_data(as_text=True)
    assert "Revisie 2" in page and "back-ups getest" in page and "Kans rest" in page


def test_a_stale_save_is_refused_and_shows_the_other_change(client, world, db, login_as):
    risk = make_risk(db, world.own.id)
    update_risk(
        session=db,
        risk=risk,
        data=risk_data(owner="Iemand anders"),
        expected_revision=1,
        actor=Actor.system("Bas"),
    )
    db.commit()
    login_as(Role.CISO)
    response = client.post(
        f"{REGISTER}/{risk.id}/bewerken", data=form_data(title="Mijn versie", revision="1")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409  # as a stale answer
    assert "Iemand anders heeft dit risico intussen gewijzigd; uw wijziging is niet opgeslagen." in page
    assert "Revisie 2 is opgeslagen door Bas" in page
    assert "Iemand anders" in page and 'value="Mijn versie"' in page
    assert 'name="revision" type="hidden" value="2"' in page
    db.refresh(risk)
    assert (risk.revision, risk.title) == (2, risk_data().title)


def test_auditors_and_management_read_but_see_no_forms(client, world, db, login_as):
    risk = make_risk(db, world.own.id)
    for role in (Role.AUDITOR, Role.MANAGEMENT):
        login_as(role)
        page = client.get(LIST).get_data(as_text=True)
        assert risk.title in page and "Nieuw risico" not in page and "Importeren" not in page
        assert "Bewerken" not in client.get(f"{REGISTER}/{risk.id}").get_data(as_text=True)
        assert client.post(f"{REGISTER}/{risk.id}/bewerken", data=form_data(revision="1")).status_code == 403
        client.post("/logout")
    assert count(db, RiskRevision) == 1


def test_register_filters(client, world, db, login_as):
    make_risk(db, world.own.id, title="Alpha", residual_likelihood=2, residual_impact=4)
    make_risk(db, world.own.id, title="Beta", treatment="transfer", residual_likelihood=1, residual_impact=1)
    make_risk(db, world.own.id, title="Gamma", status="closed")
    create_risk(
        session=db,
        organisation_id=world.own.id,
        data=accepted(title="Delta"),
        actor=Actor.system("test"),
        approved_by=APPROVED_BY,
    )
    db.commit()
    login_as(Role.AUDITOR)

    def titles(query: str) -> list[str]:
        page = client.get(f"{LIST}?{query}").get_data(as_text=True)
        return re.findall(r'<td><a href="/o/voorbeeld/risicos/\d+">([^<]+)</a></td>', page)

    assert titles("") == ["Alpha", "Beta", "Delta"]
    assert titles("status=all") == ["Alpha", "Beta", "Gamma", "Delta"]
    assert titles("behandeling=transfer") == ["Beta"]
    assert titles("q=alp") == ["Alpha"]
    assert titles("soort=rest&kans=1&impact=1") == ["Beta"]
    assert titles("soort=inherent&kans=4&impact=5") == ["Alpha", "Beta", "Delta"]
    assert titles("niveau=low") == ["Beta"]
    assert titles("verlopen=1") == []
    assert titles("status=onzin") == ["Alpha", "Beta", "Delta"]  # an invalid filter is shown and ignored


def test_the_register_as_of_a_date(client, world, db, login_as, monkeypatch):
    from datetime import UTC, datetime

    from core import clock

    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 1, 5, 10, tzinfo=UTC))
    risk = make_risk(db, world.own.id, title="Toen")
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 2, 5, 10, tzinfo=UTC))
    update_risk(
        session=db, risk=risk, data=risk_data(title="Nu"), expected_revision=1, actor=Actor.system("test")
    )
    db.commit()
    login_as(Role.AUDITOR)
    then = client.get(f"{LIST}?peildatum=2026-01-31").get_data(as_text=True)
    assert ">Toen<" in then and ">Nu<" not in then and "Stand per" in then
    assert ">Nu<" in client.get(LIST).get_data(as_text=True)
    assert "Het register is nog leeg." in text(client.get(f"{LIST}?peildatum=2025-12-31"))


def test_register_queries_do_not_grow_with_the_number_of_risks(client, world, db, login_as, count_queries):
    login_as(Role.AUDITOR)

    def queries() -> int:
        client.get(LIST)  # warm: a first view after a catalogue change also reads it (catalogue_cache)
        with count_queries() as counter:
            assert client.get(LIST).status_code == 200
        return counter.count

    make_risk(db, world.own.id)
    few = queries()
    for number in range(25):
        make_risk(db, world.own.id, title=f"Risico {number}", commit=False)
    db.commit()
    assert queries() == few
    client.get(f"{LIST}?peildatum=2030-01-01")
    with count_queries() as counter:
        client.get(f"{LIST}?peildatum=2030-01-01")
    assert counter.count == few - 1  # as of a date the acceptances waiting for approval are not read
    client.get("/o/voorbeeld/")  # the first view in a process also reads the catalogue (catalogue_cache)
    with count_queries() as counter:
        client.get("/o/voorbeeld/")
    dashboard = counter.count
    make_risk(db, world.own.id, title="Nog een")
    with count_queries() as counter:
        client.get("/o/voorbeeld/")
    assert counter.count == dashboard


def test_heatmap_page_links_cells_to_the_filtered_register(client, world, db, login_as):
    make_risk(db, world.own.id, residual_likelihood=2, residual_impact=4)
    make_risk(db, world.own.id, residual_likelihood=2, residual_impact=4)
    login_as(Role.MANAGEMENT)
    page = client.get(f"{REGISTER}/heatmap").get_data(as_text=True)
    assert page.count("<svg") == 2 and " style=" not in page
    assert 'href="/o/voorbeeld/risicos/?soort=rest&amp;kans=2&amp;impact=4"' in page
    assert "Kans 2 (Onwaarschijnlijk), impact 4 (Ernstig): 2 risico's, niveau midden" in html.unescape(page)
    assert "Als tabel" in page


def test_the_ciso_sets_the_matrix_and_can_restore_the_default(client, world, db, login_as):
    login_as(Role.CISO)
    page = client.get(f"{REGISTER}/matrix").get_data(as_text=True)
    data = {
        name: value for name, value in re.findall(r'name="([a-z_0-9]+)" type="text" value="([^"]*)"', page)
    }
    data.update({f"cell_{lk}_{im}": "low" for lk in range(1, 6) for im in range(1, 6)})
    data.update({"cell_5_5": "very_high", "appetite": "low", "certainty": "0.95", "likelihood_1": "Zelden"})
    data["impact_convention"] = "most_likely"
    assert client.post(f"{REGISTER}/matrix", data=data).status_code == 302
    settings = db.exec(select(RiskSettings)).one()
    assert (
        settings.appetite == "low" and settings.certainty == 0.95 and "Zelden" in settings.likelihood_labels
    )
    assert "Zelden" in client.get(f"{REGISTER}/heatmap").get_data(as_text=True)
    bad = dict(data, likelihood_2="")
    assert client.post(f"{REGISTER}/matrix", data=bad).status_code == 200
    assert client.post(f"{REGISTER}/matrix", data=dict(data, reset="1")).status_code == 302
    db.refresh(settings)
    assert settings.appetite == "medium" and "Zeer onwaarschijnlijk" in settings.likelihood_labels


def test_admin_does_not_edit_the_matrix(client, world, login_as):
    login_as(Role.ADMIN)
    assert client.get(f"{REGISTER}/matrix").status_code == 403


def test_excel_export_and_import_through_the_browser(client, world, db, login_as):
    make_risk(db, world.own.id)
    login_as(Role.CISO)
    response = client.get(f"{REGISTER}/export.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    assert "risicoregister-voorbeeld-" in response.headers["Content-Disposition"]
    content = response.data

    upload = {"file": (io.BytesIO(content), "register.xlsx"), "dry_run": "y"}
    page = client.post(f"{REGISTER}/import", data=upload, content_type="multipart/form-data")
    assert "Controle geslaagd" in page.get_data(as_text=True)
    upload = {"file": (io.BytesIO(content), "register.xlsx")}
    response = client.post(f"{REGISTER}/import", data=upload, content_type="multipart/form-data")
    assert response.status_code == 302 and count(db, RiskRevision) == 1


def test_a_clean_dry_run_offers_to_save_that_very_file(client, world, db, login_as):
    make_risk(db, world.own.id)
    login_as(Role.CISO)
    content = export_risks(session=db, organisation_id=world.own.id)
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    workbook["Risico's"]["C2"] = "Nieuwe titel"
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = {"file": (io.BytesIO(buffer.getvalue()), "register.xlsx"), "dry_run": "y"}
    page = client.post(f"{REGISTER}/import", data=upload, content_type="multipart/form-data").get_data(
        as_text=True
    )
    assert "Controle geslaagd" in page and "R-001: Titel" in page and count(db, RiskRevision) == 1
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', page)[1]
    assert client.post(f"{REGISTER}/import/opslaan", data={"token": token}).status_code == 302
    assert count(db, RiskRevision) == 2 and db.exec(select(Risk.title)).one() == "Nieuwe titel"


def test_a_bad_excel_file_is_reported_and_changes_nothing(client, world, db, login_as):
    make_risk(db, world.own.id)
    content = export_risks(session=db, organisation_id=world.own.id)
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Risico's"]
    sheet["C2"] = "Nieuwe titel"
    sheet["J2"] = 9
    buffer = io.BytesIO()
    workbook.save(buffer)
    login_as(Role.CISO)
    upload = {"file": (io.BytesIO(buffer.getvalue()), "register.xlsx")}
    page = client.post(f"{REGISTER}/import", data=upload, content_type="multipart/form-data").get_data(
        as_text=True
    )
    assert "Niets ingelezen: 1 probleem" in page
    assert "<td>R-001</td><td>Kans inherent</td><td>Tussen 1 en 5.</td>" in page
    upload = {"file": (io.BytesIO(b"hello"), "register.txt")}
    page = client.post(f"{REGISTER}/import", data=upload, content_type="multipart/form-data").get_data(
        as_text=True
    )
    assert "Alleen .xlsx-bestanden." in page
    assert count(db, RiskRevision) == 1 and db.exec(select(Risk.title)).one() != "Nieuwe titel"


def test_pc_moment_snapshot_and_comparison_in_the_browser(client, world, db, login_as):
    make_risk(db, world.own.id)
    login_as(Role.CISO)
    data = {"kind": "begroting", "year": "2027", "moment_on": "2026-11-01", "available_capacity": "900000"}
    response = client.post("/o/voorbeeld/pc/nieuw", data=data)
    assert response.status_code == 302
    moment_url = response.headers["Location"]
    assert "Momentopname maken" in client.get(moment_url).get_data(as_text=True)
    assert client.post(moment_url + "/momentopname", data={}).status_code == 302
    page = client.get(moment_url).get_data(as_text=True)
    assert "Weerstandsvermogen" in page and "ongewijzigd" in page and "Momentopname maken" not in page
    snapshot = db.exec(select(PCSnapshot)).one()
    client.post(moment_url + "/momentopname", data={})
    assert count(db, PCSnapshot) == 1
    assert client.get(moment_url + "/bewerken").status_code == 302  # frozen: back to the moment
    assert "gelijk aan het vastgelegde bedrag" in client.get(moment_url + "?controleer=1").get_data(
        as_text=True
    )

    second = create_moment(
        session=db,
        organisation_id=world.own.id,
        kind="tussenrapportage",
        year=2027,
        moment_on=date(2027, 6, 30),
        available_capacity=500_000,
        actor=Actor.system("test"),
    )
    make_risk(db, world.own.id, title="Nieuw sinds de begroting")
    take_snapshot(session=db, moment=second, scenarios=1000, actor=Actor.system("test"))
    db.commit()
    page = text(client.get(f"/o/voorbeeld/pc/vergelijken?van={snapshot.moment_id}&naar={second.id}"))
    assert 'Nieuwe risico\'s <span class="muted">(1)</span>' in page and "Nieuw sinds de begroting" in page
    assert "Begroting 2027" in client.get("/o/voorbeeld/pc/").get_data(as_text=True)


def test_bad_moment_input_changes_nothing(client, world, db, login_as):
    from risk.models import PCMoment

    login_as(Role.CISO)
    data = {"kind": "voorjaarsnota", "year": "1900", "moment_on": "morgen", "available_capacity": "-1"}
    assert client.post("/o/voorbeeld/pc/nieuw", data=data).status_code == 200
    assert count(db, PCMoment) == 0


def test_comparing_with_a_moment_of_another_organisation_is_not_found(client, world, db, login_as):
    elsewhere = create_moment(
        session=db,
        organisation_id=world.other.id,
        kind="begroting",
        year=2026,
        moment_on=date(2025, 11, 1),
        available_capacity=1,
        actor=Actor.system("test"),
    )
    db.commit()
    login_as(Role.AUDITOR)
    assert (
        client.get(f"/o/voorbeeld/pc/vergelijken?van={elsewhere.id}&naar={elsewhere.id}").status_code == 404
    )


def test_the_dashboard_shows_heatmaps_top_risks_expired_acceptances_and_figures(client, world, db, login_as):
    make_risk(db, world.own.id, title="Hoog restrisico", residual_likelihood=4, residual_impact=5)
    create_risk(
        session=db,
        organisation_id=world.own.id,
        data=accepted(title="Verlopen acceptatie", acceptance_expires_on=date(2026, 2, 1)),
        actor=Actor.system("test"),
        approved_by=APPROVED_BY,
    )
    moment = create_moment(
        session=db,
        organisation_id=world.own.id,
        kind="begroting",
        year=2026,
        moment_on=date(2025, 11, 1),
        available_capacity=10_000_000,
        actor=Actor.system("test"),
    )
    take_snapshot(session=db, moment=moment, scenarios=1000, actor=Actor.system("test"))
    db.commit()
    login_as(Role.MANAGEMENT)
    page = text(client.get("/o/voorbeeld/"))
    assert page.count("<svg") == 4  # the two heatmaps, and the two compliance trends of the plan panel
    assert page.count('class="heatmap"') == 2
    assert "Top 10 restrisico's" in page and "Hoog restrisico" in page
    assert "Verlopen acceptaties" in page and "Verlopen acceptatie" in page
    # 10 M available against the information-security risks alone was "A: uitstekend"; without the begroting's
    # totals there is no rating, and the convention is named with the figure
    assert "Begroting 2026" in page and "uitstekend" not in page
    assert "driehoeksverdeling over minimum, meest waarschijnlijk en maximum" in page
    enter_figures(
        session=db,
        moment=moment,
        available_capacity=10_000_000,
        other_required_capacity=4_000_000,
        certainty=0.9,
        actor=Actor.system("test"),
    )
    db.commit()
    page = html.unescape(text(client.get("/o/voorbeeld/")))
    ((_m, _s, weerstand),) = weerstand_history(session=db, organisation_id=world.own.id)
    assert weerstand.rating is not None and RATING[weerstand.rating] in page
    assert "over alle risico's van de gemeente" in page


def test_pages_work_in_english(client, world, db, login_as):
    make_risk(db, world.own.id)
    login_as(Role.CISO)
    with client.session_transaction() as session:
        session["locale"] = "en"
    page = client.get(LIST).get_data(as_text=True)
    assert "Risk register" in page and "reduce" in page
    assert "Likelihood" in client.get(f"{REGISTER}/heatmap").get_data(as_text=True)


def test_risk_text_is_escaped_everywhere(client, world, db, login_as):
    payload = '<script>alert("x")</script>'
    make_risk(db, world.own.id, title=payload, owner=payload, description=payload)
    login_as(Role.CISO)
    risk_id = db.exec(select(Risk.id)).one()
    for url in (LIST, f"{REGISTER}/{risk_id}", "/o/voorbeeld/"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page, url


def test_every_rule_of_the_risk_area_is_worded_for_the_user(app):
    """Each code the domain gives (risk.rules, risk.pc, risk.matrix) has its words in app/risks/problems.py."""
    from dataclasses import replace as changed

    from app.problems import known_codes
    from risk.matrix import DEFAULT_MATRIX
    from risk.pc import _moment_problems
    from risk.rules import MAX_NAME, MAX_TEXT

    long_name, long_text = "x" * (MAX_NAME + 1), "x" * (MAX_TEXT + 1)
    broken = [
        risk_data(title=" ", owner=""),
        risk_data(
            title=long_name, owner=long_name, description=long_text, cause=long_text, consequence=long_text
        ),
        risk_data(inherent_likelihood=0, inherent_impact=6, residual_likelihood=None, residual_impact=9),
        risk_data(inherent_impact=4, residual_likelihood=5, residual_impact=5, treatment="x", status="y"),
        risk_data(aspects=("z",)),
        risk_data(impact_areas=("w",), probability=40, impact_minimum=-1),
        risk_data(impact_minimum=10**6, impact_maximum=None),
        risk_data(impact_minimum=10**6),
        accepted(accepted_by="", accepted_on=None, acceptance_expires_on=None),
        accepted(accepted_by=long_name, acceptance_expires_on=date(2026, 1, 1)),
    ]
    codes = {problem.code for data in broken for problem in data.problems()}
    codes |= {problem.code for problem in _moment_problems("x", 1999, None, -1)}
    bad_matrix = changed(
        DEFAULT_MATRIX, likelihood_labels=("",), impact_labels=(), appetite="x", certainty=0.5
    )
    codes |= {problem.code for problem in bad_matrix.problems()}
    codes |= {problem.code for problem in changed(DEFAULT_MATRIX, levels=(("x",) * 5,) * 5).problems()}
    assert codes - known_codes() == set()

"""The scope pages: the register and an item per role, creating a system, its quickscan, linking a risk and the
gap that disappears, suppliers, the scope statement, exceptions per system, and the query counts of list pages."""

from __future__ import annotations

from sqlmodel import select

from core.models import Role
from risk.register import create_risk
from scope.models import AnswerException, Quickscan, ScopeItem, ScopeStatement, Supplier, SupplierEvidence
from scope.quickscan import question_set
from tests.risk.factories import risk_data
from tests.scope.factories import ACTOR, classify_high, make_item

LIST = "/o/voorbeeld/scope/"


def test_every_role_reads_the_register_and_only_the_ciso_sees_the_buttons(client, world, db, login_as):
    make_item(db, world.own.id, name="Zaaksysteem")
    make_item(db, world.other.id, name="Geheim systeem van de ander")
    db.commit()
    login_as(Role.CISO)
    assert "Nieuw informatiesysteem" in client.get(LIST).get_data(as_text=True)
    for role in (Role.AUDITOR, Role.MANAGEMENT):
        client.post("/logout")
        login_as(role)
        page = client.get(LIST).get_data(as_text=True)
        assert "Zaaksysteem" in page and "Geheim systeem" not in page
        assert "Nieuw informatiesysteem" not in page


def test_the_ciso_adds_a_system_runs_its_quickscan_and_links_a_risk(client, world, db, login_as):
    login_as(Role.CISO)
    process = make_item(db, world.own.id, "process", name="Burgerzaken")
    db.add(Supplier(organisation_id=world.own.id, name="Wolk Inc.", jurisdiction="non_eu"))
    risk = create_risk(
        session=db, organisation_id=world.own.id, data=risk_data(title="Uitval"), actor=ACTOR
    ).risk
    db.commit()
    response = client.post(
        f"{LIST}nieuw?soort=systeem",
        data={
            "name": "BRP-koppeling",
            "owner": "Hoofd Burgerzaken",
            "information_kinds": ["personal", "special_personal"],
            "hosting": "non_eu_cloud",
            "jurisdiction": "non_eu",
            "in_scope": "y",
            "processes": [process.reference],
            "suppliers": ["Wolk Inc."],
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    system = db.exec(select(ScopeItem).where(ScopeItem.name == "BRP-koppeling")).one()
    answers = {f"q_{q.id.replace('.', '__')}": "low" for q in question_set().questions}
    answers["q_confidentiality__political"] = "high"
    assert client.post(f"{LIST}{system.id}/quickscan", data=answers).status_code == 302
    db.refresh(system)
    assert (system.confidentiality, system.outcome) == ("high", "risk_analysis_needed")
    assert db.exec(select(Quickscan)).one().performed_by_id == world.user(Role.CISO).id
    page = client.get(f"{LIST}{system.id}").get_data(as_text=True)
    assert "gap-notice" in page
    assert "risicoanalyse ontbreekt" in client.get("/o/voorbeeld/").get_data(as_text=True)
    assert client.post(f"{LIST}{system.id}/risicos", data={"risk": risk.id}).status_code == 302
    page = client.get(f"{LIST}{system.id}").get_data(as_text=True)
    assert "gap-notice" not in page and risk.reference in page
    dashboard = client.get("/o/voorbeeld/").get_data(as_text=True)
    assert "risicoanalyse ontbreekt" not in dashboard
    assert "Digitale soevereiniteit" in dashboard and "1 van 1 informatiesystemen" in dashboard
    risk_page = client.get(f"/o/voorbeeld/risicos/{risk.id}").get_data(as_text=True)
    assert "BRP-koppeling" in risk_page


def test_an_unanswered_quickscan_records_nothing(client, world, db, login_as):
    login_as(Role.CISO)
    system = make_item(db, world.own.id)
    db.commit()
    response = client.post(f"{LIST}{system.id}/quickscan", data={"q_availability__political": "high"})
    assert response.status_code == 200
    assert db.exec(select(Quickscan)).all() == []


def test_a_foreign_risk_cannot_be_linked(client, world, db, login_as):
    login_as(Role.CISO)
    system = make_item(db, world.own.id)
    foreign = create_risk(session=db, organisation_id=world.other.id, data=risk_data(), actor=ACTOR).risk
    db.commit()
    client.post(f"{LIST}{system.id}/risicos", data={"risk": foreign.id})
    page = client.get(f"{LIST}{system.id}").get_data(as_text=True)
    assert foreign.title not in page


def test_an_auditor_cannot_change_anything(client, world, db, login_as):
    login_as(Role.AUDITOR)
    system = make_item(db, world.own.id)
    db.commit()
    assert client.post(f"{LIST}nieuw?soort=systeem", data={"name": "X", "owner": "Y"}).status_code == 403
    assert client.post(f"{LIST}{system.id}/quickscan", data={}).status_code == 403


def test_suppliers_their_evidence_and_the_expiry_on_the_dashboard(client, world, db, login_as):
    login_as(Role.CISO)
    response = client.post(
        "/o/voorbeeld/leveranciers/nieuw",
        data={
            "name": "Gemeente Buurdorp",
            "jurisdiction": "nl",
            "services": "ICT",
            "exit_strategy": "Opzeggen",
        },
    )
    assert response.status_code == 302
    supplier = db.exec(select(Supplier)).one()
    duplicate = client.post(
        "/o/voorbeeld/leveranciers/nieuw", data={"name": "Gemeente Buurdorp", "jurisdiction": "nl"}
    )
    assert duplicate.status_code == 200 and "al een leverancier" in duplicate.get_data(as_text=True)
    client.post(
        f"/o/voorbeeld/leveranciers/{supplier.id}/zekerheid",
        data={"kind": "iso27001", "issued_on": "2024-01-01", "expires_on": "2025-01-01"},
    )
    assert db.exec(select(SupplierEvidence)).one().kind == "iso27001"
    assert "ISO 27001-certificaat" in client.get("/o/voorbeeld/").get_data(as_text=True)
    client.post(
        f"/o/voorbeeld/leveranciers/{supplier.id}/zekerheid",
        data={"kind": "pentest", "issued_on": "2024-01-01", "expires_on": "2023-01-01"},
    )
    assert len(db.exec(select(SupplierEvidence)).all()) == 1  # expiry before issue: refused


def test_the_scope_statement_is_versioned_with_its_items(client, world, db, login_as):
    login_as(Role.CISO)
    make_item(db, world.own.id, name="Zaaksysteem")
    make_item(db, world.own.id, name="Oud systeem", in_scope=False)
    db.commit()
    client.post("/o/voorbeeld/scope/reikwijdte", data={"text": "Het hele gemeentehuis."})
    client.post("/o/voorbeeld/scope/reikwijdte", data={"text": "Het hele gemeentehuis en de milieustraat."})
    statements = db.exec(select(ScopeStatement).order_by(ScopeStatement.number)).all()
    assert [s.number for s in statements] == [1, 2]
    assert "Zaaksysteem" in statements[1].items_json and "Oud systeem" not in statements[1].items_json
    page = client.get("/o/voorbeeld/scope/reikwijdte").get_data(as_text=True)
    assert "milieustraat" in page and "Versie 2" in page


def test_an_answer_is_refined_per_system(client, world, db, login_as, mini_catalogue):
    from datetime import date

    from controls.answers import record_answer
    from controls.models import Requirement
    from controls.rules import AnswerValues

    login_as(Role.CISO)
    requirement = db.exec(select(Requirement).where(Requirement.code == "5.01.01")).one()
    values = AnswerValues(
        applicability="applicable",
        implementation="implemented",
        design="sufficient",
        last_reviewed_on=date(2026, 1, 5),
    )
    record_answer(
        session=db,
        organisation_id=world.own.id,
        requirement_id=requirement.id,
        values=values,
        base_revision=0,
        actor=ACTOR,
    )
    system = make_item(db, world.own.id)
    db.commit()
    client.post(
        f"{LIST}{system.id}/uitzonderingen", data={"requirement": "5.01.01", "reason": "Kiosk zonder beleid"}
    )
    assert db.exec(select(AnswerException)).one().reason == "Kiosk zonder beleid"
    assert "Kiosk zonder beleid" in client.get(f"{LIST}{system.id}").get_data(as_text=True)
    client.post(
        f"{LIST}{system.id}/uitzonderingen", data={"requirement": "5.02.01", "reason": "Geen antwoord"}
    )
    assert len(db.exec(select(AnswerException)).all()) == 1
    client.post(f"{LIST}{system.id}/uitzonderingen/5.01.01/verwijderen")
    assert db.exec(select(AnswerException)).all() == []


def test_list_pages_do_not_grow_with_the_register(client, world, db, login_as, count_queries):
    login_as(Role.AUDITOR)

    def queries(url: str) -> int:
        client.get(url)  # warm: a first view after a catalogue change also reads it (catalogue_cache)
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    first = make_item(db, world.own.id)
    classify_high(db, first)
    db.commit()
    few = {url: queries(url) for url in (LIST, "/o/voorbeeld/", "/o/voorbeeld/leveranciers/")}
    for number in range(15):
        item = make_item(db, world.own.id, name=f"Systeem {number}", hosting="non_eu_cloud")
        classify_high(db, item)
        db.add(Supplier(organisation_id=world.own.id, name=f"Leverancier {number}", jurisdiction="eu"))
    db.commit()
    assert {url: queries(url) for url in few} == few

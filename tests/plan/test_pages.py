"""The plan's pages: actions with links, what lacks an action, approvals on the answer and risk forms, the
SoA adoption, findings by auditors, the requirement page, the dashboard; and their query counts."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from sqlmodel import delete, select

from controls.answers import answer_of, current_revision
from core.models import Role
from plan.models import Action, ActionLink, Approval, Finding, SoaAdoption
from reports.models import ReportRecord
from risk.models import Risk
from tests.plan.factories import make_action, planned_answer, requirement
from tests.risk.test_web import form_data as risk_form

ORG = "/o/voorbeeld"
ANSWER = {
    "base_revision": "0",
    "applicability": "not_applicable",
    "design": "not_assessed",
    "existence": "not_assessed",
    "operation": "not_assessed",
    "explanation": "Wij hebben geen eigen rekencentrum.",
    "owner": "",
    "last_reviewed_on": "2026-03-12",
}


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_the_ciso_makes_an_action_with_links_and_edits_it(client, db, world, mini_catalogue, login_as):
    login_as(Role.CISO)
    page = client.get(f"{ORG}/acties/nieuw?eis=5.01.01")
    assert page.status_code == 200 and 'value="5.01.01"' in page.get_data(as_text=True)
    data = {
        "title": "Beleid laten vaststellen",
        "owner_name": "Jan Beleid",
        "due_on": "2026-06-01",
        "status": "open",
    }
    response = client.post(f"{ORG}/acties/nieuw", data={**data, "requirement_codes": "5.01.01, 9.99"})
    assert response.status_code == 200 and "9.99" in text(response)
    assert db.exec(select(Action)).all() == []
    response = client.post(f"{ORG}/acties/nieuw", data={**data, "requirement_codes": "5.01.01"})
    assert response.status_code == 302
    action = db.exec(select(Action)).one()
    assert [link.kind for link in db.exec(select(ActionLink))] == ["requirement"]
    edit = {**data, "revision": "1", "status": "done", "requirement_codes": ""}
    assert client.post(f"{ORG}/acties/{action.id}/bewerken", data=edit).status_code == 302
    db.refresh(action)
    assert action.status == "done" and action.revision == 2
    assert db.exec(select(ActionLink)).all() == []
    page = text(client.get(f"{ORG}/acties/{action.id}"))
    assert "Revisie 2" in page and "gereed" in page


def test_a_refused_action_form_has_an_error_summary_linking_to_the_field(client, world, login_as):
    login_as(Role.CISO)
    page = text(
        client.post(f"{ORG}/acties/nieuw", data={"title": "x", "status": "open", "owner_name": "Piet"})
    )
    assert "data-error-summary" in page and 'href="#due_on"' in page


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.MANAGEMENT, Role.ADMIN])
def test_only_the_ciso_edits_actions(client, world, login_as, role):
    login_as(role)
    assert client.post(f"{ORG}/acties/nieuw", data={"title": "x"}).status_code == 403


def test_the_list_filters_overdue_and_its_queries_do_not_grow(client, db, world, login_as, count_queries):
    login_as(Role.CISO)
    make_action(db, world.own.id, due_on=date(2020, 1, 1))
    db.commit()
    with count_queries() as few:
        assert client.get(f"{ORG}/acties/").status_code == 200
    for n in range(8):
        make_action(db, world.own.id, due_on=date(2030, 1, n + 1), title=f"Actie {n}")
    db.commit()
    with count_queries() as many:
        page = text(client.get(f"{ORG}/acties/"))
    assert many.count == few.count and "Actie 7" in page
    overdue = text(client.get(f"{ORG}/acties/?achterstallig=1"))
    assert "A-001" in overdue and "Actie 7" not in overdue


def test_the_gaps_page_lists_and_closes_what_lacks_an_action(client, db, world, mini_catalogue, login_as):
    planned_answer(db, world.own.id, "5.01.02")
    db.exec(delete(ActionLink))  # as recorded before the plan existed (a save now makes the action)
    db.commit()
    login_as(Role.CISO)
    assert "5.01.02" in text(client.get(f"{ORG}/acties/zonder-actie"))
    assert client.post(f"{ORG}/acties/zonder-actie", data={}).status_code == 302
    assert "Alles wat een actie nodig heeft" in text(client.get(f"{ORG}/acties/zonder-actie"))


def test_saving_a_planned_answer_makes_its_action(client, db, world, mini_catalogue, login_as):
    login_as(Role.CISO)
    data = {
        **ANSWER,
        "applicability": "applicable",
        "implementation": "planned",
        "planned_on": "2026-09-01",
        "owner": "Teamleider ICT",
    }
    assert client.post(f"{ORG}/eisen/5.01.01", data=data).status_code == 302
    action = db.exec(select(Action)).one()
    assert action.due_on == date(2026, 9, 1) and action.owner_name == "Teamleider ICT"
    page = text(client.get(f"{ORG}/eisen/5.01.01"))
    assert action.reference in page and "Risico's, acties en bevindingen" in page


def test_a_refused_answer_shows_the_summary_at_the_top(client, world, mini_catalogue, login_as):
    login_as(Role.CISO)
    page = text(client.post(f"{ORG}/eisen/5.01.01", data={**ANSWER, "explanation": ""}))
    summary = page.index("data-error-summary")
    assert summary < page.index("answer-heading") and 'href="#explanation"' in page


def test_an_answered_requirement_has_one_evidence_form(client, db, world, mini_catalogue, login_as):
    planned_answer(db, world.own.id, "5.01.01")
    db.commit()
    login_as(Role.CISO)
    page = text(client.get(f"{ORG}/eisen/5.01.01"))
    assert page.count('type="file"') == 1


def test_not_applicable_waits_for_a_second_person(client, db, world, mini_catalogue, login_as):
    login_as(Role.CISO)
    response = client.post(f"{ORG}/eisen/5.01.01", data=ANSWER)
    assert response.status_code == 302
    found = requirement(db, "5.01.01")
    assert answer_of(session=db, organisation_id=world.own.id, requirement_id=found.id) is None
    approval = db.exec(select(Approval)).one()
    assert approval.state == "pending"
    assert "Ter goedkeuring" in text(client.get(f"{ORG}/eisen/5.01.01"))
    refused = client.post(f"{ORG}/goedkeuringen/{approval.id}", data={"approve": "1"})
    assert refused.status_code == 422 and "eigen voorstel" in text(refused)
    client.post("/logout")
    login_as(Role.MANAGEMENT)
    assert "wacht op u" in text(client.get(f"{ORG}/goedkeuringen/"))
    assert client.post(f"{ORG}/goedkeuringen/{approval.id}", data={"reject": "1"}).status_code == 422
    assert client.post(f"{ORG}/goedkeuringen/{approval.id}", data={"approve": "1"}).status_code == 302
    answer = answer_of(session=db, organisation_id=world.own.id, requirement_id=found.id)
    revision = current_revision(session=db, answer_id=answer.id)
    assert revision.applicability == "not_applicable" and "goedgekeurd door" in revision.note
    assert revision.author_name == (world.user(Role.CISO).name or world.user(Role.CISO).email)


def test_without_the_policy_not_applicable_is_saved_at_once(client, db, world, mini_catalogue, login_as):
    login_as(Role.ADMIN)
    client.post(f"{ORG}/goedkeuringen/instellingen", data={"risk_acceptance": "y", "soa_adoption": "y"})
    client.post("/logout")
    login_as(Role.CISO)
    assert client.post(f"{ORG}/eisen/5.01.01", data=ANSWER).status_code == 302
    assert db.exec(select(Approval)).all() == []


def test_a_risk_acceptance_waits_for_management(client, db, world, login_as):
    login_as(Role.CISO)
    data = risk_form(
        treatment="accept",
        status="monitoring",
        accepted_by="College van B&W",
        accepted_on="2026-01-01",
        acceptance_expires_on="2026-12-31",
    )
    assert client.post(f"{ORG}/risicos/nieuw", data=data).status_code == 302
    assert db.exec(select(Risk)).all() == []
    approval = db.exec(select(Approval)).one()
    client.post("/logout")
    login_as(Role.AUDITOR)
    assert client.post(f"{ORG}/goedkeuringen/{approval.id}", data={"approve": "1"}).status_code == 403
    client.post("/logout")
    login_as(Role.MANAGEMENT)
    assert client.post(f"{ORG}/goedkeuringen/{approval.id}", data={"approve": "1"}).status_code == 302
    risk = db.exec(select(Risk)).one()
    assert risk.treatment == "accept" and risk.accepted_by == "College van B&W"


def test_the_soa_is_adopted_frozen_and_reported(client, db, world, mini_catalogue, login_as):
    planned_answer(db, world.own.id, "5.01.01")
    db.commit()
    login_as(Role.CISO)
    data = {"body": "college van B&W", "adopted_on": "2026-03-10"}
    assert client.post(f"{ORG}/vvt/vaststellen", data=data).status_code == 302
    approval = db.exec(select(Approval)).one()
    client.post("/logout")
    login_as(Role.MANAGEMENT)
    assert client.post(f"{ORG}/goedkeuringen/{approval.id}", data={"approve": "1"}).status_code == 302
    adoption = db.exec(select(SoaAdoption)).one()
    assert adoption.body == "college van B&W" and adoption.number == 1
    page = text(client.get(f"{ORG}/vvt/versies/1"))
    assert "5.01.01" in page and "gepland" in page
    client.post("/logout")
    login_as(Role.CISO)
    assert client.post(f"{ORG}/vvt/versies/1/rapport", data={}).status_code == 302
    record = db.exec(select(ReportRecord)).one()
    assert record.parameters["adoption"] == 1


def test_an_auditor_writes_a_finding_and_the_ciso_responds_with_an_action(
    client, db, world, mini_catalogue, login_as
):
    login_as(Role.AUDITOR)
    data = {"title": "Beleid niet vastgesteld", "requirement_code": "5.01.01", "severity": "significant"}
    assert (
        client.post(f"{ORG}/bevindingen/nieuw", data={**data, "reference_date": "2026-01-31"}).status_code
        == 302
    )
    finding = db.exec(select(Finding)).one()
    assert finding.reference == "B-001" and finding.requirement_id == requirement(db, "5.01.01").id
    assert client.post(f"{ORG}/eisen/5.01.01", data=ANSWER).status_code == 403
    assert client.post(f"{ORG}/risicos/nieuw", data=risk_form()).status_code == 403
    client.post("/logout")
    login_as(Role.CISO)
    assert client.post(f"{ORG}/bevindingen/nieuw", data=data).status_code == 403
    reply = {"response": "Wordt in april vastgesteld."}
    assert client.post(f"{ORG}/bevindingen/{finding.id}/reactie", data=reply).status_code == 302
    action = {"title": "Beleid vaststellen", "owner_name": "Jan", "due_on": "2026-04-30", "status": "open"}
    assert client.post(f"{ORG}/acties/nieuw", data={**action, "bevinding": finding.id}).status_code == 302
    link = db.exec(select(ActionLink).where(ActionLink.kind == "finding")).one()
    assert link.target_id == finding.id
    page = text(client.get(f"{ORG}/bevindingen/{finding.id}"))
    assert "Wordt in april vastgesteld." in page and "A-001" in page
    assert "B-001" in text(client.get(f"{ORG}/eisen/5.01.01"))


def test_a_foreign_finding_is_not_linked(client, db, world, login_as):
    from plan.findings import FindingData, record_finding
    from tests.plan.factories import TEST

    foreign = record_finding(
        session=db,
        organisation_id=world.other.id,
        data=FindingData(title="x", severity="minor", reference_date=date(2026, 1, 1)),
        actor=TEST,
    )
    db.commit()
    login_as(Role.CISO)
    action = {
        "title": "Iets",
        "owner_name": "Jan",
        "due_on": "2026-04-30",
        "status": "open",
        "bevinding": foreign.id,
    }
    assert client.post(f"{ORG}/acties/nieuw", data=action).status_code == 302
    assert db.exec(select(ActionLink)).all() == []


def test_the_dashboard_opens_with_the_decisions_and_the_trend(
    client, db, world, mini_catalogue, login_as, count_queries
):
    make_action(db, world.own.id, due_on=date(2020, 1, 1))
    planned_answer(db, world.own.id, "5.01.01", planned_on=date(2027, 6, 1))  # its action is not late
    db.commit()
    login_as(Role.MANAGEMENT)
    client.get(f"{ORG}/")  # the first view in a process also reads the catalogue (catalogue_cache)
    with count_queries() as few:
        page = text(client.get(f"{ORG}/"))
    assert page.index("Waar het bestuur over beslist") < page.index("Informatiebeveiligingsrisico's")
    assert "1 actie uit het verbeterplan is te laat." in page
    assert page.count('class="trend"') == 2 and "Wacht op uw goedkeuring" in page
    for n in range(5):
        planned_answer(db, world.other.id, "5.01.01") if n == 0 else None
        make_action(db, world.own.id, due_on=date(2020, 2, n + 1))
    db.commit()
    with count_queries() as many:
        client.get(f"{ORG}/")
    assert many.count == few.count


def test_the_ciso_sees_te_doen(client, db, world, login_as):
    make_action(db, world.own.id, due_on=date(2020, 1, 1), title="Back-ups testen")
    db.commit()
    login_as(Role.CISO)
    page = text(client.get(f"{ORG}/"))
    assert "Te doen" in page and "Back-ups testen" in page


def test_plan_pages_have_no_inline_script_or_style(client, db, world, mini_catalogue, login_as):
    action = make_action(db, world.own.id)
    db.commit()
    login_as(Role.CISO)
    for url in (
        f"{ORG}/acties/",
        f"{ORG}/acties/{action.id}",
        f"{ORG}/goedkeuringen/",
        f"{ORG}/bevindingen/",
        f"{ORG}/",
    ):
        page = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)|\sstyle=", page), url

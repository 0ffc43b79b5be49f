"""The improvement plan through the API: actions (paging, overdue, one with its revisions, If-Match), approvals
(a n.v.t. through the API waits for a second person: 202; never the proposer; reject needs a reason), findings
(auditors record, the CISO responds), adoptions, and the plan's action made after an answer save."""

from __future__ import annotations

from datetime import date

from core.actor import Actor
from core.models import Role
from plan.actions import ActionData, create_action

ORG = "/api/v1/organisations/voorbeeld"
ACTION = {"title": "Back-up testen", "owner_name": "Jan", "due_on": "2099-06-30"}


def test_actions_list_detail_create_change(api, token_for, mini_catalogue):
    writer = api(token_for(Role.CISO, "write"))
    first = writer.post(f"{ORG}/actions", json={**ACTION, "requirement_codes": ["5.01.01"]})
    assert first.status_code == 201, first.json
    assert first.json["reference"] == "A-001" and first.headers["ETag"] == f'"action-{first.json["id"]}-1"'
    assert [link["kind"] for link in first.json["links"]] == ["requirement"]
    late = writer.post(f"{ORG}/actions", json={**ACTION, "title": "Oud", "due_on": "2020-01-01"})
    assert late.status_code == 201

    page = writer.get(f"{ORG}/actions?per_page=1")
    assert page.json["total"] == 2 and page.json["next"] and len(page.json["items"]) == 1
    overdue = writer.get(f"{ORG}/actions?overdue=true").json
    assert [a["title"] for a in overdue["items"]] == ["Oud"] and overdue["items"][0]["overdue"]

    url = f"{ORG}/actions/{first.json['id']}"
    change = {**ACTION, "status": "in_progress"}
    assert writer.put(url, json=change).status_code == 428
    assert writer.put(url, json=change, headers={"If-Match": '"action-0-1"'}).status_code == 412
    changed = writer.put(url, json=change, headers={"If-Match": first.headers["ETag"]})
    assert changed.status_code == 200, changed.json
    assert changed.json["status"] == "in_progress" and changed.json["links"] == []
    assert [r["number"] for r in writer.get(url).json["revisions"]] == [1, 2]

    unknown = writer.post(f"{ORG}/actions", json={**ACTION, "risk_references": ["R-999"]})
    assert unknown.status_code == 422
    assert unknown.json["problems"][0]["code"] == "action.unknown_risks"
    # ids are INTEGER on PostgreSQL: one past the largest is refused as input, never "integer out of range"
    past = writer.put(url, json={**change, "owner_id": 2**31}, headers={"If-Match": "*"})
    assert past.status_code == 422, past.json
    assert writer.get(f"{ORG}/actions/{2**31}").status_code == 404


def test_another_organisations_action_is_not_found(api, token_for, db, world):
    theirs = create_action(
        session=db,
        organisation_id=world.other.id,
        data=ActionData(title="Hun actie", owner_name="X", due_on=date(2026, 6, 1)),
        actor=Actor.system("test"),
    )
    db.commit()
    reader = api(token_for(Role.CISO, "write"))
    assert reader.get(f"{ORG}/actions/{theirs.id}").status_code == 404
    changed = reader.put(f"{ORG}/actions/{theirs.id}", json=ACTION, headers={"If-Match": "*"})
    assert changed.status_code == 404


def test_auditors_and_management_read_the_plan(api, token_for):
    """Their tokens only read (core.tokens.WRITING_ROLES): findings and approvals of theirs go through the
    pages; every change through the API is refused."""
    for role in (Role.AUDITOR, Role.MANAGEMENT):
        client = api(token_for(role))
        assert client.get(f"{ORG}/actions").status_code == 200
        assert client.get(f"{ORG}/findings").status_code == 200
        assert client.post(f"{ORG}/actions", json=ACTION).status_code == 403
        finding = {"title": "X", "severity": "minor", "reference_date": "2026-01-05"}
        assert client.post(f"{ORG}/findings", json=finding).status_code == 403


NOT_APPLICABLE = {
    "applicability": "not_applicable",
    "explanation": "Geen eigen rekencentrum.",
    "last_reviewed_on": "2026-01-05",
}


def test_not_applicable_waits_for_approval_never_the_proposers(api, token_for, mini_catalogue):
    ciso = api(token_for(Role.CISO, "write"))
    proposed = ciso.post(f"{ORG}/answers", json={**NOT_APPLICABLE, "requirement_code": "5.01.01"})
    assert proposed.status_code == 202, proposed.json
    approval = proposed.json
    assert approval["state"] == "pending" and approval["kind"] == "not_applicable"
    assert proposed.headers["Location"].endswith(f"/approvals/{approval['id']}")
    assert ciso.get(f"{ORG}/answers/5.01.01").json["answer"] is None  # undecided until approved
    assert ciso.get(f"{ORG}/approvals/{approval['id']}").json["subject"] == "5.01.01"

    url = f"{ORG}/approvals/{approval['id']}"
    own = ciso.post(f"{url}/approve", json={})
    assert own.status_code == 422 and own.json["problems"][0]["code"] == "approval.own_proposal"
    assert ciso.get(f"{ORG}/approvals").json["total"] == 0  # not waiting for its proposer
    assert api(token_for(Role.MANAGEMENT)).get(f"{ORG}/approvals").json["total"] == 1


def _proposed_by_management(db, world, code: str):
    from sqlmodel import select

    from controls.models import Requirement
    from controls.rules import AnswerValues
    from plan.approvals import propose_answer

    requirement = db.exec(select(Requirement).where(Requirement.code == code)).one()
    manager = world.user(Role.MANAGEMENT)
    made = propose_answer(
        session=db,
        organisation_id=world.own.id,
        requirement=requirement,
        values=AnswerValues(
            applicability="not_applicable",
            explanation="Geen eigen rekencentrum.",
            last_reviewed_on=date(2026, 1, 5),
        ),
        base_revision=0,
        actor=Actor(user_id=manager.id, name="Wethouder"),
    )
    db.commit()
    return made.id


def test_the_ciso_approves_or_rejects_anothers_proposal(api, token_for, db, world, mini_catalogue):
    ciso = api(token_for(Role.CISO, "write"))
    url = f"{ORG}/approvals/{_proposed_by_management(db, world, '5.01.01')}"
    assert ciso.get(f"{ORG}/approvals").json["total"] == 1
    no_reason = ciso.post(f"{url}/reject", json={"reason": " "})
    assert no_reason.status_code == 422
    assert no_reason.json["problems"][0]["code"] == "approval.reason_required"
    assert api(token_for(Role.CISO)).post(f"{url}/approve", json={}).status_code == 403  # read token
    approved = ciso.post(f"{url}/approve", json={})
    assert approved.status_code == 200, approved.json
    assert approved.json["state"] == "approved"
    assert ciso.get(f"{ORG}/answers/5.01.01").json["answer"]["applicability"] == "not_applicable"
    again = ciso.post(f"{ORG}/answers", json={**NOT_APPLICABLE, "requirement_code": "5.01.01"})
    assert again.status_code == 409  # answered: a change is a PUT with If-Match
    again = ciso.post(f"{url}/reject", json={"reason": "Toch niet."})
    assert again.status_code == 422 and again.json["problems"][0]["code"] == "approval.not_pending"


def test_a_planned_answer_gets_its_action(api, token_for, mini_catalogue):
    ciso = api(token_for(Role.CISO, "write"))
    body = {
        "applicability": "applicable",
        "implementation": "planned",
        "planned_on": "2026-09-01",
        "explanation": "Na de aanbesteding.",
        "owner": "Team ICT",
        "last_reviewed_on": "2026-01-05",
        "requirement_code": "5.01.01",
    }
    made = ciso.post(f"{ORG}/answers", json=body)
    assert made.status_code == 201, made.json
    actions = ciso.get(f"{ORG}/actions").json["items"]
    assert [(a["due_on"], a["links"][0]["kind"]) for a in actions] == [("2026-09-01", "requirement")]


def test_findings_and_adoptions(api, token_for, db, world, mini_catalogue):
    from sqlmodel import select

    from controls.models import Requirement
    from plan.findings import FindingData, record_finding

    requirement = db.exec(select(Requirement).where(Requirement.code == "5.01.01")).one()
    auditor = world.user(Role.AUDITOR)
    made = record_finding(
        session=db,
        organisation_id=world.own.id,
        data=FindingData(
            title="Geen hersteltest",
            severity="significant",
            reference_date=date(2026, 1, 5),
            requirement_id=requirement.id,
        ),
        actor=Actor(user_id=auditor.id, name="Auditor"),
    )
    db.commit()
    reader = api(token_for(Role.AUDITOR))
    listing = reader.get(f"{ORG}/findings?requirement=5.01.01").json
    assert listing["total"] == 1 and listing["items"][0]["reference"] == "B-001"
    assert listing["items"][0]["requirement_code"] == "5.01.01"
    url = f"{ORG}/findings/{made.id}"
    ciso = api(token_for(Role.CISO, "write"))
    answered = ciso.post(f"{url}/response", json={"response": "Wij testen in maart."})
    assert answered.status_code == 200 and answered.json["response"] == "Wij testen in maart."
    assert reader.get(url).json["responded_by"]
    assert ciso.post(f"{url}/response", json={"response": " "}).status_code == 422
    assert ciso.post(f"{ORG}/findings/999999/response", json={"response": "x"}).status_code == 404
    assert ciso.get(f"{ORG}/adoptions").json["total"] == 0
    assert ciso.get(f"{ORG}/adoptions/1").status_code == 404


def _json(data) -> dict:
    return {
        name: list(value)
        if isinstance(value, tuple)
        else value.isoformat()
        if hasattr(value, "isoformat")
        else value
        for name, value in data.__dict__.items()
    }


def test_a_risk_acceptance_waits_and_a_treated_risk_gets_its_action(api, token_for):
    from tests.risk.factories import accepted, risk_data

    ciso = api(token_for(Role.CISO, "write"))
    proposed = ciso.post(f"{ORG}/risks", json=_json(accepted()))
    assert proposed.status_code == 202, proposed.json
    assert proposed.json["kind"] == "risk_acceptance" and proposed.json["state"] == "pending"
    assert ciso.get(f"{ORG}/risks").json["total"] == 0  # not in the register until management approves

    made = ciso.post(f"{ORG}/risks", json=_json(risk_data()))
    assert made.status_code == 201, made.json
    actions = ciso.get(f"{ORG}/actions").json["items"]
    assert [(a["due_on"], a["links"][0]["kind"]) for a in actions] == [("2026-12-01", "risk")]

"""Audit from the domain: whatever changes data records its event in its own transaction, so the command line is
audited like the pages, with the organisation and the changed fields (before -> after)."""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import select

from core.models import AuditEvent, Role
from tests.answers.conftest import answer
from tests.risk.factories import make_risk


def events(db, action: str) -> list[AuditEvent]:
    db.expire_all()
    return list(db.exec(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all())


def changes(event: AuditEvent) -> dict:
    return json.loads(event.changes) if event.changes else {}


def test_org_create_on_the_command_line_is_audited(cli, db, world):
    assert cli("org", "create", "--slug", "nieuwdorp", "--name", "Gemeente Nieuwdorp").exit_code == 0
    (event,) = events(db, "organisation.created")[-1:]
    assert (
        event.subject == "nieuwdorp" and event.actor_name == "naleving" and event.organisation_id is not None
    )


def test_a_role_change_is_audited_with_its_change(cli, db, world):
    email = world.user(Role.AUDITOR).email
    assert cli("user", "create", "--email", email, "--role", "ciso", "--org", "voorbeeld").exit_code == 0
    event = events(db, "membership.changed")[-1]
    assert (event.organisation_id, event.subject) == (world.own.id, email)
    assert changes(event) == {"role": ["auditor", "ciso"]}


def test_moment_and_snapshot_on_the_command_line_are_audited(cli, db, world):
    make_risk(db, world.own.id)
    created = cli(
        "risks", "moment", "--org", "voorbeeld", "--kind", "begroting", "--year", "2027",
        "--date", "2026-11-01", "--capacity", "1000000",
    )  # fmt: skip
    assert created.exit_code == 0, created.stderr
    moment_id = created.stdout.split()[1]
    assert cli("risks", "snapshot", "--org", "voorbeeld", "--moment", moment_id, "--seed", "1").exit_code == 0
    (moment,) = events(db, "pc.moment_created")
    assert moment.organisation_id == world.own.id and changes(moment)["available_capacity"] == [None, 1000000]
    (snapshot,) = events(db, "pc.snapshot_taken")
    assert snapshot.organisation_id == world.own.id and snapshot.detail.startswith("sha256=")
    assert changes(snapshot)["risk_count"] == [None, 1]
    (risk,) = events(db, "risk.created")
    assert risk.organisation_id == world.own.id and risk.subject == "R-001" and "title" in changes(risk)


def test_catalogue_load_and_evidence_on_the_command_line_are_audited(cli, db, world, mini_catalogue):
    (loaded,) = events(db, "catalogue.loaded")  # the fixture loaded it: no organisation
    assert loaded.organisation_id is None and changes(loaded) == {"version": [None, "test.1"]}
    answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="implemented",
        design="sufficient",
    )
    (recorded,) = events(db, "answer.recorded")
    assert (recorded.organisation_id, recorded.subject) == (world.own.id, "5.01.01")
    assert changes(recorded)["applicability"] == [None, "applicable"]
    added = cli("evidence", "add", "--org", "voorbeeld", "--link", "https://dms.example/1", "5.01.01")
    assert added.exit_code == 0, added.stderr
    (event,) = events(db, "evidence.added")
    assert event.organisation_id == world.own.id and changes(event)["link"] == [None, "https://dms.example/1"]
    evidence_id = event.detail.split()[-1]
    assert cli("evidence", "remove", "--org", "voorbeeld", evidence_id).exit_code == 0
    (removed,) = events(db, "evidence.removed")
    assert removed.organisation_id == world.own.id and changes(removed)["link"] == [
        "https://dms.example/1",
        None,
    ]


def test_a_second_answer_records_only_what_changed(db, world, mini_catalogue):
    answer(
        db, world.own, "5.01.01", applicability="applicable", implementation="planned",
        planned_on=date(2026, 9, 1), explanation="in uitvoering",
    )  # fmt: skip
    answer(
        db,
        world.own,
        "5.01.01",
        applicability="applicable",
        implementation="implemented",
        design="sufficient",
    )
    latest = events(db, "answer.recorded")[-1]
    assert changes(latest) == {
        "implementation": ["planned", "implemented"],
        "design": ["not_assessed", "sufficient"],
        "planned_on": ["2026-09-01", None],
        "explanation": ["in uitvoering", ""],
    }


def test_schedule_add_and_off_on_the_command_line_are_audited(cli, db, world):
    assert cli("schedule", "add", "--org", "voorbeeld", "--kind", "soa").exit_code == 0
    assert cli("schedule", "off", "--org", "voorbeeld", "1").exit_code == 0
    (created,) = events(db, "schedule.created")
    assert created.organisation_id == world.own.id and changes(created)["kind"] == [None, "soa"]
    (changed,) = events(db, "schedule.changed")
    assert changes(changed) == {"enabled": [True, False]}


def test_pages_no_longer_write_audit_rows_by_hand():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "app"
    assert [
        str(p) for p in root.rglob("*.py") if "record_event" in p.read_text() and "auth" not in p.parts
    ] == []


def test_the_matrix_page_records_the_change_once(client, db, world, login_as):
    from risk.matrix import DEFAULT_MATRIX

    login_as(Role.CISO)
    data = {
        f"likelihood_{n}": label
        for n, label in zip(range(1, 6), DEFAULT_MATRIX.likelihood_labels, strict=True)
    }
    data |= {f"impact_{n}": label for n, label in zip(range(1, 6), DEFAULT_MATRIX.impact_labels, strict=True)}
    data |= {f"cell_{lk}_{im}": DEFAULT_MATRIX.level(lk, im) for lk in range(1, 6) for im in range(1, 6)}
    data |= {
        "appetite": "high",
        "certainty": str(DEFAULT_MATRIX.certainty),
        "impact_convention": "triangular",
    }
    response = client.post("/o/voorbeeld/risicos/matrix", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    (event,) = events(db, "risk.matrix_changed")
    assert event.organisation_id == world.own.id and changes(event)["appetite"][1] == "high"
    assert event.actor_id == world.user(Role.CISO).id

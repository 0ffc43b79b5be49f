"""The SQL statements of every API list do not grow with the data: the same count for a little and for more."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from controls.answers import record_answer
from controls.evidence import add_evidence_link
from controls.models import Requirement
from controls.rules import AnswerValues
from core.actor import Actor
from core.models import Role
from incidents.board import add_member, record_training
from incidents.register import create_incident, incident_by_number, record_message
from incidents.rules import IncidentData
from reports.models import ReportRecord, Schedule
from risk.models import PCMoment
from risk.pc import create_moment
from risk.weerstand import enter_figures
from scope.quickscan import record_quickscan
from scope.statement import record_statement
from scope.suppliers import SupplierData, add_evidence, save_supplier
from tests.risk.factories import make_risk
from tests.scope.factories import answers, make_item

LISTS = [
    "/api/v1/organisations",
    "/api/v1/catalogue/versions",
    "/api/v1/catalogue/requirements",
    "/api/v1/catalogue/mappings",
    "/api/v1/organisations/voorbeeld/answers",
    "/api/v1/organisations/voorbeeld/answers?as_of=2026-01-01",
    "/api/v1/organisations/voorbeeld/answers/5.01.01/evidence",
    "/api/v1/organisations/voorbeeld/statement",
    "/api/v1/organisations/voorbeeld/nis2-coverage",
    "/api/v1/organisations/voorbeeld/risks?status=all",
    "/api/v1/organisations/voorbeeld/risks?as_of=2026-01-01",
    "/api/v1/organisations/voorbeeld/pc-moments",
    "/api/v1/organisations/voorbeeld/pc-moments/1/budget-figures",
    "/api/v1/organisations/voorbeeld/reports",
    "/api/v1/organisations/voorbeeld/reports?kind=in-control&year=2026",
    "/api/v1/organisations/voorbeeld/oscal/ssp",
    "/api/v1/organisations/voorbeeld/oscal/assessment-results",
    "/api/v1/organisations/voorbeeld/schedules",
    "/api/v1/organisations/voorbeeld/audit-events",
    "/api/v1/organisations/voorbeeld/scope/items",
    "/api/v1/organisations/voorbeeld/scope/items?gap=true",
    "/api/v1/organisations/voorbeeld/scope/gaps",
    "/api/v1/organisations/voorbeeld/scope/sovereignty",
    "/api/v1/organisations/voorbeeld/scope/statement",
    "/api/v1/organisations/voorbeeld/suppliers",
    "/api/v1/organisations/voorbeeld/actions",
    "/api/v1/organisations/voorbeeld/actions?overdue=true",
    "/api/v1/organisations/voorbeeld/approvals",
    "/api/v1/organisations/voorbeeld/findings",
    "/api/v1/organisations/voorbeeld/adoptions",
    "/api/v1/organisations/voorbeeld/incidents",
    "/api/v1/organisations/voorbeeld/incidents/1/messages",
    "/api/v1/organisations/voorbeeld/board/members",
    "/api/v1/organisations/voorbeeld/shared/inherited",
    "/api/v1/organisations/voorbeeld/shared/relied-on",
]
SYSTEM = Actor.system("test")


def add_data(db, world, rounds: int, start: int = 0) -> None:
    """`rounds` more of everything a list shows: answers and revisions, evidence, risks, moments, reports."""
    active = select(Requirement).where(Requirement.status == "active").order_by(Requirement.sort_key)
    codes = [r.code for r in db.exec(active).all() if r.kind != "nis2"]
    for n in range(start, start + rounds):
        for code in codes[: 2 + n]:
            requirement = db.exec(select(Requirement).where(Requirement.code == code)).one()
            current = record_answer(
                session=db,
                organisation_id=world.own.id,
                requirement_id=requirement.id,
                values=AnswerValues(
                    applicability="applicable",
                    implementation="implemented",
                    design="sufficient",
                    owner=f"eigenaar {n}",
                    last_reviewed_on=date(2026, 1, 5),
                ),
                base_revision=_current(db, world, requirement.id),
                actor=SYSTEM,
            ).revision
            if code == "5.01.01":
                add_evidence_link(
                    session=db,
                    organisation_id=world.own.id,
                    answer_id=current.answer_id,
                    url=f"https://dms.example/{n}",
                    actor=SYSTEM,
                )
        made = make_risk(db, world.own.id, commit=False, title=f"Risico {n}")
        _plan_data(db, world, n, made.id, requirement.id)
        create_moment(
            session=db,
            organisation_id=world.own.id,
            kind="begroting",
            year=2020 + n,
            moment_on=date(2020 + n, 11, 1),
            available_capacity=1_000_000,
            actor=SYSTEM,
        )
        enter_figures(
            session=db,
            moment=db.exec(select(PCMoment).order_by(PCMoment.id)).first(),
            available_capacity=2_000_000 + n,
            other_required_capacity=900_000,
            certainty=0.9,
            actor=SYSTEM,
        )
        db.add(
            ReportRecord(
                organisation_id=world.own.id,
                kind="soa",
                format="pdf",
                parameters={},
                generated_by="t",
                size=1,
                sha256=f"{n:064d}",
                filename="vvt.pdf",
            )
        )
        db.add(
            ReportRecord(
                organisation_id=world.own.id,
                kind="in-control",
                format="pdf",
                parameters={"year": 2026, "as_of": "2026-12-31"},
                generated_by="t",
                size=1,
                sha256=f"{n + 500:064d}",
                filename="in-control-verklaring.pdf",
            )
        )
        db.add(Schedule(organisation_id=world.own.id, kind="soa", format="pdf", preset="monthly"))
        _add_scope(db, world, n)
        add_cbw(db, world.own.id, n)
    db.commit()


def _add_scope(db, world, n: int) -> None:
    """A supplier with evidence, a process and a system depending on it, quickscanned, and a statement."""
    supplier = save_supplier(
        session=db,
        organisation_id=world.own.id,
        data=SupplierData(name=f"Leverancier {n}", jurisdiction="non_eu"),
        actor=SYSTEM,
    )
    add_evidence(
        session=db,
        supplier=supplier,
        kind="soc2",
        issued_on=date(2026, 1, 1),
        expires_on=None,
        note="",
        actor=SYSTEM,
    )
    make_item(db, world.own.id, kind="process", name=f"Proces {n}")
    system = make_item(db, world.own.id, supplier_names=(supplier.name,))
    record_quickscan(session=db, item=system, answers=answers(availability__financial="high"), actor=SYSTEM)
    record_statement(session=db, organisation_id=world.own.id, text=f"Versie {n}", actor=SYSTEM)


def _plan_data(db, world, n: int, risk_id: int, requirement_id: int) -> None:
    """An action (overdue, linked to a risk and a requirement) and a finding per round."""
    from plan.actions import ActionData, create_action
    from plan.findings import FindingData, record_finding

    create_action(
        session=db,
        organisation_id=world.own.id,
        data=ActionData(title=f"Actie {n}", owner_name="Jan", due_on=date(2020, 1, 1 + n)),
        actor=SYSTEM,
        links=[("risk", risk_id), ("requirement", requirement_id)],
    )
    record_finding(
        session=db,
        organisation_id=world.own.id,
        data=FindingData(
            title=f"Bevinding {n}",
            severity="minor",
            reference_date=date(2026, 1, 5),
            requirement_id=requirement_id if n % 2 else None,
        ),
        actor=SYSTEM,
    )


def add_cbw(db, organisation_id: int, n: int) -> None:
    """An incident (the first one gets another message each round) and a board member with a training."""
    aware = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    data = IncidentData(title=f"Incident {n}", aware_at=aware, significant=True)
    create_incident(session=db, organisation_id=organisation_id, data=data, actor=SYSTEM)
    first = incident_by_number(session=db, organisation_id=organisation_id, number=1)
    record_message(
        session=db,
        incident=first,
        kind="early_warning",
        recipient="both",
        sent_at=aware + timedelta(hours=n + 1),
        content="",
        actor=SYSTEM,
    )
    member = add_member(
        session=db,
        organisation_id=organisation_id,
        name=f"Bestuurder {n}",
        position="wethouder",
        joined_on=date(2025, 1, 1),
        actor=SYSTEM,
    )
    record_training(
        session=db,
        organisation_id=organisation_id,
        member_id=member.id,
        course="Cbw",
        trained_on=date(2026, 1, 5),
        certificate_on=None,
        certificate_valid_until=None,
        today=date(2026, 1, 5),
        actor=SYSTEM,
    )


def _current(db, world, requirement_id: int) -> int:
    from controls.answers import latest_revisions

    latest = latest_revisions(session=db, organisation_id=world.own.id, requirement_ids=[requirement_id])
    return latest[requirement_id].number if requirement_id in latest else 0


def counts(api, count_queries) -> dict[str, int]:
    found = {}
    for url in LISTS:
        api.get(url)  # the token's last use is noted once; caches warm
        with count_queries() as counter:
            response = api.get(url)
        assert response.status_code == 200, (url, response.json)
        found[url] = counter.count
    return found


def test_list_statements_are_constant(db, world, api, token_for, count_queries, mini_catalogue):
    admin = api(token_for(Role.ADMIN))  # may read every list
    add_data(db, world, 1)
    few = counts(admin, count_queries)
    add_data(db, world, 4, start=1)
    many = counts(admin, count_queries)
    assert few == many
    assert max(many.values()) <= 7, many  # the statement reads the proposals waiting for approval (1 query)

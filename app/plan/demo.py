"""Demo content of the plan for Gemeente Voorbeeld: actions for what the demo answers and risks plan (one of
them overdue, one done), an auditor's finding with the CISO's response and its action, a "niet van toepassing"
waiting for approval, and an adopted SoA. Idempotent: nothing happens when the organisation has a finding (the
answers' and risks' saves already made the actions their rule asks for)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from controls.models import Requirement
from controls.rules import AnswerValues
from core import clock
from core.accounts import user_by_email
from core.actor import Actor
from core.models import Organisation, Role
from plan.actions import ActionData, create_action, data_of, update_action
from plan.approvals import approve, propose_adoption, propose_answer
from plan.findings import FindingData, record_finding, respond
from plan.gaps import close_gaps
from plan.models import Finding, LinkKind


def _actor(session: Session, email: str, fallback: str) -> Actor:
    user = user_by_email(session=session, email=email)
    return Actor.of(user) if user is not None else Actor.system(fallback)


def seed_plan(session: Session, organisations: dict[str, Organisation]) -> None:
    organisation = organisations.get("voorbeeld")
    if organisation is None or organisation.id is None:
        return
    if session.exec(select(Finding).where(Finding.organisation_id == organisation.id)).first() is not None:
        return
    ciso = _actor(session, "ciso@voorbeeld.nl", "Carla Securitas")
    auditor = _actor(session, "auditor@voorbeeld.nl", "Otto Controle")
    wethouder = _actor(session, "management@voorbeeld.nl", "Marijke de Wethouder")
    today = clock.today()
    close_gaps(session=session, organisation_id=organisation.id, actor=ciso)
    late = create_action(
        session=session,
        organisation_id=organisation.id,
        data=ActionData(
            title="Herstelproef van de back-ups uitvoeren",
            owner_id=ciso.user_id,
            owner_name="" if ciso.user_id else "Carla Securitas",
            due_on=today - timedelta(days=20),
            effort_hours=16,
            cost_euros=2500,
            description="Een volledige terugzetting van het zaaksysteem op de uitwijklocatie.",
        ),
        actor=ciso,
    )
    update_action(
        session=session,
        action=late,
        data=ActionData(**{**data_of(late).__dict__, "status": "in_progress"}),
        expected_revision=1,
        actor=ciso,
    )
    done = create_action(
        session=session,
        organisation_id=organisation.id,
        data=ActionData(
            title="MFA voor beheeraccounts", owner_name="Teamleider ICT", due_on=today - timedelta(days=40)
        ),
        actor=ciso,
    )
    update_action(
        session=session,
        action=done,
        data=ActionData(**{**data_of(done).__dict__, "status": "done"}),
        expected_revision=1,
        actor=ciso,
    )
    _finding(session, organisation, auditor, ciso, today)
    _approvals(session, organisation, ciso, wethouder, today)
    session.commit()


def _finding(session: Session, organisation: Organisation, auditor: Actor, ciso: Actor, today: date) -> None:
    requirement = session.exec(select(Requirement).where(Requirement.code == "5.15")).first()
    finding = record_finding(
        session=session,
        organisation_id=organisation.id or 0,
        data=FindingData(
            title="Autorisaties worden niet periodiek herzien",
            severity="significant",
            reference_date=date(today.year - 1, 12, 31),
            description="Bij drie van de tien steekproefaccounts waren rechten van een vorige functie actief.",
            evidence_examined="Autorisatiematrix zaaksysteem; export Active Directory van 31 december.",
            requirement_id=requirement.id if requirement else None,
        ),
        actor=auditor,
    )
    respond(
        session=session,
        finding=finding,
        response="Herziening per kwartaal ingevoerd; eerste ronde loopt.",
        actor=ciso,
    )
    create_action(
        session=session,
        organisation_id=organisation.id or 0,
        data=ActionData(
            title="Kwartaalherziening autorisaties",
            owner_name="Functioneel beheer",
            due_on=today + timedelta(days=10),
        ),
        links=[(LinkKind.FINDING.value, finding.id or 0)],
        actor=ciso,
    )


def _approvals(
    session: Session, organisation: Organisation, ciso: Actor, wethouder: Actor, today: date
) -> None:
    adoption = propose_adoption(
        session=session,
        organisation_id=organisation.id or 0,
        body="college van B&W",
        adopted_on=today,
        actor=ciso,
    )
    approve(
        session=session,
        approval=adoption,
        actor=wethouder,
        role=Role.MANAGEMENT,
        reason="Vastgesteld in de collegevergadering.",
    )
    requirement = session.exec(select(Requirement).where(Requirement.code == "7.07.01")).first()
    if requirement is None:
        return
    propose_answer(
        session=session,
        organisation_id=organisation.id or 0,
        requirement=requirement,
        values=AnswerValues(
            applicability="not_applicable",
            explanation="De gemeente heeft geen eigen serverruimte meer; alles draait bij de IT-leverancier.",
            last_reviewed_on=today,
        ),
        base_revision=0,
        actor=ciso,
    )

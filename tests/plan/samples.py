"""Objects of the plan area for the access matrix (tests/routes.py): one of each kind per organisation."""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import Session, select

from core import clock
from plan.findings import FindingData, record_finding
from plan.models import Action, Approval, Finding, SoaAdoption
from tests.factories import World
from tests.plan.factories import TEST, make_action


def _objects(session: Session, organisation_id: int) -> dict:
    action = session.exec(select(Action).where(Action.organisation_id == organisation_id)).first()
    if action is None:
        action = make_action(session, organisation_id)
    finding = session.exec(select(Finding).where(Finding.organisation_id == organisation_id)).first()
    if finding is None:
        finding = record_finding(
            session=session,
            organisation_id=organisation_id,
            data=FindingData(title="Geen logreview", severity="significant", reference_date=date(2026, 1, 1)),
            actor=TEST,
        )
    approval = session.exec(select(Approval).where(Approval.organisation_id == organisation_id)).first()
    if approval is None:
        approval = Approval(
            organisation_id=organisation_id,
            kind="soa_adoption",
            subject="VvT",
            payload=json.dumps({"body": "college", "adopted_on": "2026-01-01"}),
        )
        session.add(approval)
        session.flush()
    adoption = session.exec(select(SoaAdoption).where(SoaAdoption.organisation_id == organisation_id)).first()
    if adoption is None:
        frozen = {
            "organisation_name": "x",
            "provider_name": None,
            "reference_date": "2026-01-01",
            "catalogue_version": None,
            "entries": [],
            "nis2": [],
        }
        adoption = SoaAdoption(
            organisation_id=organisation_id,
            number=1,
            adopted_on=date(2026, 1, 1),
            body="college van B&W",
            frozen_at=clock.now(),
            entries_json=json.dumps(frozen),
            sha256="0" * 64,
        )
        session.add(adoption)
        session.flush()
    return {
        "action_id": action.id,
        "finding_id": finding.id,
        "approval_id": approval.id,
        "number": adoption.number,
    }


def plan_sample_values(session: Session, world: World) -> tuple[dict, dict]:
    own = _objects(session, world.own.id)
    other = _objects(session, world.other.id)
    session.commit()
    # adoptions are numbered per organisation: the other organisation's number under the own slug is its own
    # number 1, so for the "other" value a number the own organisation does not have
    other["number"] = 99
    return own, other

"""Objects of the risk area for the access matrix (tests/routes.py): one of each kind per organisation."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from core.actor import Actor
from risk.models import PCMoment, Risk
from risk.pc import create_moment
from risk.register import create_risk
from tests.factories import World
from tests.risk.factories import risk_data


def _objects(session: Session, organisation_id: int) -> dict:
    risk = session.exec(select(Risk).where(Risk.organisation_id == organisation_id)).first()
    if risk is None:
        risk = create_risk(
            session=session, organisation_id=organisation_id, data=risk_data(), actor=Actor.system("test")
        ).risk
    moment = session.exec(select(PCMoment).where(PCMoment.organisation_id == organisation_id)).first()
    if moment is None:
        moment = create_moment(
            session=session,
            organisation_id=organisation_id,
            kind="begroting",
            year=2026,
            moment_on=date(2025, 11, 1),
            available_capacity=1_000_000,
            actor=Actor.system("test"),
        )
    return {"risk_id": risk.id, "moment_id": moment.id}


def risk_sample_values(session: Session, world: World) -> tuple[dict, dict]:
    own = _objects(session, world.own.id)
    other = _objects(session, world.other.id)
    session.commit()
    return own, other

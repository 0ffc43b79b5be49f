"""Small factories for the risk area's tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlmodel import Session

from core.actor import Actor
from risk.models import PCMoment, Risk
from risk.pc import create_moment, take_snapshot
from risk.register import create_risk
from risk.rules import RiskData


def risk_data(**overrides) -> RiskData:
    """A valid risk; override any field."""
    data = RiskData(
        title="Ransomware legt de burgerzaken-applicaties plat",
        owner="Afdelingshoofd Publiekszaken",
        inherent_likelihood=4,
        inherent_impact=5,
        treatment="reduce",
        residual_likelihood=2,
        residual_impact=4,
        status="in_treatment",
        description="Versleuteling van servers door een criminele groep.",
        cause="Phishing, ongepatchte systemen",
        consequence="Geen paspoorten en rijbewijzen; datalek",
        aspects=("availability", "confidentiality"),
        impact_areas=("financial", "public_trust"),
        review_on=date(2026, 12, 1),
        probability=30,
        impact_minimum=100_000,
        impact_most_likely=400_000,
        impact_maximum=2_000_000,
    )
    return replace(data, **overrides)


def accepted(**overrides) -> RiskData:
    values = {
        "treatment": "accept",
        "accepted_by": "College van B&W",
        "accepted_on": date(2026, 1, 15),
        "acceptance_expires_on": date(2026, 12, 31),
    }
    return risk_data(**(values | overrides))


# A factory's risk stands as decided: a temporary acceptance counts as approved by a second person.
APPROVED_BY = Actor.system("Test wethouder")


def make_risk(session: Session, organisation_id: int, *, commit: bool = True, **overrides) -> Risk:
    risk = create_risk(
        session=session,
        organisation_id=organisation_id,
        data=risk_data(**overrides),
        actor=Actor.system("Test CISO"),
        approved_by=APPROVED_BY,
    ).risk
    if commit:
        session.commit()
    return risk


def moment_with_snapshot(session: Session, organisation_id: int) -> PCMoment:
    """A begroting moment with a snapshot over one risk (R-001 "Ransomware", owner CIO) that needs exactly
    EUR 100 000 at 90 % certainty: it occurs in half the scenarios with a fixed amount."""
    make_risk(
        session,
        organisation_id,
        title="Ransomware",
        owner="CIO",
        probability=50,
        impact_minimum=100_000,
        impact_most_likely=100_000,
        impact_maximum=100_000,
    )
    moment = create_moment(
        session=session,
        organisation_id=organisation_id,
        kind="begroting",
        year=2027,
        moment_on=date(2026, 11, 1),
        available_capacity=2_000_000,
        actor=Actor.system("test"),
    )
    take_snapshot(session=session, moment=moment, seed=1, scenarios=10_000, actor=Actor.system("test"))
    session.commit()
    return moment

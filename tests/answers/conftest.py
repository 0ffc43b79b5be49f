"""Fixtures of the answers area: a stand-in risk register, and a helper to record answers."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from controls.answers import answer_of, current_revision, record_answer
from controls.models import Requirement
from controls.rules import AnswerValues
from core import clock
from core.actor import Actor


@pytest.fixture
def risk_register(db):
    """add(organisation_id, treatment="accept", expires=date) puts a risk in the real register and returns the
    reference the register gave it (R-001, R-002, … per organisation)."""
    from tests.risk.factories import accepted, make_risk, risk_data

    def add(organisation_id: int, treatment: str = "accept", expires: date | None = None) -> str:
        if treatment == "accept":
            data = accepted(acceptance_expires_on=expires or date(2099, 12, 31), accepted_on=date(2026, 1, 1))
        else:
            data = risk_data(treatment=treatment)
        return make_risk(db, organisation_id, **data.__dict__).reference

    return add


class FixedClock:
    """The domain clock stopped at a moment the test chooses (core.clock is where it is replaced)."""

    def __init__(self, moment: datetime):
        self.moment = moment

    def now(self) -> datetime:
        return self.moment

    def today(self) -> date:
        return self.moment.astimezone(clock.LOCAL_ZONE).date()

    def set(self, moment: datetime) -> None:
        self.moment = moment


TODAY = date(2026, 3, 16)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch) -> FixedClock:
    fixed = FixedClock(datetime(2026, 3, 16, 9, 0, tzinfo=UTC))
    monkeypatch.setattr(clock, "now", fixed.now)
    monkeypatch.setattr(clock, "today", fixed.today)
    return fixed


def requirement_id(db: Session, code: str) -> int:
    return db.exec(select(Requirement.id).where(Requirement.code == code)).one()


def answer(
    db: Session,
    organisation,
    code: str,
    *,
    author: str = "Carla Securitas",
    commit: bool = True,
    accepted=frozenset(),
    known=frozenset(),
    approved: bool = True,
    **fields,
):
    """Record an answer on top of whatever is current; fields are AnswerValues fields (last_reviewed_on
    defaults to today's test date). It stands as decided (`approved`: a "niet van toepassing" counts as
    approved by a second person); None when it was held for approval."""
    rid = requirement_id(db, code)
    existing = answer_of(session=db, organisation_id=organisation.id, requirement_id=rid)
    latest = current_revision(session=db, answer_id=existing.id) if existing else None
    fields.setdefault("last_reviewed_on", date(2026, 3, 1))
    if fields.get("implementation") == "implemented":  # "implemented" needs opzet sufficient (controls.rules)
        fields.setdefault("design", "sufficient")
    revision = record_answer(
        session=db,
        organisation_id=organisation.id,
        requirement_id=rid,
        values=AnswerValues(**fields),
        base_revision=latest.number if latest else 0,
        actor=Actor.system(author),
        accepted_risks=accepted,
        known_risks=known,
        approved_by=Actor.system("Test tweede persoon") if approved else None,
    ).revision
    if commit:
        db.commit()
    return revision


def share(db: Session, provider, code: str, text: str = "", *, offered: bool = True):
    """The provider offers (or withdraws) a requirement as a shared service, on top of its current offer."""
    from controls.offers import latest_offers
    from controls.sharing import set_offer

    rid = requirement_id(db, code)
    current = latest_offers(
        session=db, provider_id=provider.id, requirement_ids=[rid], offered_only=False
    ).get(rid)
    revision = set_offer(
        session=db,
        provider_id=provider.id,
        requirement_id=rid,
        offered=offered,
        shared_text=text,
        base_revision=current.number if current else 0,
        actor=Actor.system("Bas Veilig"),
    )
    db.commit()
    return revision

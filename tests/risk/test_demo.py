"""The demo register: realistic, with revisions and two P&C snapshots, and seeding it twice changes nothing."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from core.accounts import organisation_by_slug
from risk.models import BudgetFigures, PCSnapshot, Risk, RiskRequirement, RiskRevision
from risk.pc import compare_snapshots, snapshot_view
from risk.weerstand import weerstand_history
from tests.conftest import DEMO_PASSWORD


def counts(db) -> tuple[int, ...]:
    return tuple(
        db.exec(select(func.count()).select_from(table)).one()
        for table in (Risk, RiskRevision, PCSnapshot, RiskRequirement, BudgetFigures)
    )


def test_demo_risks_are_seeded_once(cli, db, demo, monkeypatch):
    first = counts(db)
    assert first[0] >= 15 and first[1] > first[0] and first[2] == 2 and first[3] > 0
    monkeypatch.setenv("NALEVING_DEMO_PASSWORD", DEMO_PASSWORD)  # the demo fixture's own run, once more
    assert cli("demo").exit_code == 0
    assert counts(db) == first
    voorbeeld = organisation_by_slug(session=db, slug="voorbeeld")
    (m1, s1, w1), (m2, s2, w2) = weerstand_history(session=db, organisation_id=voorbeeld.id)
    comparison = compare_snapshots(snapshot_view(m1, s1), snapshot_view(m2, s2))
    assert comparison.closed and comparison.movements
    # the demo's moments have the begroting's figures: a ratio over the totals, the infosec part a minority
    assert first[4] == 2 and w1.rating and w2.rating and w1.share is not None and 0.1 < w1.share < 0.3

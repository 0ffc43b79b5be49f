"""The honest weerstandsvermogen: the begroting's figures as an append-only history, the ratio and rating only
over the municipality's totals (never over the information-security risks alone), the rating's boundaries, and
the impact convention kept by each snapshot."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from core.actor import Actor
from core.audit import AuditEvent
from core.chain import verify_chain
from core.errors import RuleError
from risk.capacity import Rating, required_capacity
from risk.matrix import matrix_for, save_matrix
from risk.models import BudgetFigures, PCSnapshot
from risk.pc import create_moment, reproduce_required_capacity, snapshot_view, take_snapshot
from risk.weerstand import (
    NoRatio,
    Weerstand,
    current_figures,
    enter_figures,
    figures_history,
    weerstand_history,
    weerstand_of,
)
from tests.risk.factories import make_risk

ACTOR = Actor.system("test")


def moment(db, organisation_id, year=2026):
    created = create_moment(
        session=db,
        organisation_id=organisation_id,
        kind="begroting",
        year=year,
        moment_on=date(year - 1, 11, 1),
        available_capacity=2_000_000,
        actor=ACTOR,
    )
    db.commit()
    return created


def figures(db, m, available=3_000_000, other=1_400_000, certainty=0.90, source="Begroting 2026"):
    entered = enter_figures(
        session=db,
        moment=m,
        available_capacity=available,
        other_required_capacity=other,
        certainty=certainty,
        source=source,
        actor=ACTOR,
    )
    db.commit()
    return entered


def certain_risk(db, organisation_id, amount=100_000):
    """Occurs in half the scenarios with a fixed amount: the 90 % quantile is exactly the amount."""
    make_risk(
        db,
        organisation_id,
        probability=50,
        impact_minimum=amount,
        impact_most_likely=amount,
        impact_maximum=amount,
    )


def test_without_the_begroting_figures_there_is_no_ratio_and_no_rating(db, world):
    certain_risk(db, world.own.id)
    m = moment(db, world.own.id)
    snapshot = take_snapshot(session=db, moment=m, seed=1, scenarios=10_000, actor=ACTOR)
    db.commit()
    weerstand = weerstand_of(snapshot, None)
    # the old figure would have been 2 000 000 / 100 000 = 20: "A"; now nothing
    assert weerstand.infosec_required == 100_000
    assert (weerstand.ratio, weerstand.rating, weerstand.share) == (None, None, None)
    assert weerstand.no_ratio is NoRatio.NO_FIGURES
    assert snapshot.ratio is None and snapshot.rating is None


def test_with_the_totals_the_ratio_is_available_over_all_risks(db, world):
    certain_risk(db, world.own.id)
    m = moment(db, world.own.id)
    snapshot = take_snapshot(session=db, moment=m, seed=1, scenarios=10_000, actor=ACTOR)
    db.commit()
    figures(db, m, available=3_000_000, other=1_400_000)  # entered after the snapshot
    weerstand = weerstand_of(snapshot, current_figures(session=db, moment=m))
    assert weerstand.total_required == 1_500_000
    assert weerstand.share == pytest.approx(100_000 / 1_500_000)
    assert weerstand.ratio == 2.0 and weerstand.rating is Rating.B and weerstand.no_ratio is None
    assert snapshot_view(m, snapshot).intact  # the snapshot did not change with the figures


def test_another_certainty_gives_no_ratio(db, world):
    certain_risk(db, world.own.id)
    m = moment(db, world.own.id)
    snapshot = take_snapshot(session=db, moment=m, seed=1, scenarios=10_000, actor=ACTOR)
    db.commit()
    figures(db, m, certainty=0.80)
    weerstand = weerstand_of(snapshot, current_figures(session=db, moment=m))
    assert weerstand.no_ratio is NoRatio.OTHER_CERTAINTY
    assert (weerstand.total_required, weerstand.share, weerstand.ratio, weerstand.rating) == (None,) * 4


@pytest.mark.parametrize(
    ("available", "expected"),
    [
        (3_000_001, Rating.A),  # just above 2.0
        (3_000_000, Rating.B),  # exactly 2.0: B (A needs more than 2.0)
        (2_100_000, Rating.B),  # exactly 1.4: B (a boundary belongs to the better class)
        (2_099_999, Rating.C),
        (1_500_000, Rating.C),  # exactly 1.0
        (1_499_999, Rating.D),
        (1_200_000, Rating.D),  # exactly 0.8
        (1_199_999, Rating.E),
        (900_000, Rating.E),  # exactly 0.6
        (899_999, Rating.F),
        (0, Rating.F),
    ],
)
def test_the_rating_boundaries_over_the_totals(available, expected):
    # information security 300 000 + other risks 1 200 000 = 1 500 000 required in total
    weerstand = Weerstand(
        convention=None,
        certainty=0.9,
        infosec_required=300_000.0,
        figures=BudgetFigures(
            moment_id=1,
            organisation_id=1,
            available_capacity=available,
            other_required_capacity=1_200_000,
            certainty=0.9,
        ),
    )
    assert weerstand.rating is expected
    assert weerstand.share == pytest.approx(0.2)


def test_nothing_required_gives_no_ratio():
    weerstand = Weerstand(
        convention=None,
        certainty=0.9,
        infosec_required=0.0,
        figures=BudgetFigures(
            moment_id=1, organisation_id=1, available_capacity=5, other_required_capacity=0, certainty=0.9
        ),
    )
    assert weerstand.no_ratio is NoRatio.NOTHING_REQUIRED and weerstand.ratio is None


def test_figures_are_checked_and_a_correction_is_a_new_entry_audited(db, world):
    m = moment(db, world.own.id)
    with pytest.raises(RuleError) as caught:
        enter_figures(
            session=db,
            moment=m,
            available_capacity=-1,
            other_required_capacity=10**14,
            certainty=0.5,
            actor=ACTOR,
        )
    assert {p.code for p in caught.value.problems} == {
        "pc.capacity_out_of_range",
        "pc.other_capacity_out_of_range",
        "pc.certainty_not_offered",
    }
    db.rollback()
    first = figures(db, m, other=1_000_000)
    second = figures(db, m, other=1_100_000, source="Begroting 2026, na amendement")
    assert [f.id for f in figures_history(session=db, moment=m)] == [second.id, first.id]
    assert current_figures(session=db, moment=m).other_required_capacity == 1_100_000
    events = db.exec(select(AuditEvent).where(AuditEvent.action == "pc.budget_figures_entered")).all()
    assert len(events) == 2
    assert "1100000" in str(events[-1].changes) and "1000000" in str(events[-1].changes)


def test_figures_never_change_in_the_database_and_join_the_chain(db, world):
    m = moment(db, world.own.id)
    figures(db, m)
    for statement in ("UPDATE pc_budget_figures SET available_capacity = 1", "DELETE FROM pc_budget_figures"):
        with pytest.raises(DBAPIError):
            db.exec(text(statement))
        db.rollback()
    assert db.exec(select(BudgetFigures.available_capacity)).one() == 3_000_000
    assert verify_chain(db.connection(), world.own.id) is None


def test_a_snapshot_keeps_the_convention_it_was_computed_with(db, world):
    make_risk(
        db, world.own.id, probability=90, impact_minimum=0, impact_most_likely=10_000, impact_maximum=100_000
    )
    matrix = matrix_for(session=db, organisation_id=world.own.id)
    save_matrix(
        session=db,
        organisation_id=world.own.id,
        matrix=replace(matrix, impact_convention="maximum"),
        actor=ACTOR,
    )
    db.commit()
    m = moment(db, world.own.id)
    snapshot = take_snapshot(session=db, moment=m, seed=3, scenarios=10_000, actor=ACTOR)
    db.commit()
    assert snapshot.method == "maximum/pcg64/v1" and snapshot.required_capacity == 100_000
    save_matrix(
        session=db,
        organisation_id=world.own.id,
        matrix=replace(matrix, impact_convention="uniform"),
        actor=ACTOR,
    )
    db.commit()
    stored = db.exec(select(PCSnapshot)).one()
    view = snapshot_view(m, stored)
    assert weerstand_of(stored, None).convention.value == "maximum"
    assert reproduce_required_capacity(view) == stored.required_capacity
    later = moment(db, world.own.id, year=2027)
    uniform = take_snapshot(session=db, moment=later, seed=3, scenarios=10_000, actor=ACTOR)
    db.commit()
    assert uniform.method == "uniform-0-max/pcg64/v1"
    expected = required_capacity([(0.9, 0, 10_000, 100_000)], scenarios=10_000, seed=3, convention="uniform")
    assert uniform.required_capacity == expected
    assert [
        w.convention.value for _m, _s, w in weerstand_history(session=db, organisation_id=world.own.id)
    ] == [
        "maximum",
        "uniform",
    ]


def test_the_matrix_refuses_an_unknown_convention(db, world):
    matrix = matrix_for(session=db, organisation_id=world.own.id)
    with pytest.raises(RuleError) as caught:
        save_matrix(
            session=db,
            organisation_id=world.own.id,
            matrix=replace(matrix, impact_convention="pert"),
            actor=ACTOR,
        )
    assert caught.value.problems[0].code == "matrix.unknown_convention"

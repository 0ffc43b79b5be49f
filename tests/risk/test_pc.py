"""P&C moments and snapshots: frozen, refused twice, immutable in the database, reproducible, comparable."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from core.actor import Actor
from core.errors import RuleError
from risk.capacity import required_capacity
from risk.heatmap import Kind
from risk.models import PCSnapshot
from risk.pc import (
    capacity_history,
    compare_snapshots,
    create_moment,
    list_moments,
    reproduce_required_capacity,
    snapshot_view,
    take_snapshot,
    update_moment,
)
from risk.reading import get_risk
from risk.register import update_risk
from tests.risk.factories import make_risk, risk_data


def moment(db, organisation_id, kind="begroting", year=2026, day=date(2025, 11, 1), capacity=2_000_000):
    created = create_moment(
        session=db,
        organisation_id=organisation_id,
        kind=kind,
        year=year,
        moment_on=day,
        available_capacity=capacity,
        actor=Actor.system("test"),
    )
    db.commit()
    return created


def test_a_moment_needs_a_kind_year_date_and_capacity(db, world):
    with pytest.raises(RuleError) as caught:
        create_moment(
            session=db,
            organisation_id=world.own.id,
            kind="voorjaarsnota",
            year=1999,
            moment_on=None,
            available_capacity=-5,
            actor=Actor.system("test"),
        )
    assert len(caught.value.problems) == 4
    moment(db, world.own.id)
    with pytest.raises(RuleError, match="bestaat al"):
        moment(db, world.own.id)
    moment(db, world.other.id)  # another organisation may have the same moment


def test_the_snapshot_freezes_the_register_and_its_figures(db, world):
    make_risk(
        db,
        world.own.id,
        probability=50,
        impact_minimum=100_000,
        impact_most_likely=100_000,
        impact_maximum=100_000,
    )
    make_risk(
        db,
        world.own.id,
        title="Zonder bedrag",
        probability=None,
        impact_minimum=None,
        impact_most_likely=None,
        impact_maximum=None,
    )
    make_risk(db, world.own.id, title="Gesloten", status="closed")
    make_risk(db, world.other.id)
    begroting = moment(db, world.own.id, capacity=150_000)
    snapshot = take_snapshot(
        session=db, moment=begroting, seed=7, scenarios=10_000, actor=Actor.system("Carla")
    )
    db.commit()
    assert (snapshot.risk_count, snapshot.exposure_count, snapshot.seed, snapshot.certainty) == (3, 1, 7, 0.9)
    assert (
        snapshot.required_capacity == 100_000
    )  # occurs in half the scenarios: the 90 % quantile is the amount
    assert snapshot.ratio is None and snapshot.rating is None  # never the ratio over infosec risks alone
    view = snapshot_view(begroting, snapshot)
    assert view.intact and [r.reference for r in view.risks] == ["R-001", "R-002", "R-003"]
    assert sum(view.residual_counts.values()) == 2

    risk = view.risks[0]
    head = get_risk(session=db, organisation_id=world.own.id, risk_id=risk.risk_id)
    update_risk(
        session=db,
        risk=head,
        data=risk_data(title="Later anders", probability=90),
        expected_revision=1,
        actor=Actor.system("test"),
    )
    db.commit()
    again = snapshot_view(begroting, db.exec(select(PCSnapshot)).one())
    assert again.risks[0].title == risk.title and again.snapshot.required_capacity == 100_000 and again.intact


def test_a_second_snapshot_of_a_moment_is_refused(db, world):
    begroting = moment(db, world.own.id)
    take_snapshot(session=db, moment=begroting, scenarios=1000, actor=Actor.system("test"))
    db.commit()
    with pytest.raises(RuleError, match="al een momentopname"):
        take_snapshot(session=db, moment=begroting, scenarios=1000, actor=Actor.system("test"))
    with pytest.raises(RuleError, match="verandert niet meer"):
        update_moment(
            session=db,
            moment=begroting,
            kind="begroting",
            year=2026,
            moment_on=date(2025, 11, 2),
            available_capacity=1,
        )


def test_snapshots_never_change_in_the_database(db, world):
    make_risk(db, world.own.id)
    take_snapshot(session=db, moment=moment(db, world.own.id), scenarios=1000, actor=Actor.system("test"))
    db.commit()
    for statement in ("UPDATE pc_snapshot SET required_capacity = 1", "DELETE FROM pc_snapshot"):
        with pytest.raises(DBAPIError):
            db.exec(text(statement))
        db.rollback()
    assert db.exec(select(PCSnapshot.required_capacity)).one() != 1


def test_a_tampered_snapshot_is_not_intact(db, world):
    make_risk(db, world.own.id)
    begroting = moment(db, world.own.id)
    snapshot = take_snapshot(session=db, moment=begroting, scenarios=1000, actor=Actor.system("test"))
    db.commit()
    db.expunge(snapshot)
    snapshot.register_json = snapshot.register_json.replace("Ransomware", "Iets anders")
    assert not snapshot_view(begroting, snapshot).intact


def test_the_published_figure_can_be_reproduced_from_the_snapshot(db, world):
    for index in range(5):
        make_risk(db, world.own.id, title=f"Risico {index}", probability=(10, 30, 50, 70, 90)[index])
    begroting = moment(db, world.own.id)
    snapshot = take_snapshot(session=db, moment=begroting, actor=Actor.system("test"))
    db.commit()
    view = snapshot_view(begroting, snapshot)
    assert reproduce_required_capacity(view) == snapshot.required_capacity
    exposures = [(p / 100, 100_000, 400_000, 2_000_000) for p in (10, 30, 50, 70, 90)]
    assert required_capacity(exposures, seed=snapshot.seed) == snapshot.required_capacity


def test_comparing_two_moments(db, world):
    stays = make_risk(db, world.own.id, title="Blijft")
    moves = make_risk(db, world.own.id, title="Verschuift", residual_likelihood=4, residual_impact=5)
    closes = make_risk(db, world.own.id, title="Wordt gesloten")
    make_risk(db, world.own.id, title="Was al gesloten", status="closed")
    first = moment(db, world.own.id)
    take_snapshot(session=db, moment=first, scenarios=1000, actor=Actor.system("test"))
    update_risk(
        session=db,
        risk=moves,
        data=risk_data(title="Verschuift", residual_likelihood=2, residual_impact=3),
        expected_revision=1,
        actor=Actor.system("test"),
    )
    update_risk(
        session=db,
        risk=closes,
        data=risk_data(title="Wordt gesloten", status="closed"),
        expected_revision=1,
        actor=Actor.system("test"),
    )
    make_risk(db, world.own.id, title="Nieuw")
    second = moment(db, world.own.id, kind="tussenrapportage", day=date(2026, 6, 30))
    take_snapshot(session=db, moment=second, scenarios=1000, actor=Actor.system("test"))
    db.commit()
    (m1, s1), (m2, s2) = capacity_history(session=db, organisation_id=world.own.id)
    comparison = compare_snapshots(snapshot_view(m1, s1), snapshot_view(m2, s2))
    assert [r.title for r in comparison.new] == ["Nieuw"]
    assert [r.title for r in comparison.closed] == ["Wordt gesloten"]
    assert [c.after.title for c in comparison.changed] == ["Verschuift"]
    assert {c.field for c in comparison.changed[0].changes} == {"residual_likelihood", "residual_impact"}
    assert comparison.unchanged == 1 and stays.reference not in {
        c.after.reference for c in comparison.changed
    }
    assert [(m.reference, m.kind, m.before, m.after) for m in comparison.movements] == [
        (moves.reference, Kind.RESIDUAL, (4, 5), (2, 3))
    ]
    residual = comparison.cell_change(Kind.RESIDUAL)
    assert residual[(4, 5)] == (1, 0) and residual[(2, 3)] == (0, 1) and residual[(2, 4)] == (2, 2)


def test_moments_are_listed_by_date_with_their_snapshots(db, world):
    later = moment(db, world.own.id, kind="jaarrekening", year=2025, day=date(2026, 6, 1))
    earlier = moment(db, world.own.id, kind="kadernota", year=2027, day=date(2026, 4, 1))
    take_snapshot(session=db, moment=later, scenarios=100, actor=Actor.system("test"))
    db.commit()
    assert [(m.id, s is not None) for m, s in list_moments(session=db, organisation_id=world.own.id)] == [
        (earlier.id, False),
        (later.id, True),
    ]

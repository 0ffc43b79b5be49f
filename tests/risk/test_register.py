"""The register: risks as revisions, stale saves refused, bad data refused, the register as of a date."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from core import clock
from core.actor import Actor
from core.errors import RuleError, StaleEdit
from risk.models import Risk, RiskRequirement, RiskRevision
from risk.reading import (
    accepted_risk_references,
    differences,
    expired_acceptances,
    get_risk,
    list_risks,
    risk_history,
    risk_references,
    top_residual,
)
from risk.register import create_risk, update_risk
from tests.risk.factories import APPROVED_BY, accepted, make_risk, risk_data

ACTOR = Actor.system("Test CISO")


def count(db, table) -> int:
    return db.exec(select(func.count()).select_from(table)).one()


def test_references_count_up_per_organisation(db, world):
    first = make_risk(db, world.own.id)
    second = make_risk(db, world.own.id, title="Phishing")
    elsewhere = make_risk(db, world.other.id)
    assert (first.reference, second.reference, elsewhere.reference) == ("R-001", "R-002", "R-001")
    assert risk_references(session=db, organisation_id=world.own.id) == {"R-001", "R-002"}


def test_a_change_is_a_new_revision_with_who_and_when(db, world, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 3, 1, 9, tzinfo=UTC))
    risk = make_risk(db, world.own.id)
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 4, 1, 9, tzinfo=UTC))
    assert update_risk(
        session=db,
        risk=risk,
        data=risk_data(residual_likelihood=1),
        expected_revision=1,
        actor=Actor.system("Carla"),
        note="back-ups getest",
    ).changed
    db.commit()
    history = risk_history(session=db, risk=risk)
    assert [(r.number, r.residual_likelihood, r.changed_by) for r in history] == [
        (1, 2, "Test CISO"),
        (2, 1, "Carla"),
    ]
    assert (
        history[1].changed_at == datetime(2026, 4, 1, 9, tzinfo=UTC) and history[1].note == "back-ups getest"
    )
    head = get_risk(session=db, organisation_id=world.own.id, risk_id=risk.id)
    assert (head.revision, head.residual_likelihood) == (2, 1)
    assert [
        c.field for c in differences(replace(risk_data()).normalised(), risk_data(residual_likelihood=1))
    ] == ["residual_likelihood"]


def test_saving_the_same_data_makes_no_revision(db, world):
    risk = make_risk(db, world.own.id)
    assert not update_risk(
        session=db, risk=risk, data=risk_data(title="  " + risk.title + " "), expected_revision=1, actor=ACTOR
    ).changed
    assert count(db, RiskRevision) == 1


def test_a_stale_save_is_refused_and_names_the_other_change(db, world):
    risk = make_risk(db, world.own.id)
    update_risk(
        session=db,
        risk=risk,
        data=risk_data(owner="Iemand anders"),
        expected_revision=1,
        actor=Actor.system("Bas"),
    )
    db.commit()
    with pytest.raises(StaleEdit) as caught:
        update_risk(
            session=db, risk=risk, data=risk_data(title="Mijn wijziging"), expected_revision=1, actor=ACTOR
        )
    assert (caught.value.subject, caught.value.base_revision, caught.value.current_revision) == (
        "R-001",
        1,
        2,
    )
    db.rollback()
    assert get_risk(session=db, organisation_id=world.own.id, risk_id=risk.id).title != "Mijn wijziging"


@pytest.mark.parametrize(
    ("overrides", "code", "field", "message"),
    [
        ({"title": " "}, "title_required", "title", "titel ontbreekt"),
        ({"owner": ""}, "owner_required", "owner", "eigenaar ontbreekt"),
        ({"owner": "x" * 201}, "owner_too_long", "owner", "eigenaar is langer dan 200 tekens"),
        (
            {"inherent_likelihood": 6},
            "inherent_likelihood_out_of_scale",
            "inherent_likelihood",
            "inherente kans",
        ),
        ({"residual_impact": 0}, "residual_impact_out_of_scale", "residual_impact", "restimpact moet 1 tot"),
        (
            {"residual_likelihood": 5},
            "residual_likelihood_above_inherent",
            "residual_likelihood",
            "restkans kan niet hoger zijn dan de inherente kans",
        ),
        ({"treatment": "negeren"}, "unknown_treatment", "treatment", "onbekende behandeling"),
        ({"status": "weg"}, "unknown_status", "status", "onbekende status"),
        ({"aspects": ("snelheid",)}, "unknown_aspect", "aspects", "onbekend aspect"),
        ({"impact_areas": ("weer",)}, "unknown_impact_area", "impact_areas", "onbekend impactgebied"),
        (
            {"probability": 40},
            "probability_not_a_class",
            "probability",
            "kansklasse moet 10, 30, 50, 70 of 90",
        ),
        (
            {"impact_minimum": 500_000},
            "amounts_out_of_order",
            "impact_most_likely",
            "minimum <= meest waarschijnlijk <= maximum",
        ),
        ({"impact_maximum": None}, "financials_incomplete", "impact_maximum", "vul ze alle vier in"),
        ({"impact_minimum": -1}, "amount_out_of_range", "impact_minimum", "hele euro's"),
        (
            {"treatment": "accept"},
            "acceptance_expiry_required",
            "acceptance_expires_on",
            "einddatum van de acceptatie ontbreekt",
        ),
        (
            {"requirement_codes": ("9.99",)},
            "unknown_requirements",
            "requirement_codes",
            "onbekende eis(en) in de catalogus: 9.99",
        ),
    ],
)
def test_bad_data_is_refused_and_changes_nothing(db, world, mini_catalogue, overrides, code, field, message):
    risk = make_risk(db, world.own.id)
    with pytest.raises(RuleError) as caught:
        update_risk(session=db, risk=risk, data=risk_data(**overrides), expected_revision=1, actor=ACTOR)
    found = {problem.code: problem for problem in caught.value.problems}
    assert f"risk.{code}" in found, caught.value.problems
    assert found[f"risk.{code}"].field == field and message in found[f"risk.{code}"].message
    db.rollback()
    assert count(db, RiskRevision) == 1 and count(db, Risk) == 1


def test_acceptance_must_expire_after_it_was_given(db, world):
    with pytest.raises(RuleError, match="na de datum van acceptatie"):
        make_risk(
            db,
            world.own.id,
            treatment="accept",
            accepted_by="B&W",
            accepted_on=date(2026, 5, 1),
            acceptance_expires_on=date(2026, 5, 1),
        )


def test_acceptance_fields_are_dropped_with_another_treatment(db, world):
    risk = make_risk(db, world.own.id, accepted_by="B&W", acceptance_expires_on=date(2027, 1, 1))
    assert (risk.accepted_by, risk.acceptance_expires_on) == ("", None)


def test_linked_requirements_follow_the_newest_revision(db, world, mini_catalogue):
    risk = make_risk(db, world.own.id, requirement_codes=("5.01.01", "5.1"))

    def linked():
        return sorted(
            db.exec(select(RiskRequirement.requirement_id).where(RiskRequirement.risk_id == risk.id))
        )

    assert len(linked()) == 2 and risk.requirement_codes == "5.01.01,5.1"
    update_risk(
        session=db,
        risk=risk,
        data=risk_data(requirement_codes=("21.2.a",)),
        expected_revision=1,
        actor=Actor.system("test"),
    )
    db.commit()
    assert len(linked()) == 1
    assert [r.requirement_codes for r in risk_history(session=db, risk=risk)] == ["5.01.01,5.1", "21.2.a"]


def test_the_register_as_of_a_date_shows_the_revisions_of_then(db, world, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 1, 10, 12, tzinfo=UTC))
    first = make_risk(db, world.own.id)
    # 31 March 23:30 in Amsterdam (summer time) is 21:30 UTC: still 'as of 31 March'
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 3, 31, 21, 30, tzinfo=UTC))
    update_risk(
        session=db,
        risk=first,
        data=risk_data(title="Ransomware (bijgesteld)"),
        expected_revision=1,
        actor=Actor.system("test"),
    )
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 4, 2, 8, tzinfo=UTC))
    make_risk(db, world.own.id, title="Later risico")
    update_risk(
        session=db,
        risk=first,
        data=risk_data(title="Ransomware (nu)"),
        expected_revision=2,
        actor=Actor.system("test"),
    )
    make_risk(db, world.other.id, title="Niet van ons")
    db.commit()
    titles = lambda day: [s.title for s in list_risks(session=db, organisation_id=world.own.id, as_of=day)]  # noqa: E731
    assert titles(date(2026, 1, 9)) == []
    assert titles(date(2026, 3, 30)) == ["Ransomware legt de burgerzaken-applicaties plat"]
    assert titles(date(2026, 3, 31)) == ["Ransomware (bijgesteld)"]
    assert titles(date(2026, 4, 2)) == ["Ransomware (nu)", "Later risico"]
    assert [s.title for s in list_risks(session=db, organisation_id=world.own.id)] == titles(date(2026, 4, 2))


def test_the_register_of_temporarily_accepted_risks(db, world):
    make_risk(db, world.own.id)  # R-001 reduced, not accepted
    for data in (
        accepted(),  # R-002 valid through 31 December 2026
        replace(accepted(), acceptance_expires_on=date(2026, 6, 30)),  # R-003 expired by July
        replace(accepted(), status="closed"),  # R-004 closed
    ):
        create_risk(
            session=db,
            organisation_id=world.own.id,
            data=data,
            actor=Actor.system("test"),
            approved_by=APPROVED_BY,
        )
    create_risk(
        session=db,
        organisation_id=world.other.id,
        data=accepted(),
        actor=Actor.system("test"),
        approved_by=APPROVED_BY,
    )
    db.commit()
    accepted_on = lambda day: accepted_risk_references(session=db, organisation_id=world.own.id, today=day)  # noqa: E731
    assert accepted_on(date(2026, 6, 30)) == {"R-002", "R-003"}
    assert accepted_on(date(2026, 7, 1)) == {"R-002"}
    assert accepted_on(date(2026, 12, 31)) == {"R-002"}
    assert accepted_on(date(2027, 1, 1)) == set()
    states = list_risks(session=db, organisation_id=world.own.id)
    assert [s.reference for s in expired_acceptances(states, date(2026, 7, 1))] == ["R-003"]


def test_top_residual_risks_leave_closed_ones_out(db, world):
    for number, (likelihood, impact, status) in enumerate(
        [(1, 1, "open"), (3, 4, "open"), (4, 5, "closed"), (3, 4, "monitoring"), (2, 5, "open")]
    ):
        make_risk(
            db,
            world.own.id,
            title=f"Risico {number}",
            residual_likelihood=likelihood,
            residual_impact=impact,
            status=status,
        )
    states = list_risks(session=db, organisation_id=world.own.id)
    assert [s.reference for s in top_residual(states, 3)] == ["R-002", "R-004", "R-005"]


def test_revisions_never_change_in_the_database(db, world):
    make_risk(db, world.own.id)
    for statement in ("UPDATE risk_revision SET title = 'x'", "DELETE FROM risk_revision"):
        with pytest.raises(DBAPIError):
            db.exec(text(statement))
        db.rollback()
    assert db.exec(select(RiskRevision.title)).one() != "x"

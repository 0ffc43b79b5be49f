"""The comply-or-explain rules (controls.rules.check_answer), as a pure function."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from controls.rules import AnswerValues, check_answer

TODAY = date(2026, 3, 16)


def codes(
    values: AnswerValues,
    kind: str = "measure",
    *,
    provider=False,
    shared=False,
    accepted=(),
    known=(),
    horizon=3,
) -> set[str]:
    violations = check_answer(
        values.normalised(),
        kind=kind,
        has_provider=provider,
        provider_shares=shared,
        accepted_risks=set(accepted),
        known_risks=set(known),
        today=TODAY,
        plan_horizon_years=horizon,
    )
    assert all(v.code.startswith("answer.") for v in violations)  # the area's codes, worded by app.answers
    return {v.code.removeprefix("answer.") for v in violations}


def values(**fields) -> AnswerValues:
    fields.setdefault("last_reviewed_on", TODAY)
    return AnswerValues(**fields)


@pytest.mark.parametrize("kind", ["control", "measure", "nis2"])
def test_implemented_needs_opzet_sufficient_and_nothing_more(kind):
    assert codes(values(applicability="applicable", implementation="implemented"), kind) == {
        "implemented_needs_design"
    }
    insufficient = values(applicability="applicable", implementation="implemented", design="insufficient")
    assert codes(insufficient, kind) == {"implemented_needs_design"}
    sufficient = values(applicability="applicable", implementation="implemented", design="sufficient")
    assert codes(sufficient, kind) == set()


def test_opzet_bestaan_werking_are_judged_in_that_order():
    base = {"applicability": "applicable", "implementation": "partially", "explanation": "x"}
    base["planned_on"] = date(2026, 9, 1)
    assert codes(values(**base, operation="sufficient")) == {"operation_before_existence"}
    assert codes(values(**base, existence="sufficient", operation="sufficient")) == {
        "existence_before_design"
    }
    ordered = values(**base, design="sufficient", existence="insufficient", operation="insufficient")
    assert codes(ordered) == set()


@pytest.mark.parametrize("kind", ["control", "measure", "nis2"])
def test_a_planned_date_beyond_the_horizon_is_refused(kind):
    far = {"applicability": "applicable", "implementation": "planned", "explanation": "x"}
    assert codes(values(**far, planned_on=date(2029, 3, 16)), kind) == set()  # three years: the last day
    assert codes(values(**far, planned_on=date(2029, 3, 17)), kind) == {"plan_beyond_horizon"}
    assert codes(values(**far, planned_on=date(2099, 1, 1)), kind, horizon=5) == {"plan_beyond_horizon"}
    assert codes(values(**far, planned_on=date(2031, 1, 1)), kind, horizon=5) == set()


def test_a_legal_duty_never_rests_on_risk_acceptance():
    answer = values(
        applicability="applicable", implementation="not_implemented", explanation="x", risk_reference="R-014"
    )
    assert codes(answer, "nis2", accepted={"R-014"}, known={"R-014"}) == {"legal_duty_needs_plan"}
    assert codes(answer, "control", accepted={"R-014"}, known={"R-014"}) == set()


@pytest.mark.parametrize("kind", ["measure", "nis2"])
def test_not_applicable_needs_a_reason(kind):
    assert codes(values(applicability="not_applicable"), kind) == {"reason_required"}
    assert codes(values(applicability="not_applicable", explanation="  "), kind) == {"reason_required"}
    assert codes(values(applicability="not_applicable", explanation="Geen eigen datacenter."), kind) == set()


def test_not_applying_a_control_needs_a_known_risk_reference():
    base = values(applicability="not_applicable", explanation="Geen eigen ontwikkeling.")
    assert codes(base, "control") == {"control_exception_needs_risk"}
    with_reference = values(applicability="not_applicable", explanation="x", risk_reference="R-007")
    assert codes(with_reference, "control") == {"unknown_risk"}
    assert codes(with_reference, "control", known={"R-007"}) == set()


@pytest.mark.parametrize("implementation", ["partially", "planned", "not_implemented"])
def test_short_of_implemented_needs_an_explanation_and_a_plan(implementation):
    bare = values(applicability="applicable", implementation=implementation)
    assert codes(bare, "measure") == {"explanation_required", "measure_needs_plan"}
    assert codes(bare, "control") == {"explanation_required", "plan_or_accepted_risk_required"}
    assert codes(bare, "nis2") == {"explanation_required", "legal_duty_needs_plan"}
    planned = values(
        applicability="applicable",
        implementation=implementation,
        explanation="In Q3.",
        planned_on=date(2026, 9, 30),
    )
    assert codes(planned, "measure") == set()
    assert codes(planned, "control") == set()
    assert codes(planned, "nis2") == set()


def test_a_temporarily_accepted_risk_covers_a_control_but_never_a_measure_or_a_legal_duty():
    answer = values(
        applicability="applicable",
        implementation="partially",
        explanation="Budget 2027.",
        risk_reference="r-003",
    )
    assert codes(answer, "control", accepted={"R-003"}, known={"R-003"}) == set()
    assert codes(answer, "nis2", accepted={"R-003"}, known={"R-003"}) == {"legal_duty_needs_plan"}
    assert codes(answer, "measure", accepted={"R-003"}, known={"R-003"}) == {"measure_needs_plan"}


def test_a_risk_that_is_not_or_no_longer_accepted_does_not_cover():
    answer = values(
        applicability="applicable", implementation="not_implemented", explanation="x", risk_reference="R-003"
    )
    assert codes(answer, "control", known={"R-003"}) == {"risk_not_accepted"}


def test_inherited_needs_a_provider_that_shares_the_requirement():
    answer = values(applicability="inherited")
    assert codes(answer, provider=False) == {"provider_required"}
    assert codes(answer, provider=True) == {"not_shared"}
    assert codes(answer, provider=True, shared=True) == set()


def test_applicable_needs_an_implementation_state():
    assert codes(values(applicability="applicable")) == {"implementation_required"}


def test_review_date_is_required_and_not_in_the_future():
    undated = values(applicability="applicable", implementation="implemented", design="sufficient")
    assert codes(replace(undated, last_reviewed_on=None)) == {"review_date_required"}
    future = values(
        applicability="applicable",
        implementation="implemented",
        design="sufficient",
        last_reviewed_on=date(2026, 3, 17),
    )
    assert codes(future) == {"review_in_future"}


def test_values_outside_the_enums_and_too_long_texts_are_refused():
    assert codes(values(applicability="maybe")) == {"invalid_value"}
    assert codes(values(applicability="applicable", implementation="implemented", design="great")) == {
        "invalid_value"
    }
    assert codes(
        values(applicability="applicable", implementation="implemented", design="sufficient", owner="x" * 201)
    ) == {"too_long"}


def test_normalising_drops_what_only_an_applied_requirement_has():
    answer = values(
        applicability="not_applicable",
        implementation="planned",
        planned_on=date(2026, 5, 1),
        design="sufficient",
        explanation="  reden \r\n ",
        owner=" Jan ",
        risk_reference=" r-1 ",
    )
    normal = answer.normalised()
    assert normal.implementation is None and normal.planned_on is None and normal.design == "not_assessed"
    assert (normal.explanation, normal.owner, normal.risk_reference) == ("reden", "Jan", "R-1")
    assert normal.normalised() == normal


def test_every_violation_names_a_field_and_has_a_dutch_message():
    violations = check_answer(
        values(applicability="applicable", implementation="planned").normalised(),
        kind="control",
        has_provider=False,
        accepted_risks=set(),
        known_risks=set(),
        today=TODAY,
    )
    assert {v.field for v in violations} == {"explanation", "planned_on"}
    assert all(v.message and v.message[0].islower() for v in violations)

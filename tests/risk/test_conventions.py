"""The required capacity under each impact convention, against an independent computation: exact enumeration of
the discrete distribution for the fixed-amount conventions, and a large sample drawn with numpy's own generator
(another method, not the simulation's code path) for the triangle and the uniform one."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from risk.capacity import (
    METHODS,
    ImpactConvention,
    convention_of_method,
    expected_amount,
    required_capacity,
)
from risk.montecarlo import simulate_totals

# Four risks with the municipal probability classes; (probability, minimum, most likely, maximum).
# Chosen so that no certainty falls on a jump of the fixed-amount distributions (checked in the test).
REGISTER = [
    (0.30, 200_000, 600_000, 1_500_000),
    (0.50, 50_000, 100_000, 400_000),
    (0.70, 10_000, 40_000, 80_000),
    (0.90, 5_000, 20_000, 60_000),
]
SCENARIOS = 200_000


def exact_distribution(amounts: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """(total, probability) of every subset of risks occurring, for fixed amounts: 2^n outcomes, enumerated."""
    outcomes = []
    for occurs in itertools.product((False, True), repeat=len(amounts)):
        probability = math.prod(
            p if hit else 1 - p for hit, (p, _amount) in zip(occurs, amounts, strict=True)
        )
        total = sum(amount for hit, (_p, amount) in zip(occurs, amounts, strict=True) if hit)
        outcomes.append((total, probability))
    return sorted(outcomes)


def exact_quantile(distribution: list[tuple[float, float]], certainty: float) -> float:
    """The smallest total whose cumulative probability reaches `certainty`."""
    cumulative = 0.0
    for total, probability in distribution:
        cumulative += probability
        if cumulative >= certainty - 1e-12:
            return total
    raise AssertionError("probabilities do not add up to 1")


def cumulative_at(distribution: list[tuple[float, float]], total: float) -> float:
    return sum(p for t, p in distribution if t <= total)


@pytest.mark.parametrize(
    ("convention", "pick"),
    [(ImpactConvention.MAXIMUM, lambda r: r[3]), (ImpactConvention.MOST_LIKELY, lambda r: r[2])],
)
@pytest.mark.parametrize("certainty", [0.80, 0.90, 0.95, 0.99])
def test_a_fixed_amount_convention_gives_the_exact_quantile_of_the_enumerated_distribution(
    convention, pick, certainty
):
    distribution = exact_distribution([(r[0], pick(r)) for r in REGISTER])
    expected = exact_quantile(distribution, certainty)
    # the test means something only when the certainty is not on a jump of the distribution function:
    below = max((t for t, _p in distribution if t < expected), default=None)
    assert below is None or cumulative_at(distribution, below) < certainty - 0.005
    assert cumulative_at(distribution, expected) > certainty + 0.005
    result = required_capacity(
        REGISTER, scenarios=SCENARIOS, certainty=certainty, seed=5, convention=convention
    )
    assert result == expected


@pytest.mark.parametrize("convention", [ImpactConvention.MAXIMUM, ImpactConvention.MOST_LIKELY])
def test_a_fixed_amount_convention_has_the_exact_mean(convention):
    pick = 3 if convention is ImpactConvention.MAXIMUM else 2
    distribution = exact_distribution([(r[0], r[pick]) for r in REGISTER])
    mean = sum(t * p for t, p in distribution)
    totals = simulate_totals(REGISTER, scenarios=SCENARIOS, seed=9, convention=convention)
    assert abs(totals.mean() - mean) < 4 * totals.std() / math.sqrt(SCENARIOS)


def independent_sample(convention: ImpactConvention, size: int, seed: int) -> np.ndarray:
    """Totals drawn with numpy's Generator.triangular / .uniform and a separate draw for occurrence."""
    generator = np.random.default_rng(seed)
    totals = np.zeros(size)
    for p, low, mode, high in REGISTER:
        occurs = generator.random(size) < p
        if convention is ImpactConvention.TRIANGULAR:
            amounts = generator.triangular(low, mode, high, size)
        else:
            amounts = generator.uniform(0, high, size)
        totals += occurs * amounts
    return totals


@pytest.mark.parametrize("convention", [ImpactConvention.TRIANGULAR, ImpactConvention.UNIFORM])
@pytest.mark.parametrize("certainty", [0.80, 0.90, 0.99])
def test_a_continuous_convention_matches_a_large_independent_sample(convention, certainty):
    reference = independent_sample(convention, 1_000_000, seed=17)
    expected = float(np.quantile(reference, certainty))
    result = required_capacity(
        REGISTER, scenarios=SCENARIOS, certainty=certainty, seed=3, convention=convention
    )
    assert result == pytest.approx(expected, rel=0.03)


@pytest.mark.parametrize("convention", [ImpactConvention.TRIANGULAR, ImpactConvention.UNIFORM])
def test_a_continuous_convention_has_the_closed_form_mean(convention):
    mean = sum(
        p * ((low + mode + high) / 3 if convention is ImpactConvention.TRIANGULAR else high / 2)
        for p, low, mode, high in REGISTER
    )
    totals = simulate_totals(REGISTER, scenarios=SCENARIOS, seed=21, convention=convention)
    assert abs(totals.mean() - mean) < 4 * totals.std() / math.sqrt(SCENARIOS)


def test_one_certain_uniform_risk_has_the_closed_form_quantile():
    # uniform on 0..100 000: the 90 % quantile is 90 000
    result = required_capacity(
        [(1.0, 20_000, 50_000, 100_000)], scenarios=SCENARIOS, seed=1, convention=ImpactConvention.UNIFORM
    )
    assert result == pytest.approx(90_000, rel=0.005)


def test_the_conventions_order_as_expected_and_differ_about_twofold():
    figures = {
        c: required_capacity(REGISTER, scenarios=SCENARIOS, seed=4, convention=c) for c in ImpactConvention
    }
    assert figures[ImpactConvention.MOST_LIKELY] < figures[ImpactConvention.TRIANGULAR]
    assert figures[ImpactConvention.TRIANGULAR] < figures[ImpactConvention.MAXIMUM]
    assert figures[ImpactConvention.MAXIMUM] / figures[ImpactConvention.MOST_LIKELY] > 1.8


def test_the_triangle_is_the_default_and_unchanged_bit_for_bit():
    default = simulate_totals(REGISTER, scenarios=50_000, seed=8)
    named = simulate_totals(REGISTER, scenarios=50_000, seed=8, convention="triangular")
    assert np.array_equal(default, named)


def test_every_convention_has_its_own_method_name():
    assert len(set(METHODS.values())) == len(ImpactConvention)
    assert all(convention_of_method(METHODS[c]) is c for c in ImpactConvention)
    assert convention_of_method("pert/pcg64/v1") is None


def test_the_amount_of_a_risk_table_follows_the_convention():
    assert expected_amount(10, 40, 100, "triangular") == 50
    assert expected_amount(10, 40, 100, "maximum") == 100
    assert expected_amount(10, 40, 100, "uniform") == 50
    assert expected_amount(10, 40, 100, "most_likely") == 40

"""The Monte Carlo weerstandsvermogen against closed forms, its reproducibility, and the A-F rating."""

from __future__ import annotations

import math

import numpy as np
import pytest

import risk.montecarlo as montecarlo
from risk.capacity import Rating, capacity_ratio, rating, required_capacity
from risk.montecarlo import simulate_totals


def test_one_certain_risk_with_a_fixed_amount_needs_exactly_that_amount():
    assert required_capacity([(1.0, 250_000, 250_000, 250_000)]) == 250_000


def test_no_risks_or_never_occurring_risks_need_nothing():
    assert required_capacity([]) == 0
    assert required_capacity([(0.0, 10, 20, 30), (0.0, 0, 0, 1_000_000)]) == 0


def test_a_risk_below_the_certainty_is_not_needed_and_above_it_fully():
    # Occurs in 5 % of the scenarios: the 90 % quantile is 0; in 50 %: the 90 % quantile is the amount.
    assert required_capacity([(0.05, 1000, 1000, 1000)], certainty=0.90) == 0
    assert required_capacity([(0.5, 1000, 1000, 1000)], certainty=0.90) == 1000


@pytest.mark.parametrize(
    ("low", "mode", "high"),
    [(0, 0, 100), (0, 100, 100), (0, 30, 100), (1_000, 4_000, 10_000)],
)
def test_a_certain_triangular_risk_has_the_closed_form_quantile(low, mode, high):
    certainty = 0.90
    width, turn = high - low, (mode - low) / (high - low)
    if certainty <= turn:
        expected = low + math.sqrt(certainty * width * (mode - low))
    else:
        expected = high - math.sqrt((1 - certainty) * width * (high - mode))
    result = required_capacity([(1.0, low, mode, high)], scenarios=200_000, certainty=certainty, seed=3)
    assert result == pytest.approx(expected, rel=0.01)


def test_the_mean_of_the_simulated_totals_is_the_sum_of_the_means():
    exposures = [
        (0.1, 0, 50_000, 200_000),
        (0.3, 10_000, 20_000, 90_000),
        (0.5, 5_000, 5_000, 5_000),
        (0.7, 100_000, 300_000, 400_000),
        (0.9, 0, 0, 60_000),
    ]
    totals = simulate_totals(exposures, scenarios=200_000, seed=11)
    expected = sum(p * (low + mode + high) / 3 for p, low, mode, high in exposures)
    standard_error = totals.std() / math.sqrt(totals.size)
    assert abs(totals.mean() - expected) < 4 * standard_error


def test_the_variance_of_one_risk_matches_the_closed_form():
    p, low, mode, high = 0.3, 0.0, 20.0, 100.0
    totals = simulate_totals([(p, low, mode, high)], scenarios=400_000, seed=2)
    mean = (low + mode + high) / 3
    second = mean**2 + (low**2 + mode**2 + high**2 - low * mode - low * high - mode * high) / 18
    assert totals.var() == pytest.approx(p * second - (p * mean) ** 2, rel=0.02)


def test_the_same_seed_gives_the_same_figure_and_another_seed_another():
    exposures = [(0.3, 10_000, 50_000, 900_000)] * 20
    first = required_capacity(exposures, seed=42)
    assert required_capacity(exposures, seed=42) == first
    assert required_capacity(exposures, seed=43) != first


def test_the_figure_does_not_depend_on_the_chunk_size(monkeypatch):
    """The random stream is the same for any chunk size; only the order of floating-point additions inside
    the matrix products may differ (last bits)."""
    exposures = [(0.5, 1, 2, 300), (0.1, 0, 0, 50), (0.9, 7, 8, 9)] * 7
    first = simulate_totals(exposures, scenarios=10_001, seed=5)
    for chunk in (1 << 20, 64):
        monkeypatch.setattr(montecarlo, "CHUNK_ELEMENTS", chunk)
        assert np.allclose(simulate_totals(exposures, scenarios=10_001, seed=5), first, rtol=1e-12, atol=1e-9)


def test_a_higher_certainty_needs_more():
    exposures = [(0.5, 0, 100_000, 1_000_000)] * 10
    figures = [required_capacity(exposures, certainty=c, scenarios=20_000) for c in (0.8, 0.9, 0.95, 0.99)]
    assert figures == sorted(figures) and len(set(figures)) == 4


@pytest.mark.parametrize(
    "bad",
    [
        [(1.5, 1, 2, 3)],
        [(-0.1, 1, 2, 3)],
        [(0.5, 3, 2, 1)],
        [(0.5, -1, 2, 3)],
        [(0.5, 1, 2)],
        [(0.5, 1, 2, math.nan)],
    ],
)
def test_bad_exposures_are_refused(bad):
    with pytest.raises(ValueError):
        required_capacity(bad)


@pytest.mark.parametrize("bad", [0, 1, 1.5, -0.1])
def test_certainty_lies_strictly_between_0_and_1(bad):
    with pytest.raises(ValueError):
        required_capacity([(1, 1, 1, 1)], certainty=bad)


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [
        (2.0000001, Rating.A),
        (2.0, Rating.B),
        (1.4, Rating.B),
        (1.3999999, Rating.C),
        (1.0, Rating.C),
        (0.9999999, Rating.D),
        (0.8, Rating.D),
        (0.7999999, Rating.E),
        (0.6, Rating.E),
        (0.5999999, Rating.F),
        (0.0, Rating.F),
        (None, None),
    ],
)
def test_rating_boundaries(ratio, expected):
    assert rating(ratio) == expected


def test_ratio_of_round_amounts_meets_the_boundaries_exactly():
    assert rating(capacity_ratio(1_400_000, 1_000_000)) == Rating.B
    assert rating(capacity_ratio(600_000, 1_000_000)) == Rating.E
    assert capacity_ratio(5, 0) is None


@pytest.mark.parametrize(("risks", "scenarios"), [(500, 100_000), (37, 12_345), (3, 50_001)])
def test_several_workers_give_the_same_totals_bit_for_bit(risks, scenarios):
    """A snapshot's figure is reproduced exactly, however many threads simulated it."""
    generator = np.random.default_rng(risks)
    low = generator.integers(0, 100_000, size=risks).astype(float)
    mode = low + generator.integers(0, 200_000, size=risks)
    high = mode + generator.integers(1, 900_000, size=risks)
    exposures = list(
        zip(generator.choice([0.1, 0.3, 0.5, 0.9, 1.0], size=risks), low, mode, high, strict=True)
    )
    one = simulate_totals(exposures, scenarios=scenarios, seed=11, workers=1)
    for workers in (2, 3):
        assert np.array_equal(simulate_totals(exposures, scenarios=scenarios, seed=11, workers=workers), one)

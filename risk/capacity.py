"""Weerstandsvermogen: the required resistance capacity by Monte Carlo simulation, the ratio and its rating.

Method (docs/weerstandsvermogen.md): in every scenario each risk occurs with its probability; when it
occurs, its amount follows the organisation's impact convention: a triangular distribution over (minimum, most
likely, maximum), the maximum, a uniform distribution over 0..maximum, or the most likely amount. The required
capacity is the `certainty` quantile of the simulated totals (risk/montecarlo.py, loaded when a simulation
runs: numpy is not loaded before). The function is pure: the same exposures,
convention, scenarios, certainty and seed give the same figure, which is why every snapshot stores its seed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum

from risk.conventions import DEFAULT_CONVENTION, DEFAULT_SCENARIOS, ImpactConvention

# Stored with each snapshot (and sealed by its SHA-256); a change of method gets a new name.
METHODS = {
    ImpactConvention.TRIANGULAR: "triangular/pcg64/v1",
    ImpactConvention.MAXIMUM: "maximum/pcg64/v1",
    ImpactConvention.UNIFORM: "uniform-0-max/pcg64/v1",
    ImpactConvention.MOST_LIKELY: "most-likely/pcg64/v1",
}
METHOD = METHODS[DEFAULT_CONVENTION]


def convention_of_method(method: str) -> ImpactConvention | None:
    """The convention a stored method name was computed with (None: a method this version does not know)."""
    return next((convention for convention, name in METHODS.items() if name == method), None)


DEFAULT_CERTAINTY = 0.90
CERTAINTIES = (0.80, 0.90, 0.95, 0.99)

Exposure = tuple[float, float, float, float]  # (probability 0..1, minimum, most likely, maximum), euros


class Rating(StrEnum):
    """The common rating of the ratio weerstandsvermogen (NAR / Universiteit Twente)."""

    A = "A"  # uitstekend: ratio > 2.0
    B = "B"  # ruim voldoende: 1.4 <= ratio <= 2.0
    C = "C"  # voldoende: 1.0 <= ratio < 1.4
    D = "D"  # matig: 0.8 <= ratio < 1.0
    E = "E"  # onvoldoende: 0.6 <= ratio < 0.8
    F = "F"  # ruim onvoldoende: ratio < 0.6


# Inclusive lower bounds from B down: a boundary value belongs to the better class; A needs more than 2.0.
_LOWER_BOUNDS = ((1.4, Rating.B), (1.0, Rating.C), (0.8, Rating.D), (0.6, Rating.E))


def expected_amount(low: float, mode: float, high: float, convention: ImpactConvention | str) -> float:
    """The mean amount of a risk when it occurs, under the convention (the figure of a risk table)."""
    convention = ImpactConvention(convention)
    if convention is ImpactConvention.MAXIMUM:
        return float(high)
    if convention is ImpactConvention.MOST_LIKELY:
        return float(mode)
    if convention is ImpactConvention.UNIFORM:
        return high / 2
    return (low + mode + high) / 3


def required_capacity(
    exposures: Iterable[Sequence[float]],
    *,
    scenarios: int = DEFAULT_SCENARIOS,
    certainty: float = DEFAULT_CERTAINTY,
    seed: int = 0,
    convention: ImpactConvention | str = DEFAULT_CONVENTION,
) -> float:
    """The amount that covers the total of the risks in `certainty` of the simulated scenarios (euros). The
    simulation (risk/montecarlo.py, numpy) is loaded here, when one runs: a web worker or a command that shows
    a stored snapshot never loads numpy."""
    if not 0 < certainty < 1:
        raise ValueError("de zekerheid ligt tussen 0 en 1")
    from risk.montecarlo import totals_quantile

    return totals_quantile(
        exposures, scenarios=scenarios, certainty=certainty, seed=seed, convention=convention
    )


def capacity_ratio(available: float, required: float) -> float | None:
    """Available / required resistance capacity; None when nothing is required (no financial risks)."""
    if required <= 0:
        return None
    return available / required


def rating(ratio: float | None) -> Rating | None:
    """The A-F class of a ratio: A > 2.0, B >= 1.4, C >= 1.0, D >= 0.8, E >= 0.6, else F (None: None)."""
    if ratio is None:
        return None
    if ratio > 2.0:
        return Rating.A
    for bound, grade in _LOWER_BOUNDS:
        if ratio >= bound:
            return grade
    return Rating.F

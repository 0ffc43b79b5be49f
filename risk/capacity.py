"""Weerstandsvermogen: the required resistance capacity by Monte Carlo simulation, the ratio and its rating.

Method (docs/weerstandsvermogen.md): in every scenario each risk occurs with its probability; when it
occurs, its amount follows a triangular distribution over (minimum, most likely, maximum). The required
capacity is the `certainty` quantile of the simulated totals. The function is pure: the same exposures,
scenarios, certainty and seed give the same figure, which is why every snapshot stores its seed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum

import numpy as np

METHOD = "triangular/pcg64/v1"  # stored with each snapshot; a change of method gets a new name
DEFAULT_SCENARIOS = 100_000
DEFAULT_CERTAINTY = 0.90
CERTAINTIES = (0.80, 0.90, 0.95, 0.99)
CHUNK_ELEMENTS = (
    1 << 15
)  # risks x scenarios per step: small enough for the CPU cache, the figure does not depend on it

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


def validated_exposures(exposures: Iterable[Sequence[float]]) -> np.ndarray:
    """The exposures as an (n, 4) float array; ValueError unless each is a probability and ordered amounts."""
    array = np.asarray(list(exposures), dtype=np.float64)
    if array.size == 0:
        return np.zeros((0, 4))
    if array.ndim != 2 or array.shape[1] != 4:
        raise ValueError("elke blootstelling is (kans, minimum, meest waarschijnlijk, maximum)")
    if not np.all(np.isfinite(array)):
        raise ValueError("blootstellingen moeten eindige getallen zijn")
    probability, low, mode, high = array.T
    if np.any((probability < 0) | (probability > 1)):
        raise ValueError("een kans ligt tussen 0 en 1")
    if np.any((low < 0) | (low > mode) | (mode > high)):
        raise ValueError("bedragen moeten voldoen aan 0 <= minimum <= meest waarschijnlijk <= maximum")
    return array


def simulate_totals(
    exposures: Iterable[Sequence[float]], *, scenarios: int = DEFAULT_SCENARIOS, seed: int = 0
) -> np.ndarray:
    """The total amount of the risks that occur, per scenario (float64 array of length `scenarios`).

    One 32-bit uniform number u per risk and scenario decides both: the risk occurs when u >= 1 - p, and
    then q = (u - (1 - p)) / p is again uniform on [0, 1) and picks the amount. With w = max - min and
    t = (mode - min) / w, q <= t gives min + sqrt(q w (mode - min)) and q > t gives
    max - sqrt((q - t) w (max - mode)): the inverse distribution function of the triangle, its falling side
    mirrored (the same distribution) so that one square root serves both sides. The sums over the risks are
    then four matrix-vector products.
    """
    if scenarios < 1:
        raise ValueError("minstens één scenario")
    array = validated_exposures(exposures)
    array = array[array[:, 0] > 0]  # a risk that never occurs adds nothing
    totals = np.zeros(scenarios)
    count = array.shape[0]
    if count == 0:
        return totals
    probability, low, mode, high = (column.copy() for column in array.T)
    width = high - low
    turn = np.divide(mode - low, width, out=np.zeros(count), where=width > 0)
    rising = np.sqrt(width * (mode - low))
    falling = np.sqrt(width * (high - mode))
    both = rising + falling
    scale = 2.0**-32 / probability
    shift = (1.0 - probability) / probability
    bits = np.random.PCG64(seed)
    rows = max(
        2, CHUNK_ELEMENTS // count // 2 * 2
    )  # even: the stream of numbers is the same for any chunk size
    quantile, occurs, on_fall, work = (np.empty((rows, count)) for _ in range(4))
    for start in range(0, scenarios, rows):
        size = min(rows, scenarios - start)
        if size < rows:
            quantile, occurs, on_fall, work = quantile[:size], occurs[:size], on_fall[:size], work[:size]
        raw = bits.random_raw((size * count + 1) // 2).view(np.uint32)[: size * count].reshape(size, count)
        np.multiply(raw, scale, out=quantile)
        quantile -= shift
        np.greater_equal(quantile, 0.0, out=occurs)
        np.maximum(quantile, 0.0, out=quantile)  # a risk that does not occur: q = 0 adds nothing below
        np.greater(quantile, turn, out=on_fall)
        np.multiply(on_fall, turn, out=work)
        quantile -= work
        np.sqrt(quantile, out=quantile)
        np.multiply(on_fall, quantile, out=work)
        totals[start : start + size] = occurs @ low + on_fall @ width + quantile @ rising - work @ both
    return totals


def required_capacity(
    exposures: Iterable[Sequence[float]],
    *,
    scenarios: int = DEFAULT_SCENARIOS,
    certainty: float = DEFAULT_CERTAINTY,
    seed: int = 0,
) -> float:
    """The amount that covers the total of the risks in `certainty` of the simulated scenarios (euros)."""
    if not 0 < certainty < 1:
        raise ValueError("de zekerheid ligt tussen 0 en 1")
    totals = simulate_totals(exposures, scenarios=scenarios, seed=seed)
    return float(np.quantile(totals, certainty))


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

"""The Monte Carlo simulation of the weerstandsvermogen (risk.capacity.required_capacity, docs/weerstandsvermogen.md):
the totals of the risks that occur, per scenario, with numpy. Its own module so that numpy is loaded only where a
simulation runs (a snapshot is taken or reproduced), not in every web worker and command that imports
risk.capacity for its conventions and ratings (tests/test_startup.py)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from risk.conventions import DEFAULT_CONVENTION, DEFAULT_SCENARIOS, ImpactConvention

# Risks x scenarios per step: small enough for the CPU cache. Keep it: a snapshot's figure is reproduced
# bit for bit, and the matrix-vector products may round the last bit differently for another number of rows.
CHUNK_ELEMENTS = 1 << 15
DEFAULT_WORKERS = max(1, min(2, os.cpu_count() or 1))
MIN_CHUNKS_PER_WORKER = 16  # below that, a thread costs more than it saves


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


def convention_exposures(array: np.ndarray, convention: ImpactConvention) -> np.ndarray:
    """The (probability, low, mode, high) the simulation draws from under the convention: a fixed amount is
    low = mode = high; uniform 0..maximum keeps (0, -, maximum) and is drawn linearly (see `simulate_totals`)."""
    probability, _low, mode, high = array.T
    if convention is ImpactConvention.MAXIMUM:
        return np.column_stack((probability, high, high, high))
    if convention is ImpactConvention.MOST_LIKELY:
        return np.column_stack((probability, mode, mode, mode))
    if convention is ImpactConvention.UNIFORM:
        return np.column_stack((probability, np.zeros_like(high), high, high))
    return array


def simulate_totals(
    exposures: Iterable[Sequence[float]],
    *,
    scenarios: int = DEFAULT_SCENARIOS,
    seed: int = 0,
    workers: int | None = None,
    convention: ImpactConvention | str = DEFAULT_CONVENTION,
) -> np.ndarray:
    """The total amount of the risks that occur, per scenario (float64 array of length `scenarios`).

    One 32-bit uniform number u per risk and scenario decides both: the risk occurs when u >= 1 - p, and
    then q = (u - (1 - p)) / p is again uniform on [0, 1) and picks the amount. With w = max - min and
    t = (mode - min) / w, q <= t gives min + sqrt(q w (mode - min)) and q > t gives
    max - sqrt((q - t) w (max - mode)): the inverse distribution function of the triangle, its falling side
    mirrored (the same distribution) so that one square root serves both sides. The sums over the risks are
    then four matrix-vector products. Uniform 0..maximum uses q directly: 0 + q * maximum (two products);
    a fixed amount (maximum, most likely) is a triangle of width 0.

    The scenarios are simulated in chunks of the same size whatever `workers` is (default: up to two); a
    worker takes a run of chunks with the generator advanced to exactly where that run starts, so the totals
    are the same numbers, bit for bit, with one worker or several.
    """
    if scenarios < 1:
        raise ValueError("minstens één scenario")
    convention = ImpactConvention(convention)
    array = convention_exposures(validated_exposures(exposures), convention)
    array = array[array[:, 0] > 0]  # a risk that never occurs adds nothing
    totals = np.zeros(scenarios)
    count = array.shape[0]
    if count == 0:
        return totals
    rows = max(2, CHUNK_ELEMENTS // count // 2 * 2)  # even: whole 64-bit draws per chunk, any chunking
    chunks = -(-scenarios // rows)
    workers = min(workers or DEFAULT_WORKERS, max(1, chunks // MIN_CHUNKS_PER_WORKER))
    simulation = _Simulation(array, totals, rows, seed, uniform=convention is ImpactConvention.UNIFORM)
    if workers == 1:
        simulation.run(0, chunks)
        return totals
    share = -(-chunks // workers)
    with ThreadPoolExecutor(workers, thread_name_prefix="naleving-montecarlo") as pool:
        runs = [
            pool.submit(simulation.run, first, min(first + share, chunks))
            for first in range(0, chunks, share)
        ]
        for run in runs:
            run.result()
    return totals


class _Simulation:
    """The per-risk constants and the output of one simulation; `run` fills the totals of a run of chunks.
    numpy releases the interpreter lock in its array operations, so runs in threads use several cores."""

    def __init__(self, array: np.ndarray, totals: np.ndarray, rows: int, seed: int, *, uniform: bool):
        count = array.shape[0]
        probability, low, mode, high = (column.copy() for column in array.T)
        width = high - low
        self.low, self.width = low, width
        self.turn = np.divide(mode - low, width, out=np.zeros(count), where=width > 0)
        self.rising = np.sqrt(width * (mode - low))
        self.both = self.rising + np.sqrt(width * (high - mode))
        self.scale = 2.0**-32 / probability
        self.shift = (1.0 - probability) / probability
        self.totals, self.rows, self.count, self.seed = totals, rows, count, seed
        self.uniform = uniform

    def run(self, first_chunk: int, last_chunk: int) -> None:
        rows, count, scenarios = self.rows, self.count, len(self.totals)
        bits = np.random.PCG64(self.seed)
        bits.advance(first_chunk * rows * count // 2)  # the 64-bit draws of the chunks before this run
        quantile, occurs, on_fall, work = (np.empty((rows, count)) for _ in range(4))
        for start in range(first_chunk * rows, min(last_chunk * rows, scenarios), rows):
            size = min(rows, scenarios - start)
            if size < rows:
                quantile, occurs, on_fall, work = quantile[:size], occurs[:size], on_fall[:size], work[:size]
            raw = (
                bits.random_raw((size * count + 1) // 2).view(np.uint32)[: size * count].reshape(size, count)
            )
            np.multiply(raw, self.scale, out=quantile)
            quantile -= self.shift
            np.greater_equal(quantile, 0.0, out=occurs)
            np.maximum(quantile, 0.0, out=quantile)  # a risk that does not occur: q = 0 adds nothing below
            if self.uniform:
                self.totals[start : start + size] = occurs @ self.low + quantile @ self.width
                continue
            np.greater(quantile, self.turn, out=on_fall)
            np.multiply(on_fall, self.turn, out=work)
            quantile -= work
            np.sqrt(quantile, out=quantile)
            np.multiply(on_fall, quantile, out=work)
            self.totals[start : start + size] = (
                occurs @ self.low + on_fall @ self.width + quantile @ self.rising - work @ self.both
            )


def totals_quantile(
    exposures: Iterable[Sequence[float]],
    *,
    scenarios: int,
    certainty: float,
    seed: int,
    convention: ImpactConvention | str,
) -> float:
    """The `certainty` quantile of the simulated totals (numpy's default linear interpolation)."""
    totals = simulate_totals(exposures, scenarios=scenarios, seed=seed, convention=convention)
    return float(np.quantile(totals, certainty))

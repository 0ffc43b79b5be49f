"""Benchmark: required_capacity over 500 risks at 100,000 scenarios. Target: under 0.5 s on one core.

Run: .venv/bin/python -m benchmarks.capacity (or `make benchmark` for every benchmark).
"""

from __future__ import annotations

import time

import numpy as np

from risk.capacity import required_capacity

RISKS = 500
SCENARIOS = 100_000
TARGET_SECONDS = 0.5
REPEATS = 5


def exposures(count: int, seed: int = 1) -> list[tuple[float, float, float, float]]:
    """Plausible municipal risks: probability classes 10-90 %, amounts from 10 thousand to 2 million euros."""
    generator = np.random.default_rng(seed)
    probability = generator.choice([0.1, 0.3, 0.5, 0.7, 0.9], size=count)
    low = generator.integers(10_000, 200_000, size=count)
    mode = low + generator.integers(0, 300_000, size=count)
    high = mode + generator.integers(0, 1_500_000, size=count)
    return list(zip(probability, low, mode, high, strict=True))


def main() -> None:
    data = exposures(RISKS)
    required_capacity(data, scenarios=1_000)  # warm up
    timings = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = required_capacity(data, scenarios=SCENARIOS, certainty=0.90, seed=0)
        timings.append(time.perf_counter() - start)
    best, median = min(timings), sorted(timings)[len(timings) // 2]
    verdict = "OK" if median < TARGET_SECONDS else "TOO SLOW"
    print(
        f"required_capacity: {RISKS} risks x {SCENARIOS:,} scenarios: "
        f"median {median:.3f} s, best {best:.3f} s "
        f"(target < {TARGET_SECONDS} s: {verdict}); required at 90 %: EUR {result:,.0f}"
    )


if __name__ == "__main__":
    main()

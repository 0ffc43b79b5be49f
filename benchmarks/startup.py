"""Start-up of the `naleving` command, whole process: each command run N times in a fresh process (its median
and fastest run printed). Target: under 0.6 s.

    .venv/bin/python -m benchmarks.startup --runs 10
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.__main__ import Figure

TARGET_SECONDS = 0.6
COMMANDS = (("--help",), ("report", "--help"), ("audit", "list", "--help"))
NALEVING = Path(sys.executable).parent / "naleving"


def run_times(command: tuple[str, ...], runs: int, environment: dict[str, str]) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(NALEVING), *command], env=environment, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def startup_figures(runs: int) -> list[Figure]:
    with tempfile.TemporaryDirectory() as folder:
        environment = {**os.environ, "NALEVING_INSTANCE_PATH": folder}
        figures = []
        for command in COMMANDS:
            times = run_times(command, runs, environment)
            figures.append(
                Figure(
                    f"naleving {' '.join(command)}",
                    round(statistics.median(times), 2),
                    "s",
                    TARGET_SECONDS,
                    detail=f"median of {runs}, fastest {min(times):.2f} s; whole process",
                )
            )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description="Measure the start-up of the naleving command.")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    for figure in startup_figures(max(1, args.runs)):
        print(
            f"{figure.name:<32} {figure.value:>6g} {figure.unit}  (target < {figure.target:g})  {figure.detail}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

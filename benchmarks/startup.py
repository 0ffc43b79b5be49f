"""Start-up of the `naleving` command, whole process: each command run N times in a fresh process, its median and
fastest run printed with the processor time it used (user + system, steadier than the clock on a loaded machine)
and the machine's load. Target: under 0.6 s. The commands: the group's help, `report`'s help, and a real command
(`audit list` of an organisation) against an SQLite database of its own, made by `naleving init` first.

    .venv/bin/python -m benchmarks.startup --runs 5
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.__main__ import Figure

TARGET_SECONDS = 0.6
COMMANDS = (("--help",), ("report", "--help"), ("audit", "list", "--org", "bench"))
SETUP = (("init",), ("org", "create", "--slug", "bench", "--name", "Benchmark"))
NALEVING = Path(sys.executable).parent / "naleving"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_times(
    command: tuple[str, ...], runs: int, environment: dict[str, str]
) -> tuple[list[float], list[float]]:
    """The wall-clock and processor seconds of each run."""
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), children_cpu()
        subprocess.run([str(NALEVING), *command], env=environment, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
        cpu.append(children_cpu() - start_cpu)
    return times, cpu


def startup_figures(runs: int) -> list[Figure]:
    with tempfile.TemporaryDirectory() as folder:
        environment = {
            **os.environ,
            "NALEVING_INSTANCE_PATH": folder,
            "NALEVING_DATABASE_URL": f"sqlite:///{folder}/startup.sqlite",
            "NALEVING_SCHEDULER_ENABLED": "0",
        }
        for command in SETUP:
            subprocess.run([str(NALEVING), *command], env=environment, check=True, capture_output=True)
        figures = []
        for command in COMMANDS:
            load = os.getloadavg()[0]
            times, cpu = run_times(command, runs, environment)
            figures.append(
                Figure(
                    f"naleving {' '.join(command)}",
                    round(statistics.median(times), 2),
                    "s",
                    TARGET_SECONDS,
                    detail=f"median of {runs}, fastest {min(times):.2f} s, processor {statistics.median(cpu):.2f} s; "
                    f"whole process; load {load:.1f}",
                )
            )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description="Measure the start-up of the naleving command.")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for figure in startup_figures(max(1, args.runs)):
        print(
            f"{figure.name:<36} {figure.value:>6g} {figure.unit}  (target < {figure.target:g})  {figure.detail}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

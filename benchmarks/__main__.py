"""Run every benchmark in this package: each module with a main()."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path


def run_all() -> None:
    for module in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda m: m.name):
        if module.name.startswith("_"):
            continue
        benchmark = importlib.import_module(f"benchmarks.{module.name}")
        if hasattr(benchmark, "main"):
            benchmark.main()


if __name__ == "__main__":
    run_all()

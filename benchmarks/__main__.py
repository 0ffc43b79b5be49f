"""`make benchmark`: the quick benchmarks, one after the other (the load test has its own target, `make load`)."""

from __future__ import annotations

import importlib

QUICK = ("capacity",)


def run_all() -> None:
    for name in QUICK:
        importlib.import_module(f"benchmarks.{name}").main()


if __name__ == "__main__":
    run_all()

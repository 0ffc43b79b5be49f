"""The significance thresholds (Cbw art. 25 lid 2; Cyberbeveiligingsregeling sector overheid), kept as data in
data/cbw_thresholds.yaml so a changed text or a new threshold needs no code."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

THRESHOLDS_FILE = Path(__file__).resolve().parent.parent / "data" / "cbw_thresholds.yaml"


@dataclass(frozen=True)
class Threshold:
    code: str
    source: str
    nl: str
    en: str

    def title(self, locale: str) -> str:
        return self.en if locale.startswith("en") and self.en else self.nl


@cache
def thresholds() -> tuple[Threshold, ...]:
    """The thresholds in the order of the file."""
    data = yaml.safe_load(THRESHOLDS_FILE.read_text(encoding="utf-8"))
    return tuple(
        Threshold(str(t["code"]), str(t.get("source", "")), str(t["nl"]), str(t.get("en", "")))
        for t in data["thresholds"]
    )


def threshold_codes() -> tuple[str, ...]:
    return tuple(t.code for t in thresholds())


def threshold(code: str) -> Threshold | None:
    return next((t for t in thresholds() if t.code == code), None)

"""What a risk costs when it occurs (the impact conventions) and the simulation's default size: shared by
risk.capacity (conventions, ratings, the ratio) and risk.montecarlo (the simulation, numpy), which imports no
other part of risk.capacity."""

from __future__ import annotations

from enum import StrEnum


class ImpactConvention(StrEnum):
    """What a risk costs when it occurs: the convention changes the required capacity about twofold."""

    TRIANGULAR = "triangular"  # triangular over (minimum, most likely, maximum)
    MAXIMUM = "maximum"  # the maximum, as many municipal risk tables record one amount per risk
    UNIFORM = "uniform"  # uniform over 0..maximum
    MOST_LIKELY = "most_likely"  # the most likely amount


DEFAULT_CONVENTION = ImpactConvention.TRIANGULAR
DEFAULT_SCENARIOS = 100_000

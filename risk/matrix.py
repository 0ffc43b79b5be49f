"""The 5x5 risk matrix of an organisation: labels, the level of each cell, risk appetite and certainty."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from sqlmodel import Session, col, select

from core import clock
from core.actor import Actor
from core.audit import changed_fields, record_event
from core.errors import Problem, RuleError
from core.labels import N_
from risk.capacity import CERTAINTIES, DEFAULT_CERTAINTY
from risk.conventions import DEFAULT_CONVENTION, ImpactConvention
from risk.models import SCALE, Level, RiskSettings

LEVEL_ORDER = (Level.LOW, Level.MEDIUM, Level.HIGH, Level.VERY_HIGH)
MAX_LABEL = 60

# The default names of the scales (marked for the catalogue: an English report shows them in English).
DEFAULT_LIKELIHOOD_LABELS = (
    N_("Zeer onwaarschijnlijk"),
    N_("Onwaarschijnlijk"),
    N_("Mogelijk"),
    N_("Waarschijnlijk"),
    N_("Zeer waarschijnlijk"),
)
DEFAULT_IMPACT_LABELS = (
    N_("Zeer gering"),
    N_("Gering"),
    N_("Aanzienlijk"),
    N_("Ernstig"),
    N_("Zeer ernstig"),
)


def level_of_score(score: int) -> Level:
    """The default level of likelihood x impact: up to 4 low, 5-9 medium, 10-15 high, from 16 very high."""
    if score <= 4:
        return Level.LOW
    if score <= 9:
        return Level.MEDIUM
    if score <= 15:
        return Level.HIGH
    return Level.VERY_HIGH


DEFAULT_LEVELS = tuple(tuple(level_of_score(likelihood * impact) for impact in SCALE) for likelihood in SCALE)


@dataclass(frozen=True)
class Matrix:
    """levels[likelihood - 1][impact - 1]; appetite: the highest residual level accepted as it is."""

    likelihood_labels: tuple[str, ...] = DEFAULT_LIKELIHOOD_LABELS
    impact_labels: tuple[str, ...] = DEFAULT_IMPACT_LABELS
    levels: tuple[tuple[Level, ...], ...] = DEFAULT_LEVELS
    appetite: Level = Level.MEDIUM
    certainty: float = DEFAULT_CERTAINTY
    impact_convention: str = DEFAULT_CONVENTION.value
    is_default: bool = field(default=True, compare=False)

    def level(self, likelihood: int, impact: int) -> Level:
        return self.levels[likelihood - 1][impact - 1]

    def exceeds_appetite(self, likelihood: int, impact: int) -> bool:
        return LEVEL_ORDER.index(self.level(likelihood, impact)) > LEVEL_ORDER.index(self.appetite)

    def problems(self) -> list[Problem]:
        """Every broken rule, coded `matrix.<rule>`."""
        found = []
        for axis, name, labels in (
            ("likelihood", "kans", self.likelihood_labels),
            ("impact", "impact", self.impact_labels),
        ):
            if len(labels) != 5 or any(not label.strip() or len(label) > MAX_LABEL for label in labels):
                message = f"vijf labels voor {name} nodig, elk 1 tot {MAX_LABEL} tekens"
                found.append(Problem(f"matrix.{axis}_labels", {"limit": MAX_LABEL}, message=message))
        if len(self.levels) != 5 or any(len(row) != 5 for row in self.levels):
            found.append(Problem("matrix.not_5_by_5", message="de matrix heeft 5 x 5 cellen"))
        elif any(level not in LEVEL_ORDER for row in self.levels for level in row):
            found.append(Problem("matrix.unknown_level", message="onbekend niveau in de matrix"))
        if self.appetite not in LEVEL_ORDER:
            found.append(
                Problem("matrix.unknown_appetite", field="appetite", message="onbekende risicobereidheid")
            )
        if self.certainty not in CERTAINTIES:
            choices = ", ".join(f"{c:.0%}" for c in CERTAINTIES)
            found.append(
                Problem(
                    "matrix.certainty_not_offered",
                    {"choices": choices},
                    "certainty",
                    message=f"zekerheid moet een van {choices} zijn",
                )
            )
        if self.impact_convention not in {c.value for c in ImpactConvention}:
            choices = ", ".join(c.value for c in ImpactConvention)
            found.append(
                Problem(
                    "matrix.unknown_convention",
                    {"choices": choices},
                    "impact_convention",
                    message=f"conventie voor het financiële gevolg moet een van {choices} zijn",
                )
            )
        return found

    def to_dict(self) -> dict[str, Any]:
        return {
            "likelihood_labels": list(self.likelihood_labels),
            "impact_labels": list(self.impact_labels),
            "levels": [[str(level) for level in row] for row in self.levels],
            "appetite": str(self.appetite),
            "certainty": self.certainty,
            "impact_convention": self.impact_convention,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, is_default: bool = False) -> Matrix:
        return cls(
            likelihood_labels=tuple(data["likelihood_labels"]),
            impact_labels=tuple(data["impact_labels"]),
            levels=tuple(tuple(Level(level) for level in row) for row in data["levels"]),
            appetite=Level(data["appetite"]),
            certainty=float(data["certainty"]),
            impact_convention=str(data.get("impact_convention", DEFAULT_CONVENTION.value)),
            is_default=is_default,
        )


DEFAULT_MATRIX = Matrix()


def matrix_for(*, session: Session, organisation_id: int) -> Matrix:
    """The organisation's matrix, or the Dutch default when it has not set one."""
    settings = session.exec(
        select(RiskSettings).where(col(RiskSettings.organisation_id) == organisation_id)
    ).first()
    if settings is None:
        return DEFAULT_MATRIX
    return Matrix.from_dict(
        {
            "likelihood_labels": json.loads(settings.likelihood_labels),
            "impact_labels": json.loads(settings.impact_labels),
            "levels": json.loads(settings.levels),
            "appetite": settings.appetite,
            "certainty": settings.certainty,
            "impact_convention": settings.impact_convention,
        }
    )


def save_matrix(*, session: Session, organisation_id: int, matrix: Matrix, actor: Actor) -> Matrix:
    """Store the organisation's matrix (RuleError says what is wrong); snapshots keep the one they used."""
    matrix = replace(
        matrix,
        likelihood_labels=tuple(label.strip() for label in matrix.likelihood_labels),
        impact_labels=tuple(label.strip() for label in matrix.impact_labels),
        is_default=False,
    )
    problems = matrix.problems()
    if problems:
        raise RuleError(problems)
    before = _shown(matrix_for(session=session, organisation_id=organisation_id))
    settings = session.exec(
        select(RiskSettings).where(col(RiskSettings.organisation_id) == organisation_id)
    ).first()
    if settings is None:
        settings = RiskSettings(
            organisation_id=organisation_id,
            likelihood_labels="",
            impact_labels="",
            levels="",
            appetite=matrix.appetite,
        )
    data = matrix.to_dict()
    settings.likelihood_labels = json.dumps(data["likelihood_labels"], ensure_ascii=False)
    settings.impact_labels = json.dumps(data["impact_labels"], ensure_ascii=False)
    settings.levels = json.dumps(data["levels"])
    settings.appetite = data["appetite"]
    settings.certainty = matrix.certainty
    settings.impact_convention = matrix.impact_convention
    settings.changed_at = clock.now()
    settings.changed_by_id = actor.user_id
    session.add(settings)
    record_event(
        session=session,
        action="risk.matrix_changed",
        actor=actor,
        organisation_id=organisation_id,
        changes=changed_fields(before, _shown(matrix)),
    )
    session.flush()
    return matrix


def _shown(matrix: Matrix) -> dict[str, Any]:
    """The matrix as the logboek shows it: one text per setting."""
    data = matrix.to_dict()
    return {
        "likelihood_labels": " / ".join(data["likelihood_labels"]),
        "impact_labels": " / ".join(data["impact_labels"]),
        "levels": " | ".join(" ".join(row) for row in data["levels"]),
        "appetite": data["appetite"],
        "certainty": data["certainty"],
        "impact_convention": data["impact_convention"],
    }

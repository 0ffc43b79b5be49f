"""The rules of a risk, once for the page, the command line and the Excel import: what a user records about a
risk (RiskData) and every rule it must keep, as problems with a code (`risk.<rule>`), the field they are about
and their parameters. The web layer and the CLI word them (app/risks/problems.py); `message` is the Dutch
fallback for logs and the Excel import."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from core.errors import Problem
from risk.models import PROBABILITY_CLASSES, SCALE, Aspect, ImpactArea, RiskStatus, Treatment

MAX_TEXT = 5000
MAX_NAME = 200  # title, owner and who accepted
MAX_AMOUNT = 10**12  # euros; a bound against typing errors, far above any municipal risk
SCORES = ("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact")


def problem(field: str, code: str, message: str, **params: object) -> Problem:
    """A broken rule of the risk area: `risk.<code>` about `field` ("" for the whole)."""
    return Problem(f"risk.{code}", params, field, message=message)


@dataclass(frozen=True)
class RiskData:
    """What a user records about a risk: the fields of one revision. `problems()` checks every rule."""

    title: str
    owner: str
    inherent_likelihood: int
    inherent_impact: int
    treatment: str
    residual_likelihood: int
    residual_impact: int
    status: str = RiskStatus.OPEN.value
    description: str = ""
    cause: str = ""
    consequence: str = ""
    aspects: tuple[str, ...] = ()
    impact_areas: tuple[str, ...] = ()
    accepted_by: str = ""
    accepted_on: date | None = None
    acceptance_expires_on: date | None = None
    review_on: date | None = None
    probability: int | None = None
    impact_minimum: int | None = None
    impact_most_likely: int | None = None
    impact_maximum: int | None = None
    requirement_codes: tuple[str, ...] = ()

    def normalised(self) -> RiskData:
        """Trimmed text, sets in a fixed order; acceptance fields only with the treatment 'accept'."""
        data = replace(
            self,
            title=self.title.strip(),
            owner=self.owner.strip(),
            description=self.description.strip(),
            cause=self.cause.strip(),
            consequence=self.consequence.strip(),
            accepted_by=self.accepted_by.strip(),
            aspects=_in_enum_order(self.aspects, Aspect),
            impact_areas=_in_enum_order(self.impact_areas, ImpactArea),
            requirement_codes=tuple(sorted({c.strip() for c in self.requirement_codes if c.strip()})),
        )
        if data.treatment != Treatment.ACCEPT.value:
            data = replace(data, accepted_by="", accepted_on=None, acceptance_expires_on=None)
        return data

    def problems(self) -> list[Problem]:
        """Every broken rule (the requirement codes are checked against the catalogue by the register)."""
        return [
            *_text_problems(self),
            *_score_problems(self),
            *_choice_problems(self),
            *_acceptance_problems(self),
            *_financial_problems(self),
        ]


def _text_problems(data: RiskData) -> list[Problem]:
    found = []
    for name, label in (("title", "titel"), ("owner", "eigenaar")):
        value = getattr(data, name)
        if not value.strip():
            found.append(problem(name, f"{name}_required", f"{label} ontbreekt"))
        elif len(value) > MAX_NAME:
            found.append(
                problem(name, f"{name}_too_long", f"{label} is langer dan {MAX_NAME} tekens", limit=MAX_NAME)
            )
    for name, label in (("description", "omschrijving"), ("cause", "oorzaak"), ("consequence", "gevolg")):
        if len(getattr(data, name)) > MAX_TEXT:
            found.append(
                problem(name, f"{name}_too_long", f"{label} is langer dan {MAX_TEXT} tekens", limit=MAX_TEXT)
            )
    return found


def _score_problems(data: RiskData) -> list[Problem]:
    labels = {
        "inherent_likelihood": "inherente kans",
        "inherent_impact": "inherente impact",
        "residual_likelihood": "restkans",
        "residual_impact": "restimpact",
    }
    bad = [name for name in SCORES if not _is_int(getattr(data, name)) or getattr(data, name) not in SCALE]
    found = [
        problem(name, f"{name}_out_of_scale", f"{labels[name]} moet 1 tot en met 5 zijn", min=1, max=5)
        for name in bad
    ]
    if bad:
        return found
    if data.residual_likelihood > data.inherent_likelihood:
        found.append(
            problem(
                "residual_likelihood",
                "residual_likelihood_above_inherent",
                "restkans kan niet hoger zijn dan de inherente kans",
            )
        )
    if data.residual_impact > data.inherent_impact:
        found.append(
            problem(
                "residual_impact",
                "residual_impact_above_inherent",
                "restimpact kan niet hoger zijn dan de inherente impact",
            )
        )
    return found


def _choice_problems(data: RiskData) -> list[Problem]:
    found = []
    if data.treatment not in {t.value for t in Treatment}:
        found.append(problem("treatment", "unknown_treatment", "onbekende behandeling", value=data.treatment))
    if data.status not in {s.value for s in RiskStatus}:
        found.append(problem("status", "unknown_status", "onbekende status", value=data.status))
    unknown = sorted(set(data.aspects) - {a.value for a in Aspect})
    if unknown:
        found.append(problem("aspects", "unknown_aspect", "onbekend aspect", values=", ".join(unknown)))
    unknown = sorted(set(data.impact_areas) - {a.value for a in ImpactArea})
    if unknown:
        found.append(
            problem("impact_areas", "unknown_impact_area", "onbekend impactgebied", values=", ".join(unknown))
        )
    return found


def _acceptance_problems(data: RiskData) -> list[Problem]:
    if data.treatment != Treatment.ACCEPT.value:
        return []
    found = []
    if not data.accepted_by.strip():
        found.append(
            problem("accepted_by", "accepted_by_required", "bij accepteren: wie heeft geaccepteerd ontbreekt")
        )
    if len(data.accepted_by) > MAX_NAME:
        found.append(
            problem(
                "accepted_by",
                "accepted_by_too_long",
                f"'geaccepteerd door' is langer dan {MAX_NAME} tekens",
                limit=MAX_NAME,
            )
        )
    if data.accepted_on is None:
        found.append(
            problem("accepted_on", "accepted_on_required", "bij accepteren: datum van acceptatie ontbreekt")
        )
    if data.acceptance_expires_on is None:
        found.append(
            problem(
                "acceptance_expires_on",
                "acceptance_expiry_required",
                "bij accepteren: einddatum van de acceptatie ontbreekt (acceptatie is tijdelijk)",
            )
        )
    if data.accepted_on and data.acceptance_expires_on and data.acceptance_expires_on <= data.accepted_on:
        found.append(
            problem(
                "acceptance_expires_on",
                "acceptance_expiry_not_after_acceptance",
                "de acceptatie moet na de datum van acceptatie verlopen",
            )
        )
    return found


FINANCIAL_FIELDS = ("probability", "impact_minimum", "impact_most_likely", "impact_maximum")


def _financial_problems(data: RiskData) -> list[Problem]:
    values = {name: getattr(data, name) for name in FINANCIAL_FIELDS}
    if all(value is None for value in values.values()):
        return []
    if any(value is None for value in values.values()):
        return [
            problem(
                name,
                "financials_incomplete",
                "kansklasse, minimum, meest waarschijnlijk en maximum horen bij elkaar: vul ze alle vier in",
            )
            for name, value in values.items()
            if value is None
        ]
    found = []
    if data.probability not in PROBABILITY_CLASSES:
        classes = ", ".join(str(p) for p in PROBABILITY_CLASSES)
        found.append(
            problem(
                "probability",
                "probability_not_a_class",
                "kansklasse moet 10, 30, 50, 70 of 90 procent zijn",
                classes=classes,
            )
        )
    amounts = FINANCIAL_FIELDS[1:]
    bad = [name for name in amounts if not _is_int(values[name]) or not 0 <= values[name] <= MAX_AMOUNT]
    if bad:
        found += [
            problem(
                name,
                "amount_out_of_range",
                "bedragen zijn hele euro's van 0 tot 10^12",
                min=0,
                max=MAX_AMOUNT,
            )
            for name in bad
        ]
    elif not values["impact_minimum"] <= values["impact_most_likely"] <= values["impact_maximum"]:
        found.append(
            problem(
                "impact_most_likely",
                "amounts_out_of_order",
                "bedragen moeten voldoen aan minimum <= meest waarschijnlijk <= maximum",
            )
        )
    return found


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _in_enum_order(values: Iterable[str], enum: type[StrEnum]) -> tuple[str, ...]:
    """The enum's members among `values` in the enum's order, unknown values after them (for problems())."""
    known = [member.value for member in enum if member.value in values]
    return tuple(known + sorted(set(values) - set(known)))

"""The rules of a comply-or-explain answer (BIO2, see DOMAIN.md), as one pure function.

- "not applicable" needs a reason;
- an ISO 27002 control or an ISO 27001 clause that is not applied needs a risk reference (the annex
  "Uitzonderingen op de VvT"); a clause is answered like a control;
- anything short of implemented needs an explanation and either a planned date or a temporarily accepted risk;
- a BIO2 measure can never be covered by risk acceptance: it needs a planned date;
- a legal duty (a NIS2 / Cbw point) neither: it needs a planned date too; "not applicable" needs a reason;
- a planned date lies at most the organisation's horizon ahead (default three years);
- opzet, bestaan, werking are judged in that order (bestaan after opzet, werking after bestaan), and
  "implemented" needs opzet sufficient;
- "inherited" needs a provider organisation that offers the requirement as a shared service (controls.sharing).

The rule of each kind of requirement is in KIND_RULES; docs/rules.md says them all.

The risk register is another package: the caller passes the organisation's risk references (all known ones,
and those whose temporary acceptance is in force) as plain sets.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, replace
from datetime import date

from controls.answer_models import AnswerRevision, Applicability, Assessment, Implementation
from controls.models import RequirementKind
from core.errors import Problem
from core.organisations import add_months

MAX_EXPLANATION = 4000
DEFAULT_PLAN_HORIZON_YEARS = 3


@dataclass(frozen=True)
class KindRule:
    """What a kind of requirement allows when it is not (fully) implemented or not applied."""

    risk_acceptance_allowed: bool  # may "not implemented" rest on a temporarily accepted risk?
    not_applied_needs_risk: bool  # does "not applicable" need a risk analysis (the annex of the VvT)?
    plan_code: str  # the problem when neither a plan nor (where allowed) an accepted risk is given


KIND_RULES: dict[str, KindRule] = {
    RequirementKind.CONTROL.value: KindRule(True, True, "plan_or_accepted_risk_required"),
    RequirementKind.MEASURE.value: KindRule(False, False, "measure_needs_plan"),
    RequirementKind.NIS2.value: KindRule(False, False, "legal_duty_needs_plan"),
    # An ISO 27001 clause as a control, but not applying it has its own wording (clause_exception_needs_risk).
    RequirementKind.CLAUSE.value: KindRule(True, False, "plan_or_accepted_risk_required"),
}
PLAN_MESSAGES = {
    "measure_needs_plan": "een overheidsmaatregel kan niet met risicoacceptatie worden afgedekt: geef een geplande datum",
    "legal_duty_needs_plan": "een wettelijke plicht (NIS2/Cbw) kan niet met risicoacceptatie worden afgedekt: "
    "geef een geplande datum",
    "plan_or_accepted_risk_required": "geef een geplande datum of verwijs naar een tijdelijk geaccepteerd risico",
}


def rule_of(kind: str) -> KindRule:
    return KIND_RULES.get(kind, KIND_RULES[RequirementKind.CONTROL.value])


MAX_OWNER = 200
MAX_RISK_REFERENCE = 20


@dataclass(frozen=True)
class AnswerValues:
    """What a user states in an answer; everything a revision holds apart from who and when."""

    applicability: str
    implementation: str | None = None
    design: str = Assessment.NOT_ASSESSED.value
    existence: str = Assessment.NOT_ASSESSED.value
    operation: str = Assessment.NOT_ASSESSED.value
    explanation: str = ""
    planned_on: date | None = None
    owner: str = ""
    risk_reference: str = ""
    last_reviewed_on: date | None = None
    public_explanation: str = ""  # what the public VvT shows; the explanation itself stays internal

    FIELDS = (
        "applicability",
        "implementation",
        "design",
        "existence",
        "operation",
        "explanation",
        "planned_on",
        "owner",
        "risk_reference",
        "last_reviewed_on",
        "public_explanation",
    )

    def normalised(self) -> AnswerValues:
        """Trimmed text; implementation, plan and assessments only where the organisation applies it."""
        values = replace(
            self,
            explanation=self.explanation.strip().replace("\r\n", "\n"),
            public_explanation=self.public_explanation.strip().replace("\r\n", "\n"),
            owner=self.owner.strip(),
            risk_reference=self.risk_reference.strip().upper(),
            implementation=self.implementation or None,
        )
        if values.applicability != Applicability.APPLICABLE.value:
            not_assessed = Assessment.NOT_ASSESSED.value
            values = replace(
                values,
                implementation=None,
                planned_on=None,
                design=not_assessed,
                existence=not_assessed,
                operation=not_assessed,
            )
        return values

    @classmethod
    def of(cls, revision: AnswerRevision) -> AnswerValues:
        """The values of a stored revision (a revision from before the public explanation has none)."""
        values = {name: getattr(revision, name) for name in cls.FIELDS}
        return cls(**values | {"public_explanation": values["public_explanation"] or ""})


def violation(field: str, code: str, message: str, **params: object) -> Problem:
    """A broken rule of an answer: about an AnswerValues field ("" for the answer as a whole), coded
    `answer.<code>` for the web layer to word; `message` is the Dutch fallback."""
    return Problem(f"answer.{code}", params, field, message=message)


def check_answer(
    values: AnswerValues,
    *,
    kind: str,
    has_provider: bool,
    provider_shares: bool = False,
    accepted_risks: Container[str],
    known_risks: Container[str],
    today: date,
    plan_horizon_years: int = DEFAULT_PLAN_HORIZON_YEARS,
) -> list[Problem]:
    """Every rule the answer breaks (empty: the answer may be saved). `values` should be normalised."""
    problems: list[Problem] = []
    add = problems.append
    problems.extend(_allowed_values(values))
    if problems:
        return problems
    problems.extend(_assessment_order(values))
    problems.extend(_plan_horizon(values, today=today, years=plan_horizon_years))
    reference = values.risk_reference
    if reference and reference not in known_risks:
        add(
            violation(
                "risk_reference",
                "unknown_risk",
                f"risico '{reference}' staat niet in het risicoregister",
                reference=reference,
            )
        )
    if values.applicability == Applicability.NOT_APPLICABLE.value:
        if not values.explanation:
            add(
                violation("explanation", "reason_required", "geef de reden waarom dit niet van toepassing is")
            )
        if rule_of(kind).not_applied_needs_risk and not reference:
            add(
                violation(
                    "risk_reference",
                    "control_exception_needs_risk",
                    "een beheersmaatregel niet toepassen vraagt een risicoanalyse: verwijs naar het risico "
                    "(Uitzonderingen op de VvT)",
                )
            )
        elif kind == RequirementKind.CLAUSE.value and not reference:
            add(
                violation(
                    "risk_reference",
                    "clause_exception_needs_risk",
                    "een clausule van het managementsysteem (ISO 27001) niet toepassen vraagt een "
                    "risicoanalyse: verwijs naar het risico (Uitzonderingen op de VvT)",
                )
            )
    elif values.applicability == Applicability.INHERITED.value:
        if not has_provider:
            add(
                violation(
                    "applicability",
                    "provider_required",
                    "overnemen kan alleen als de organisatie een leverancier heeft",
                )
            )
        elif not provider_shares:
            add(
                violation(
                    "applicability",
                    "not_shared",
                    "de leverancier levert deze eis niet als gedeelde dienst: overnemen kan alleen wat de "
                    "leverancier deelt",
                )
            )
    elif values.implementation is None:
        add(violation("implementation", "implementation_required", "kies de stand van de implementatie"))
    elif values.implementation != Implementation.IMPLEMENTED.value:
        problems.extend(_short_of_implemented(values, kind=kind, accepted_risks=accepted_risks))
    elif values.design != Assessment.SUFFICIENT.value:
        add(
            violation(
                "design",
                "implemented_needs_design",
                "geïmplementeerd vraagt een opzet die als voldoende is beoordeeld",
            )
        )
    if values.last_reviewed_on is None:
        add(violation("last_reviewed_on", "review_date_required", "geef de datum van de laatste beoordeling"))
    elif values.last_reviewed_on > today:
        add(violation("last_reviewed_on", "review_in_future", "de datum van beoordeling ligt in de toekomst"))
    return problems


def _short_of_implemented(
    values: AnswerValues, *, kind: str, accepted_risks: Container[str]
) -> list[Problem]:
    problems = []
    if not values.explanation:
        problems.append(
            violation(
                "explanation",
                "explanation_required",
                "leg uit waarom dit (nog) niet volledig geïmplementeerd is",
            )
        )
    if values.planned_on is not None:
        return problems
    reference = values.risk_reference
    rule = rule_of(kind)
    if not rule.risk_acceptance_allowed or not reference:
        problems.append(violation("planned_on", rule.plan_code, PLAN_MESSAGES[rule.plan_code]))
    elif reference not in accepted_risks:
        problems.append(
            violation(
                "risk_reference",
                "risk_not_accepted",
                f"risico '{reference}' is niet (meer) tijdelijk geaccepteerd",
                reference=reference,
            )
        )
    return problems


def _assessment_order(values: AnswerValues) -> list[Problem]:
    """Opzet, bestaan, werking are judged in that order: existence only once design is judged, operation only
    once existence is."""
    not_assessed = Assessment.NOT_ASSESSED.value
    problems = []
    if values.existence != not_assessed and values.design == not_assessed:
        problems.append(
            violation("existence", "existence_before_design", "beoordeel eerst de opzet, dan het bestaan")
        )
    if values.operation != not_assessed and values.existence == not_assessed:
        problems.append(
            violation(
                "operation",
                "operation_before_existence",
                "de werking kan pas na het bestaan worden beoordeeld",
            )
        )
    return problems


def _plan_horizon(values: AnswerValues, *, today: date, years: int) -> list[Problem]:
    if values.planned_on is None:
        return []
    limit = add_months(today, 12 * years)
    if values.planned_on <= limit:
        return []
    return [
        violation(
            "planned_on",
            "plan_beyond_horizon",
            f"de geplande datum ligt verder dan {years} jaar vooruit (uiterlijk {limit.isoformat()})",
            years=years,
            limit=limit.isoformat(),
        )
    ]


def shortfall(design: str, existence: str, operation: str) -> bool:
    """Is any of opzet, bestaan, werking judged insufficient? An implemented answer then counts as partially
    implemented in every figure (controls.soa)."""
    return Assessment.INSUFFICIENT.value in (design, existence, operation)


def _allowed_values(values: AnswerValues) -> list[Problem]:
    problems = []
    checks = (
        ("applicability", values.applicability, Applicability, False),
        ("implementation", values.implementation, Implementation, True),
        ("design", values.design, Assessment, False),
        ("existence", values.existence, Assessment, False),
        ("operation", values.operation, Assessment, False),
    )
    for field, value, enum, optional in checks:
        if (value is None and not optional) or (value is not None and value not in {e.value for e in enum}):
            problems.append(violation(field, "invalid_value", f"ongeldige waarde '{value}'", value=value))
    for field, value, limit in (
        ("explanation", values.explanation, MAX_EXPLANATION),
        ("public_explanation", values.public_explanation, MAX_EXPLANATION),
        ("owner", values.owner, MAX_OWNER),
        ("risk_reference", values.risk_reference, MAX_RISK_REFERENCE),
    ):
        if len(value) > limit:
            problems.append(violation(field, "too_long", f"te lang: hoogstens {limit} tekens", limit=limit))
    return problems

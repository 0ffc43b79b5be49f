"""OSCAL 1.1 documents of an organisation: its answers as a system security plan (its implementation of each
requirement) and its own judgement of opzet, bestaan and werking as assessment results (reports/oscal.py: the
conventions and the catalog)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, select

from controls.answer_models import Assessment, Status
from controls.labels import ASSESSMENT, STATUS
from controls.models import Requirement
from controls.soa import Entry, Statement, statement_of_applicability
from controls.summaries import AnswerSummary
from core.models import Organisation
from reports.oscal import derived_uuid, metadata, oscal_catalog, oscal_id, prop, props, timestamp, to_json

KINDS = ("catalog", "ssp", "assessment-results")
# Naleving's status -> OSCAL's implementation-status state (no state for "not implemented" or "unanswered").
IMPLEMENTATION_STATE = {
    Status.IMPLEMENTED.value: "implemented",
    Status.PARTIALLY.value: "partial",
    Status.PLANNED.value: "planned",
    Status.NOT_APPLICABLE.value: "not-applicable",
}


def _organisation(*, session: Session, organisation_id: int) -> Organisation:
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise LookupError(f"organisation {organisation_id}")
    return organisation


def oscal_ssp(*, session: Session, organisation_id: int, as_of: date | None = None) -> dict[str, Any]:
    """The organisation's answers as the implementation of each requirement it answered."""
    organisation = _organisation(session=session, organisation_id=organisation_id)
    statement = statement_of_applicability(session=session, organisation_id=organisation_id, as_of=as_of)
    system = derived_uuid("system", organisation.slug)
    requirements = _requirements_by_code(session=session)
    implemented = [
        _implemented_requirement(entry, entry.answer, requirements[entry.code], system)
        for entry in statement.entries
        if entry.answer is not None and entry.code in requirements
    ]
    name = organisation.name
    return {
        "system-security-plan": {
            "uuid": derived_uuid("ssp", organisation.slug, statement.reference_date),
            "metadata": metadata(
                f"Verklaring van toepasselijkheid van {name}",
                statement.generated_at,
                f"{statement.catalogue_version or ''} per {statement.reference_date.isoformat()}",
                parties=[
                    {"uuid": derived_uuid("party", organisation.slug), "type": "organization", "name": name}
                ],
            ),
            "import-profile": {"href": f"catalog-{statement.catalogue_version or 'naleving'}.json"},
            "system-characteristics": {
                "system-ids": [{"identifier-type": "https://ietf.org/rfc/rfc4122", "id": system}],
                "system-name": name,
                "description": f"Het managementsysteem voor informatiebeveiliging (ISMS) van {name}.",
                "system-information": {
                    "information-types": [
                        {
                            "title": "Informatie van de organisatie",
                            "description": "De informatie die de processen en systemen binnen de reikwijdte "
                            "van het ISMS verwerken.",
                        }
                    ]
                },
                "status": {"state": "operational"},
                "authorization-boundary": {"description": f"De reikwijdte van het ISMS van {name}."},
            },
            "system-implementation": {
                "users": [{"uuid": derived_uuid("user", organisation.slug, "ciso"), "title": "CISO"}],
                "components": [
                    {
                        "uuid": system,
                        "type": "this-system",
                        "title": name,
                        "description": f"Het ISMS van {name} als geheel.",
                        "status": {"state": "operational"},
                    }
                ],
            },
            "control-implementation": {
                "description": "Per eis het antwoord 'pas toe of leg uit' zoals vastgelegd in Naleving.",
                "implemented-requirements": implemented,
            },
        }
    }


def _requirements_by_code(*, session: Session) -> dict[str, Requirement]:
    return {r.code: r for r in session.exec(select(Requirement)).all()}


def _implemented_requirement(
    entry: Entry, answer: AnswerSummary, requirement: Requirement, system: str
) -> dict[str, Any]:
    identifier = oscal_id(requirement)
    by_component: dict[str, Any] = {
        "component-uuid": system,
        "uuid": derived_uuid("by-component", system, identifier),
        "description": answer.explanation or STATUS.of(entry.status),
        "props": props(
            prop("status", entry.status),
            prop("design", answer.design),
            prop("existence", answer.existence),
            prop("operation", answer.operation),
            prop("owner", answer.owner),
            prop("planned-on", answer.planned_on.isoformat() if answer.planned_on else None),
            prop("next-review", answer.next_review_due.isoformat()),
            prop("inherited-from", entry.inherited_from),
        ),
    }
    state = IMPLEMENTATION_STATE.get(entry.status)
    if state:
        by_component["implementation-status"] = {"state": state}
    return {
        "uuid": derived_uuid("implemented-requirement", system, identifier),
        "control-id": identifier,
        "props": props(prop("revision", answer.revision), prop("evidence-count", entry.evidence_count)),
        "by-components": [by_component],
    }


def oscal_assessment_results(
    *, session: Session, organisation_id: int, as_of: date | None = None
) -> dict[str, Any]:
    """The organisation's own judgement of opzet, bestaan and werking (design, existence, operation) of each
    answer that has one, as observations and a finding per requirement."""
    organisation = _organisation(session=session, organisation_id=organisation_id)
    statement = statement_of_applicability(session=session, organisation_id=organisation_id, as_of=as_of)
    requirements = _requirements_by_code(session=session)
    observations, findings = _self_assessment(statement, requirements)
    name = organisation.name
    day = statement.reference_date.isoformat()
    return {
        "assessment-results": {
            "uuid": derived_uuid("assessment-results", organisation.slug, day),
            "metadata": metadata(
                f"Beoordeling van opzet, bestaan en werking van {name}",
                statement.generated_at,
                f"{statement.catalogue_version or ''} per {day}",
            ),
            "import-ap": {"href": f"assessment-plan-{organisation.slug}.json"},
            "results": [
                {
                    "uuid": derived_uuid("result", organisation.slug, day),
                    "title": f"Zelfevaluatie per {day}",
                    "description": "Het oordeel van de organisatie zelf over opzet, bestaan en werking, zoals "
                    "vastgelegd bij elk antwoord; bevindingen van auditors staan apart.",
                    "start": timestamp(statement.generated_at),
                    "reviewed-controls": {"control-selections": [{"include-all": {}}]},
                    **({"observations": observations} if observations else {}),
                    **({"findings": findings} if findings else {}),
                }
            ],
        }
    }


ASPECTS = (("design", "opzet"), ("existence", "bestaan"), ("operation", "werking"))


def _self_assessment(
    statement: Statement, requirements: dict[str, Requirement]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    observations, findings = [], []
    for entry in statement.entries:
        answer = entry.answer
        if answer is None or entry.code not in requirements:
            continue
        judged = {
            aspect: getattr(answer, aspect)
            for aspect, _word in ASPECTS
            if getattr(answer, aspect) != Assessment.NOT_ASSESSED.value
        }
        if not judged:
            continue
        identifier = oscal_id(requirements[entry.code])
        observation = derived_uuid("observation", statement.organisation_id, identifier, answer.revision)
        description = "; ".join(f"{word}: {ASSESSMENT.of(judged[a])}" for a, word in ASPECTS if a in judged)
        observations.append(
            {
                "uuid": observation,
                "title": f"{entry.code} {entry.title}"[:250],
                "description": description,
                "props": props(*(prop(aspect, value) for aspect, value in judged.items())),
                "methods": ["EXAMINE"],
                "collected": timestamp(answer.recorded_at),
            }
        )
        satisfied = entry.status == Status.IMPLEMENTED.value and all(
            value == Assessment.SUFFICIENT.value for value in judged.values()
        )
        findings.append(
            {
                "uuid": derived_uuid("finding", statement.organisation_id, identifier, answer.revision),
                "title": f"{entry.code}: {STATUS.of(entry.status)}",
                "description": description,
                "target": {
                    "type": "statement-id",
                    "target-id": f"{identifier}_statement",
                    "status": {"state": "satisfied" if satisfied else "not-satisfied"},
                },
                "related-observations": [{"observation-uuid": observation}],
            }
        )
    return observations, findings


def oscal_document(
    *, session: Session, kind: str, organisation_id: int | None, as_of: date | None = None
) -> bytes:
    """The OSCAL document of `kind` as JSON bytes (the catalog needs no organisation)."""
    if kind == "catalog":
        return to_json(oscal_catalog(session=session))
    if organisation_id is None:
        raise ValueError(f"an OSCAL {kind} is of an organisation")
    if kind == "ssp":
        return to_json(oscal_ssp(session=session, organisation_id=organisation_id, as_of=as_of))
    if kind == "assessment-results":
        return to_json(
            oscal_assessment_results(session=session, organisation_id=organisation_id, as_of=as_of)
        )
    raise ValueError(f"unknown OSCAL kind {kind!r}")

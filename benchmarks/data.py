"""Benchmark data: N organisations, each with the whole catalogue answered in K revisions and M risks.

Rows are inserted in bulk (not through the web forms) but are valid by the same rules: every answer's latest
revision passes `controls.rules.check_answer`, so pages, PDFs and exports see realistic data.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import insert
from sqlmodel import Session, select

from controls.answer_models import Answer, AnswerRevision
from controls.models import Requirement, RequirementKind, RequirementStatus
from core import clock
from core.accounts import create_organisation, create_user
from core.models import Organisation, Role

PASSWORD = "benchmark-password-1"
EXPLANATIONS = [
    "Vastgelegd in het informatiebeveiligingsbeleid en jaarlijks getoetst door de interne controle.",
    "Uitgevoerd door de ICT-afdeling volgens het beheerproces; werking steekproefsgewijs beoordeeld.",
    "Onderdeel van het contract met de leverancier; rapportage per kwartaal in het leveranciersoverleg.",
    "Procedure beschreven, bestaan aangetoond met registraties in het ticketsysteem.",
]


def _values(rng: random.Random, requirement: Requirement, final: bool, today) -> dict:
    """Field values of one revision; intermediate revisions are plans, the final one mostly implemented."""
    if final and requirement.kind == RequirementKind.MEASURE and rng.random() < 0.05:
        return {
            "applicability": "not_applicable",
            "implementation": None,
            "explanation": "Geen eigen rekencentrum; niet van toepassing volgens de risicoanalyse.",
        }
    implemented = final and rng.random() < 0.8
    values = {
        "applicability": "applicable",
        "implementation": "implemented" if implemented else "planned",
        "explanation": rng.choice(EXPLANATIONS),
        "design": "sufficient" if implemented else "not_assessed",
        "existence": "sufficient" if implemented else "not_assessed",
        "operation": "sufficient" if implemented and rng.random() < 0.6 else "not_assessed",
        "owner": rng.choice(["CISO", "Teamleider ICT", "Privacy officer", "Facilitaire zaken"]),
    }
    if not implemented:
        values["planned_on"] = today + timedelta(days=rng.randint(30, 365))
    return values


def generate(session: Session, *, organisations: int, revisions: int, seed: int = 0) -> list[Organisation]:
    """Create the organisations (slugs org-001 …) with a CISO and an auditor each, and their answers."""
    rng = random.Random(seed)
    today = clock.today()
    requirements = session.exec(
        select(Requirement).where(Requirement.status == RequirementStatus.ACTIVE.value)
    ).all()
    created = []
    for number in range(1, organisations + 1):
        organisation = create_organisation(
            session=session,
            name=f"Gemeente Benchmark {number:03d}",
            slug=f"org-{number:03d}",
            mfa_roles=(),  # the load test signs in with a password only
        )
        ciso = create_user(
            session=session,
            email=f"ciso@org-{number:03d}.nl",
            password=PASSWORD,
            organisation=organisation,
            role=Role.CISO,
            name="Benchmark CISO",
        )
        create_user(
            session=session,
            email=f"auditor@org-{number:03d}.nl",
            password=PASSWORD,
            organisation=organisation,
            role=Role.AUDITOR,
        )
        created.append(organisation)
        answers = [{"organisation_id": organisation.id, "requirement_id": r.id} for r in requirements]
        session.execute(insert(Answer), answers)
        ids = dict(
            session.exec(
                select(Answer.requirement_id, Answer.id).where(Answer.organisation_id == organisation.id)
            ).all()
        )
        rows = []
        for requirement in requirements:
            for revision in range(1, revisions + 1):
                recorded = clock.now() - timedelta(days=30 * (revisions - revision) + rng.randint(0, 20))
                reviewed = (
                    recorded.date() if revision < revisions else today - timedelta(days=rng.randint(0, 400))
                )
                rows.append(
                    {
                        "answer_id": ids[requirement.id],
                        "number": revision,
                        "recorded_at": recorded,
                        "author_id": ciso.id,
                        "author_name": "Benchmark CISO",
                        "note": "",
                        "design": "not_assessed",
                        "existence": "not_assessed",
                        "operation": "not_assessed",
                        "explanation": "",
                        "planned_on": None,
                        "owner": "",
                        "risk_reference": "",
                        "implementation": None,
                        "last_reviewed_on": reviewed,
                        "next_review_due": reviewed + timedelta(days=365),
                        **_values(rng, requirement, revision == revisions, today),
                    }
                )
        for start in range(0, len(rows), 2000):
            session.execute(insert(AnswerRevision), rows[start : start + 2000])
        session.flush()
    return created

"""Demo answers for Gemeente Voorbeeld and its IT provider Gemeente Buurdorp: a realistic part of the
catalogue, with several revisions, overdue reviews, not-applicable measures and answers inherited from
Buurdorp."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from app.answers.demo_clauses import CLAUSES
from app.sharing.demo import share_demo_services
from controls.answer_models import Answer
from controls.answers import record_answer
from controls.evidence import add_evidence_link
from controls.models import Requirement
from controls.rules import AnswerValues
from core import clock
from core.actor import Actor
from core.models import Organisation

DONE = {
    "applicability": "applicable",
    "implementation": "implemented",
    "design": "sufficient",
    "existence": "sufficient",
}
INHERITED = {"applicability": "inherited"}

# code -> revisions, oldest first: (days ago, fields, link evidence or None); planned_in: days after that day.
VOORBEELD: dict[str, list[tuple[int, dict, str | None]]] = {
    "5.1": [
        (
            60,
            {
                **DONE,
                "operation": "sufficient",
                "owner": "CISO",
                "explanation": "Informatiebeveiligingsbeleid 2025-2028, vastgesteld door het college.",
            },
            "https://dms.voorbeeld.example/beleid/ib-beleid-2025",
        )
    ],
    "5.01.01": [
        (
            430,
            {
                "applicability": "applicable",
                "implementation": "planned",
                "owner": "CISO",
                "planned_in": 60,
                "explanation": "Concept-beleid ligt bij het MT; vaststelling door het college voorzien.",
            },
            None,
        ),
        (
            300,
            {
                **DONE,
                "owner": "CISO",
                "explanation": "Vastgesteld door het college en gepubliceerd op intranet en de website.",
            },
            "https://dms.voorbeeld.example/besluiten/college-ib-beleid",
        ),
    ],
    "5.01.02": [
        (
            450,
            {
                **DONE,
                "owner": "CISO",
                "explanation": "Herziening jaarlijks bij de voorjaarsnota, in de P&C-cyclus.",
            },
            None,
        )
    ],
    "5.02.01": [
        (
            120,
            {
                **DONE,
                "owner": "Directie",
                "explanation": "Rollen vastgelegd in het organisatiebesluit informatiebeveiliging.",
            },
            None,
        )
    ],
    "5.02.02": [
        (
            90,
            {
                "applicability": "applicable",
                "implementation": "partially",
                "owner": "Gemeentesecretaris",
                "planned_in": 120,
                "design": "sufficient",
                "explanation": "De CISO rapporteert nog aan het hoofd I&A; positionering onder de "
                "gemeentesecretaris volgt met de reorganisatie.",
            },
            None,
        )
    ],
    "5.04.01": [
        (
            40,
            {
                "applicability": "applicable",
                "implementation": "planned",
                "owner": "HR",
                "planned_in": 75,
                "explanation": "E-learning voor raad, college en medewerkers ingekocht; uitrol in Q2.",
            },
            None,
        )
    ],
    "5.09.01": [
        (
            380,
            {
                "applicability": "applicable",
                "implementation": "not_implemented",
                "owner": "I&A",
                "planned_in": 20,
                "explanation": "Geen centrale inventaris; per afdeling lijsten in Excel.",
            },
            None,
        ),
        (
            100,
            {
                "applicability": "applicable",
                "implementation": "partially",
                "owner": "I&A",
                "planned_in": 90,
                "design": "sufficient",
                "existence": "insufficient",
                "explanation": "CMDB ingericht voor hardware; applicaties en gegevensverzamelingen volgen.",
            },
            None,
        ),
    ],
    "5.17.01": [
        (
            200,
            {
                **DONE,
                "operation": "sufficient",
                "owner": "I&A",
                "explanation": "MFA voor alle accounts via het identiteitsplatform; uitzonderingen "
                "geregistreerd.",
            },
            "https://dms.voorbeeld.example/i-en-a/mfa-rapportage",
        )
    ],
    "5.17.02": [
        (
            30,
            {
                "applicability": "applicable",
                "implementation": "planned",
                "owner": "I&A",
                "planned_in": 150,
                "explanation": "Keuze voor een wachtwoordmanager in de aanbesteding.",
            },
            None,
        )
    ],
    "5.24.01": [
        (
            250,
            {
                **DONE,
                "owner": "Servicedesk",
                "explanation": "Meldloket via de servicedesk, ook buiten kantoortijd bereikbaar.",
            },
            None,
        )
    ],
    "5.35.02": [
        (
            400,
            {
                **DONE,
                "owner": "Concerncontrol",
                "explanation": "Auditplan jaarlijks vastgesteld door de directie.",
            },
            None,
        )
    ],
    "5.36.01": [
        (
            70,
            {
                "applicability": "applicable",
                "implementation": "partially",
                "owner": "Concerncontrol",
                "planned_in": 110,
                "explanation": "ENSIA-verantwoording loopt; de In Control Verklaring volgt bij de "
                "jaarrekening.",
            },
            None,
        )
    ],
    "6.03.02": [
        (
            150,
            {
                "applicability": "applicable",
                "implementation": "partially",
                "owner": "HR",
                "planned_in": 60,
                "explanation": "Nieuwe medewerkers krijgen de training, nog niet binnen drie maanden.",
            },
            None,
        )
    ],
    "7.10.03": [
        (
            180,
            {
                "applicability": "not_applicable",
                "owner": "Facilitaire zaken",
                "explanation": "De gemeente verstuurt geen gegevensdragers per koerier; vernietiging "
                "gebeurt op locatie onder toezicht.",
            },
            None,
        )
    ],
    "8.30.01": [
        (
            180,
            {
                "applicability": "not_applicable",
                "owner": "I&A",
                "explanation": "Geen eigen of uitbestede softwareontwikkeling; alleen standaardpakketten "
                "(SaaS), getoetst via 5.20.01.",
            },
            None,
        )
    ],
    "8.07.03": [(160, INHERITED, None)],
    "8.13.01": [(160, INHERITED, None)],
    "8.13.02": [(160, INHERITED, None)],
    "8.13.03": [(160, INHERITED, None)],
    "8.13.04": [(160, INHERITED, None)],
    "8.21.04": [(160, INHERITED, None)],
    "8.31.01": [(160, INHERITED, None)],
    "20.1": [
        (
            45,
            {
                **DONE,
                "owner": "College van B&W",
                "explanation": "Het college van B&W (het bestuur in de zin van Cbw art. 24 lid 12) keurt het "
                "beleid en het jaarplan goed en krijgt elk kwartaal een rapportage.",
            },
            None,
        )
    ],
    "20.2": [
        (
            45,
            {
                "applicability": "applicable",
                "implementation": "planned",
                "owner": "College van B&W",
                "planned_in": 80,
                "explanation": "Elk lid van het college van B&W behaalt binnen twee jaar na aantreden een "
                "certificaat en houdt het actueel (Cbw art. 24); de stand staat in het register Opleiding "
                "bestuur. Twee wethouders hebben nog geen certificaat; de training staat gepland.",
            },
            None,
        )
    ],
}

BUURDORP: dict[str, list[tuple[int, dict, str | None]]] = {
    "8.07.03": [
        (
            210,
            {
                **DONE,
                "operation": "sufficient",
                "owner": "Regionaal IT-centrum",
                "explanation": "Centraal beheerde antimalware op alle werkplekken en servers.",
            },
            None,
        )
    ],
    "8.13.01": [
        (
            220,
            {
                **DONE,
                "owner": "Regionaal IT-centrum",
                "explanation": "Back-upbeleid met onveranderbare kopieën tegen ransomware.",
            },
            "https://dms.buurdorp.example/it/back-upbeleid",
        )
    ],
    "8.13.02": [
        (
            220,
            {
                **DONE,
                "owner": "Regionaal IT-centrum",
                "explanation": "RPO 24 uur en RTO 48 uur vastgelegd in de DVO.",
            },
            None,
        )
    ],
    "8.13.03": [
        (
            220,
            {
                **DONE,
                "owner": "Regionaal IT-centrum",
                "explanation": "Tweede kopie in het datacenter van de regio.",
            },
            None,
        )
    ],
    "8.13.04": [
        (
            220,
            {
                "applicability": "applicable",
                "implementation": "partially",
                "planned_in": 45,
                "owner": "Regionaal IT-centrum",
                "explanation": "Hersteltest van de bestandsservers gedaan; de zaaksystemen volgen.",
            },
            None,
        )
    ],
    "8.21.04": [
        (
            230,
            {
                **DONE,
                "owner": "Regionaal IT-centrum",
                "explanation": "TLS 1.2 of hoger op alle verbindingen; getoetst met internet.nl.",
            },
            None,
        )
    ],
}


def seed_answers(session: Session, organisations: dict[str, Organisation]) -> None:
    """Idempotent: nothing happens once Gemeente Voorbeeld has answers, or while no catalogue is loaded."""
    voorbeeld, buurdorp = organisations.get("voorbeeld"), organisations.get("buurdorp")
    if voorbeeld is None or buurdorp is None:
        return
    if session.exec(select(Answer.id).where(Answer.organisation_id == voorbeeld.id)).first() is not None:
        return
    ids = dict(session.exec(select(Requirement.code, Requirement.id)).all())
    if not ids:
        return
    _seed(session, buurdorp, BUURDORP, ids, Actor.system("Bas Veilig"))
    share_demo_services(session, buurdorp, ids, Actor.system("Bas Veilig"))
    _seed(session, voorbeeld, VOORBEELD | CLAUSES, ids, Actor.system("Carla Securitas"))


def _seed(session: Session, organisation: Organisation, answers: dict, ids: dict[str, int], actor: Actor):
    for code, revisions in answers.items():
        if code not in ids:
            continue
        for number, (days_ago, fields, link) in enumerate(revisions):
            fields = dict(fields)
            planned_in = fields.pop("planned_in", None)
            at = clock.now() - timedelta(days=days_ago)
            day = at.astimezone(clock.LOCAL_ZONE).date()
            values = AnswerValues(
                **fields,
                last_reviewed_on=day,
                planned_on=day + timedelta(days=planned_in) if planned_in is not None else None,
            )
            revision = record_answer(
                session=session,
                organisation_id=organisation.id,
                requirement_id=ids[code],
                values=values,
                base_revision=number,
                actor=actor,
                note="demo",
                at=at,
                approved_by=Actor.system("college van B&W (demo)"),  # the demo's history stands as decided
            ).revision
            if link:
                add_evidence_link(
                    session=session,
                    organisation_id=organisation.id,
                    answer_id=revision.answer_id,
                    url=link,
                    actor=actor,
                    description="Vindplaats in het documentmanagementsysteem",
                    at=at,
                )
    session.flush()

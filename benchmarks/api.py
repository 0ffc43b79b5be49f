"""The API's lists at benchmark size: each organisation also gets a risk register of RISKS risks in as many
revisions as its answers (inserted in bulk, valid by the register's rules), and the first organisation's CISO
a read token. `Benchmark.api_list` measures a list the way a client asks for it: one page with everything."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import insert
from sqlmodel import Session, select

from core import clock
from core.actor import Actor
from core.models import Organisation, User
from core.tokens import create_token
from risk.models import Risk, RiskRevision

RISKS = 40
TARGET_MS = 50


def _fields(rng: random.Random, number: int, revision: int) -> dict:
    inherent = (rng.randint(2, 5), rng.randint(2, 5))
    return {
        "title": f"Risico {number}: uitval van een bedrijfskritische voorziening",
        "description": "Langdurige uitval door een aanval of storing bij de leverancier.",
        "cause": "Ransomware, storing",
        "consequence": "Dienstverlening ligt stil",
        "aspects": "availability",
        "impact_areas": "financial",
        "owner": "Afdelingshoofd",
        "inherent_likelihood": inherent[0],
        "inherent_impact": inherent[1],
        "treatment": "reduce",
        "residual_likelihood": max(1, inherent[0] - 1),
        "residual_impact": max(1, inherent[1] - revision % 2),
        "status": "in_treatment",
        "accepted_by": "",
        "accepted_on": None,
        "acceptance_expires_on": None,
        "review_on": None,
        "probability": 30,
        "impact_minimum": 10_000,
        "impact_most_likely": 50_000 + number,
        "impact_maximum": 250_000,
        "requirement_codes": "",
    }


def generate_risks(
    session: Session, organisations: list[Organisation], revisions: int, seed: int = 1
) -> None:
    rng = random.Random(seed)
    now = clock.now()
    for organisation in organisations:
        heads = []
        for number in range(1, RISKS + 1):
            heads.append(
                {
                    "organisation_id": organisation.id,
                    "reference": f"R-{number:03d}",
                    "revision": revisions,
                    "created_at": now - timedelta(days=30 * revisions),
                    "changed_at": now,
                    **_fields(rng, number, revisions),
                }
            )
        session.execute(insert(Risk), heads)
        query = select(Risk.reference, Risk.id).where(Risk.organisation_id == organisation.id)
        ids = dict(session.exec(query).all())
        rows = [
            {
                "risk_id": ids[f"R-{number:03d}"],
                "number": revision,
                "changed_at": now - timedelta(days=30 * (revisions - revision)),
                "changed_by": "Benchmark CISO",
                "note": "",
                **_fields(rng, number, revision),
            }
            for number in range(1, RISKS + 1)
            for revision in range(1, revisions + 1)
        ]
        session.execute(insert(RiskRevision), rows)
    session.flush()


def read_token(session: Session, organisation: Organisation) -> str:
    ciso = session.exec(select(User).where(User.email == f"ciso@{organisation.slug}.nl")).one()
    return create_token(
        session=session, user=ciso, organisation=organisation, scope="read", actor=Actor.system("benchmark")
    ).secret

"""Data for `make benchmark-large`: N organisations, each with the whole catalogue answered in K revisions, a risk
register in as many revisions, audit events, and a few actions, scope systems and incidents; fast.

The bulk rows (answer and risk revisions, audit events) are written with COPY on PostgreSQL (executemany on
SQLite) and chained here with the chain's own computation (`core.chain.link_hash`) after the links the
organisation already has, and the chain's head moved on: `naleving verify` finds every chain intact. The
actions, systems and incidents go through their domain functions, which extend the same chains.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from datetime import UTC, timedelta
from typing import Any

from sqlalchemy import Table, insert
from sqlmodel import Session, select

from benchmarks.api import RISKS, _fields
from benchmarks.data import PASSWORD, _values
from controls.answer_models import Answer, AnswerRevision
from controls.models import Requirement, RequirementStatus
from core import clock
from core.accounts import create_organisation, create_user
from core.actor import Actor
from core.chain import link_hash, move_head, take_head
from core.dbtypes import id_of, table_of
from core.models import AuditEvent, Organisation, Role, User
from risk.models import Risk, RiskRevision

ACTOR = Actor.system("benchmark")
ACTIONS = ("risk.changed", "evidence.added", "report.generated", "answer.recorded")


class Chain:
    """One organisation's chain as the bulk rows extend it: each row gets the next number and its hash."""

    def __init__(self, session: Session, key: int):
        self.key = key
        self.seq, self.hash = take_head(session.connection(), key)

    def seal(self, table: Table, row: dict[str, Any]) -> dict[str, Any]:
        full = {column.key: row.get(column.key) for column in table.columns if column.key != "id"}
        self.seq += 1
        full["chain_seq"] = self.seq
        self.hash = full["chain_hash"] = link_hash(self.hash, table, full, self.key)
        return full

    def close(self, session: Session) -> None:
        move_head(session.connection(), self.key, self.seq, self.hash)


def bulk(session: Session, table: Table, rows: Iterable[dict[str, Any]]) -> None:
    """Insert complete rows (every column but the id): COPY on PostgreSQL, executemany elsewhere."""
    columns = [column.key for column in table.columns if column.key != "id"]
    if session.get_bind().dialect.name != "postgresql":
        batch = list(rows)
        if batch:
            session.execute(insert(table), batch)
        return
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    names = ", ".join(f'"{name}"' for name in columns)
    with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:  # psycopg 3
        for row in rows:
            copy.write_row([row[name] for name in columns])


def _utc(moment):
    """Timestamps in UTC, as the app stores them."""
    return moment.astimezone(UTC)


def organisations_with_users(session: Session, count: int, start: int = 1) -> list[Organisation]:
    """org-001 … (from number `start`) with a CISO, an auditor and an admin each (through the domain functions:
    their events are chained as usual)."""
    created = []
    for number in range(start, start + count):
        slug = f"org-{number:03d}"
        organisation = create_organisation(
            session=session, name=f"Gemeente Benchmark {number:03d}", slug=slug, mfa_roles=()
        )
        for role in (Role.CISO, Role.AUDITOR, Role.ADMIN):
            create_user(
                session=session,
                email=f"{role.value}@{slug}.nl",
                password=PASSWORD,
                organisation=organisation,
                role=role,
                name=f"Benchmark {role.value}",
            )
        created.append(organisation)
    session.flush()
    return created


def answers_and_risks(
    session: Session, organisation: Organisation, revisions: int, events: int, rng: random.Random
) -> int:
    """The organisation's answers and risks in `revisions` revisions each and `events` audit events, chained;
    returns the number of rows written."""
    today, now = clock.today(), clock.now()
    key = id_of(organisation)
    ciso = session.exec(select(User.id).where(User.email == f"ciso@{organisation.slug}.nl")).one()
    requirements = session.exec(
        select(Requirement).where(Requirement.status == RequirementStatus.ACTIVE.value)
    ).all()
    session.execute(
        insert(Answer), [{"organisation_id": key, "requirement_id": id_of(r)} for r in requirements]
    )
    ids = dict(
        session.exec(select(Answer.requirement_id, Answer.id).where(Answer.organisation_id == key)).all()
    )
    session.execute(
        insert(Risk),
        [
            {
                "organisation_id": key,
                "reference": f"R-{number:03d}",
                "revision": revisions,
                "created_at": now - timedelta(days=30 * revisions),
                "changed_at": now,
                **_fields(rng, number, revisions),
            }
            for number in range(1, RISKS + 1)
        ],
    )
    risk_ids = dict(session.exec(select(Risk.reference, Risk.id).where(Risk.organisation_id == key)).all())
    chain = Chain(session, key)
    answer_table, risk_table, event_table = (
        table_of(AnswerRevision),
        table_of(RiskRevision),
        table_of(AuditEvent),
    )
    answer_rows = [
        chain.seal(answer_table, _answer_row(rng, requirement, ids, ciso, revision, revisions, today, now))
        for requirement in requirements
        for revision in range(1, revisions + 1)
    ]
    bulk(session, answer_table, answer_rows)
    risk_rows = [
        chain.seal(
            risk_table,
            {
                "risk_id": risk_ids[f"R-{number:03d}"],
                "number": revision,
                "changed_at": _utc(now - timedelta(days=30 * (revisions - revision))),
                "changed_by": "Benchmark CISO",
                "note": "",
                **_fields(rng, number, revision),
            },
        )
        for number in range(1, RISKS + 1)
        for revision in range(1, revisions + 1)
    ]
    bulk(session, risk_table, risk_rows)
    codes = [r.code for r in requirements]
    event_rows = [
        chain.seal(event_table, _event_row(rng, key, ciso, codes, n, events, now)) for n in range(events)
    ]
    bulk(session, event_table, event_rows)
    chain.close(session)
    return len(answer_rows) + len(risk_rows) + len(event_rows)


def _answer_row(rng, requirement, ids, ciso, revision: int, revisions: int, today, now) -> dict[str, Any]:
    recorded = now - timedelta(days=30 * (revisions - revision) + rng.randint(0, 20))
    reviewed = recorded.date() if revision < revisions else today - timedelta(days=rng.randint(0, 400))
    return {
        "answer_id": ids[id_of(requirement)],
        "number": revision,
        "recorded_at": _utc(recorded),
        "author_id": ciso,
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


def _event_row(rng, key: int, actor_id, codes: list[str], n: int, events: int, now) -> dict[str, Any]:
    action = ACTIONS[n % len(ACTIONS)]
    subject = codes[n % len(codes)] if action == "answer.recorded" else f"R-{n % RISKS + 1:03d}"
    changes = {"owner": ["CISO", "Teamleider ICT"]} if n % 3 == 0 else {}
    return {
        "at": _utc(now - timedelta(minutes=(events - n) * 50 + rng.randint(0, 40))),
        "action": action,
        "actor_id": actor_id,
        "actor_name": "Benchmark CISO",
        "organisation_id": key,
        "subject": subject,
        "detail": "",
        "changes": json.dumps(changes, ensure_ascii=False) if changes else "",
        "ip": "127.0.0.1",
    }


def registers(session: Session, organisation: Organisation, count: int) -> None:
    """`count` actions, scope systems and incidents, through their domain functions (chained as usual)."""
    from incidents.register import create_incident
    from incidents.rules import IncidentData
    from plan.actions import ActionData, create_action
    from scope.register import create_item
    from scope.rules import ItemData

    key = id_of(organisation)
    today = clock.today()
    for n in range(1, count + 1):
        create_action(
            session=session,
            organisation_id=key,
            data=ActionData(title=f"Actie {n}", owner_name="CISO", due_on=today + timedelta(days=30 * n)),
            actor=ACTOR,
        )
        create_item(
            session=session,
            organisation_id=key,
            kind="system",
            data=ItemData(name=f"Systeem {n}", owner="Teamleider ICT", information_kinds=("personal",)),
            actor=ACTOR,
        )
        if n <= max(1, count // 3):
            aware = clock.now() - timedelta(days=40 * n)
            create_incident(
                session=session,
                organisation_id=key,
                data=IncidentData(title=f"Incident {n}", aware_at=aware, significant=False),
                actor=ACTOR,
            )


def generate_large(
    session: Session,
    *,
    organisations: int,
    revisions: int,
    events: int,
    other_events: int,
    registers_each: int,
    seed: int = 0,
    progress=print,
) -> list[Organisation]:
    """Everything, committed per organisation; the first organisation (the measured one) gets `events` audit
    events, the others `other_events`."""
    rng = random.Random(seed)
    created = organisations_with_users(session, organisations)
    session.commit()
    rows = 0
    for number, organisation in enumerate(created, start=1):
        rows += answers_and_risks(
            session, organisation, revisions, events if number == 1 else other_events, rng
        )
        registers(session, organisation, registers_each)
        session.commit()
        if number % 50 == 0:
            progress(f"  {number} organisations, {rows:,} history rows")
    return created

"""Adopting the SoA (vaststelling): the CISO proposes the statement as it stands, an approver adopts that frozen
version with its date and the body that adopted it. An adoption is append-only JSON with its SHA-256, and the
statement can be rebuilt from it for the SoA report, whatever changed afterwards."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from controls.answer_models import Status
from controls.coverage import Contribution, Nis2Coverage
from controls.models import RequirementKind
from controls.sharing import SharedView
from controls.soa import (
    THEMES,
    Entry,
    Progress,
    Statement,
    statement_of_applicability,
)
from controls.summaries import AnswerSummary
from core import clock
from core.actor import Actor
from core.audit import record_event
from core.dbtypes import id_of
from plan.models import Approval, SoaAdoption

CATEGORIES = ("basishygiene", "ketenhygiene", "overheidsrisicos")


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def frozen_statement(*, session: Session, organisation_id: int) -> dict[str, Any]:
    """The statement as it stands now, as plain JSON-able data (what an adoption keeps)."""
    statement = statement_of_applicability(session=session, organisation_id=organisation_id)
    return {
        "organisation_name": statement.organisation_name,
        "provider_name": statement.provider_name,
        "reference_date": statement.reference_date.isoformat(),
        "catalogue_version": statement.catalogue_version,
        "entries": [_plain(asdict(entry)) for entry in statement.entries],
        "nis2": [_plain(asdict(item)) for item in statement.nis2],
    }


def adopt(*, session: Session, approval: Approval, approver: Actor) -> SoaAdoption:
    """Turn an approved proposal into the next adoption of the organisation (called by plan.approvals)."""
    payload = json.loads(approval.payload)
    numbers = session.exec(
        select(col(SoaAdoption.number)).where(col(SoaAdoption.organisation_id) == approval.organisation_id)
    ).all()
    content = json.dumps(payload["statement"], ensure_ascii=False, sort_keys=True)
    adoption = SoaAdoption(
        organisation_id=approval.organisation_id,
        number=max(numbers, default=0) + 1,
        adopted_on=date.fromisoformat(payload["adopted_on"]),
        body=payload["body"][:200],
        frozen_at=approval.proposed_at,
        entries_json=content,
        sha256=hashlib.sha256(content.encode()).hexdigest(),
        proposed_by=approval.proposed_by,
        approved_by=approver.name[:254],
        approval_id=id_of(approval),
        created_at=clock.now(),
    )
    session.add(adoption)
    session.flush()
    record_event(
        session=session,
        action="soa.adopted",
        actor=approver,
        organisation_id=approval.organisation_id,
        subject=f"VvT versie {adoption.number}",
        detail=f"vastgesteld door {adoption.body} op {adoption.adopted_on.isoformat()}",
    )
    return adoption


def adoptions(*, session: Session, organisation_id: int) -> list[SoaAdoption]:
    return list(
        session.exec(
            select(SoaAdoption)
            .where(col(SoaAdoption.organisation_id) == organisation_id)
            .order_by(col(SoaAdoption.number).desc())
        ).all()
    )


def get_adoption(*, session: Session, organisation_id: int, number: int) -> SoaAdoption | None:
    return session.exec(
        select(SoaAdoption).where(
            col(SoaAdoption.organisation_id) == organisation_id, col(SoaAdoption.number) == number
        )
    ).first()


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _summary(raw: dict[str, Any] | None) -> AnswerSummary | None:
    if raw is None:
        return None
    values = dict(raw)
    values["recorded_at"] = datetime.fromisoformat(values["recorded_at"])
    for name in ("planned_on", "last_reviewed_on", "next_review_due"):
        values[name] = _date(values[name])
    return AnswerSummary(**values)


def _entry(raw: dict[str, Any]) -> Entry:
    values = dict(raw)
    values["categories"] = tuple(values["categories"])
    values["answer"] = _summary(values["answer"])
    values["shared"] = _shared(values.get("shared"))
    return Entry(**values)


def _shared(raw: dict[str, Any] | None) -> SharedView | None:
    """What the provider shared, as it was when the statement was adopted."""
    if raw is None:
        return None
    values = dict(raw)
    values["shared_at"] = datetime.fromisoformat(values["shared_at"])
    values["provider_reviewed_on"] = _date(values["provider_reviewed_on"])
    return SharedView(**values)


def _progress(key: str, title: str, entries: list[Entry]) -> Progress:
    counts = Counter(e.status for e in entries)
    return Progress(key, title, {s.value: counts.get(s.value, 0) for s in Status})


def _coverage(raw: dict[str, Any]) -> Nis2Coverage:
    values = dict(raw)
    values["contributors"] = tuple(Contribution(**c) for c in values["contributors"])
    values["gaps"] = tuple(Contribution(**c) for c in values["gaps"])
    return Nis2Coverage(**values)


def adopted_statement(adoption: SoaAdoption) -> Statement:
    """The statement exactly as it was adopted (the SoA report is made from it)."""
    frozen = json.loads(adoption.entries_json)
    entries = [_entry(raw) for raw in frozen["entries"]]
    active = [e for e in entries if e.active]
    reference = date.fromisoformat(frozen["reference_date"])
    return Statement(
        organisation_id=adoption.organisation_id,
        organisation_name=frozen["organisation_name"],
        provider_name=frozen["provider_name"],
        as_of=reference,
        reference_date=reference,
        generated_at=adoption.created_at,
        catalogue_version=frozen["catalogue_version"],
        locale="nl",
        entries=tuple(entries),
        overall=_progress("all", "", active),
        by_kind=tuple(
            _progress(k.value, k.value, [e for e in active if e.kind == k.value]) for k in RequirementKind
        ),
        by_theme=tuple(_progress(t, t, [e for e in active if e.group == t]) for t in THEMES),
        by_category=tuple(_progress(c, c, [e for e in active if c in e.categories]) for c in CATEGORIES),
        nis2=tuple(_coverage(raw) for raw in frozen["nis2"]),
    )

"""Is the record intact? An organisation's hash chain recomputed, and every archived report file hashed again.

`naleving verify` recomputes whole chains (`first_break`); the logboek shows the cached verdict, checking only
the links added since the last check (`chain_verdict`, core.chain_verdict). Both record what they found."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from core.chain import PLATFORM
from core.chain_verdict import Verdict, cached_verdict, full_verdict
from reports.archive import report_path, verify_report
from reports.models import ReportRecord


@dataclass(frozen=True)
class Finding:
    """The first thing that does not match: a row of the chain or a report file."""

    organisation_id: int
    what: str


def first_break(*, session: Session, organisation_id: int | None) -> Finding | None:
    """The first row of the organisation's chain (None: the chain of events of no organisation) that does not
    match its hash or number, the whole chain recomputed; None when the chain is intact."""
    key = organisation_id or PLATFORM
    verdict = full_verdict(session.connection(), key)
    return None if verdict.intact else Finding(key, verdict.problem)


def chain_verdict(*, session: Session, organisation_id: int) -> Verdict:
    """The last verdict on the organisation's chain, brought up to its newest link (the caller commits)."""
    return cached_verdict(session.connection(), organisation_id)


def first_bad_file(*, session: Session, organisation_id: int, root: Path) -> Finding | None:
    """The first archived report whose file is missing or no longer has its recorded SHA-256."""
    records = session.exec(
        select(ReportRecord)
        .where(col(ReportRecord.organisation_id) == organisation_id)
        .order_by(col(ReportRecord.id))
    ).all()
    for record in records:
        if not verify_report(root=root, record=record):
            return Finding(
                organisation_id,
                f"rapport #{record.id}: bestand {report_path(root, record).name} komt niet overeen",
            )
    return None


def verify_organisation(*, session: Session, organisation_id: int, root: Path) -> list[Finding]:
    """The chain's first break and the first bad report file of one organisation (empty: intact)."""
    return [
        finding
        for finding in (
            first_break(session=session, organisation_id=organisation_id),
            first_bad_file(session=session, organisation_id=organisation_id, root=root),
        )
        if finding is not None
    ]

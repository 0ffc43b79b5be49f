"""The organisation's ENSIA year: which bijlagen of the collegeverklaring apply (bijlage 1 DigiD, bijlage 2
Suwinet) and the references of the IT auditor's assurance reports behind them. One record per year, changed only
here, every change audited (`ensia.year_recorded`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from sqlmodel import Session, col, select

from core import clock
from core.actor import Actor
from core.audit import changed_fields, record_event
from core.errors import Problem, RuleError
from core.ranges import EARLIEST_DATE, LATEST_DATE
from reports.models import EnsiaYear

MAX_TEXT = 200


@dataclass(frozen=True)
class EnsiaYearData:
    digid_applies: bool = False
    digid_reference: str = ""
    suwinet_applies: bool = False
    suwinet_reference: str = ""
    auditor: str = ""

    def normalised(self) -> EnsiaYearData:
        return replace(
            self,
            digid_reference=self.digid_reference.strip(),
            suwinet_reference=self.suwinet_reference.strip(),
            auditor=self.auditor.strip(),
        )

    def problems(self) -> list[Problem]:
        return [
            Problem("ensia.too_long", {"limit": MAX_TEXT}, name)
            for name in ("digid_reference", "suwinet_reference", "auditor")
            if len(getattr(self, name)) > MAX_TEXT
        ]


def year_problem(year: int) -> Problem | None:
    if EARLIEST_DATE.year <= year <= LATEST_DATE.year:
        return None
    return Problem(
        "ensia.year_out_of_range",
        {"year": year, "earliest": EARLIEST_DATE.year, "latest": LATEST_DATE.year},
        "year",
    )


def ensia_year(*, session: Session, organisation_id: int, year: int) -> EnsiaYear | None:
    return session.exec(
        select(EnsiaYear).where(
            col(EnsiaYear.organisation_id) == organisation_id, col(EnsiaYear.year) == year
        )
    ).first()


def data_of(record: EnsiaYear | None) -> EnsiaYearData:
    if record is None:
        return EnsiaYearData()
    return EnsiaYearData(
        digid_applies=record.digid_applies,
        digid_reference=record.digid_reference,
        suwinet_applies=record.suwinet_applies,
        suwinet_reference=record.suwinet_reference,
        auditor=record.auditor,
    )


def record_ensia_year(
    *, session: Session, organisation_id: int, year: int, data: EnsiaYearData, actor: Actor
) -> EnsiaYear:
    """Keep what the organisation states for an ENSIA year (flushed, audited; the caller commits)."""
    data = data.normalised()
    found = [p for p in [year_problem(year), *data.problems()] if p is not None]
    if found:
        raise RuleError(found)
    record = ensia_year(session=session, organisation_id=organisation_id, year=year)
    before = asdict(data_of(record)) if record is not None else {}
    if record is None:
        record = EnsiaYear(organisation_id=organisation_id, year=year)
    changes = changed_fields(before, asdict(data))
    if not changes and record.id is not None:
        return record
    for name, value in asdict(data).items():
        setattr(record, name, value)
    record.changed_at = clock.now()
    record.changed_by = actor.name[:254]
    session.add(record)
    session.flush()
    record_event(
        session=session,
        action="ensia.year_recorded",
        actor=actor,
        organisation_id=organisation_id,
        subject=f"ENSIA {year}",
        changes=changes,
    )
    return record

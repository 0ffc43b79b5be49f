"""Reading the risk register: a risk as it stood at one revision (RiskState), the register now or as it stood at
the end of a date, a risk's history and what changed between revisions, and what is asked of it (open risks,
expired acceptances, the highest residual risks, the known and accepted references). Recording risks:
risk/register.py."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from core import clock
from core.dbtypes import id_of
from risk.models import Risk, RiskRevision, RiskStatus, Treatment
from risk.rules import RiskData

REFERENCE = re.compile(r"^R-(\d{3,6})$")
DATA_FIELDS = tuple(f.name for f in fields(RiskData))


@dataclass(frozen=True)
class RiskState:
    """One risk as the register shows it at some moment: the fields of one revision, with its identity."""

    risk_id: int
    reference: str
    revision: int
    changed_at: datetime
    changed_by: str
    data: RiskData

    def __getattr__(self, name: str) -> Any:
        # Called only for names not found otherwise: the revision's fields read as attributes of the state.
        if name in DATA_FIELDS:
            return getattr(self.data, name)
        raise AttributeError(name)

    @property
    def inherent_score(self) -> int:
        return self.data.inherent_likelihood * self.data.inherent_impact

    @property
    def residual_score(self) -> int:
        return self.data.residual_likelihood * self.data.residual_impact

    @property
    def is_closed(self) -> bool:
        return self.data.status == RiskStatus.CLOSED.value

    @property
    def exposure(self) -> tuple[float, int, int, int] | None:
        """(probability 0..1, minimum, most likely, maximum) for the weerstandsvermogen, or None."""
        d = self.data
        if (
            d.probability is None
            or d.impact_minimum is None
            or d.impact_most_likely is None
            or d.impact_maximum is None
        ):
            return None
        return (d.probability / 100, d.impact_minimum, d.impact_most_likely, d.impact_maximum)

    def acceptance_expired(self, today: date) -> bool:
        d = self.data
        return (
            d.treatment == Treatment.ACCEPT.value
            and not self.is_closed
            and d.acceptance_expires_on is not None
            and d.acceptance_expires_on < today
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: dates as ISO text (the form snapshots keep)."""
        data = asdict(self.data)
        for name in ("accepted_on", "acceptance_expires_on", "review_on"):
            data[name] = data[name].isoformat() if data[name] else None
        for name in ("aspects", "impact_areas", "requirement_codes"):
            data[name] = list(data[name])
        return {
            "risk_id": self.risk_id,
            "reference": self.reference,
            "revision": self.revision,
            "changed_at": self.changed_at.isoformat(),
            "changed_by": self.changed_by,
            **data,
        }

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> RiskState:
        values: dict[str, Any] = {name: row.get(name) for name in DATA_FIELDS}
        for name in ("accepted_on", "acceptance_expires_on", "review_on"):
            values[name] = date.fromisoformat(values[name]) if values[name] else None
        for name in ("aspects", "impact_areas", "requirement_codes"):
            values[name] = tuple(values[name] or ())
        for name in ("description", "cause", "consequence", "accepted_by"):
            values[name] = values[name] or ""
        return cls(
            risk_id=row["risk_id"],
            reference=row["reference"],
            revision=row["revision"],
            changed_at=datetime.fromisoformat(row["changed_at"]),
            changed_by=row.get("changed_by", ""),
            data=RiskData(**values),
        )


def _split(value: str) -> tuple[str, ...]:
    return tuple(part for part in value.split(",") if part)


def data_of(row: RiskRevision | Risk) -> RiskData:
    """The RiskData a stored row (head or revision) holds."""
    values: dict[str, Any] = {name: getattr(row, name) for name in DATA_FIELDS}
    for name in ("aspects", "impact_areas", "requirement_codes"):
        values[name] = _split(values[name])
    return RiskData(**values)


def state_of(reference: str, revision: RiskRevision) -> RiskState:
    return RiskState(
        risk_id=revision.risk_id,
        reference=reference,
        revision=revision.number,
        changed_at=revision.changed_at,
        changed_by=revision.changed_by,
        data=data_of(revision),
    )


def reference_number(reference: str) -> int:
    match = REFERENCE.match(reference)
    return int(match.group(1)) if match else 0


def get_risk(*, session: Session, organisation_id: int, risk_id: int) -> Risk | None:
    """The risk with this id, if it belongs to the organisation."""
    return session.exec(
        select(Risk).where(col(Risk.id) == risk_id, col(Risk.organisation_id) == organisation_id)
    ).first()


def risks_by_reference(*, session: Session, organisation_id: int) -> dict[str, Risk]:
    """Every risk of the organisation by its reference (one query)."""
    risks = session.exec(select(Risk).where(col(Risk.organisation_id) == organisation_id)).all()
    return {risk.reference: risk for risk in risks}


def end_of_day(day: date) -> datetime:
    """The first moment after `day` in the Netherlands, in UTC: 'as of 31 December' includes that day."""
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=clock.LOCAL_ZONE).astimezone(UTC)


def list_risks(*, session: Session, organisation_id: int, as_of: date | None = None) -> list[RiskState]:
    """The register (closed risks included), ordered by reference: now, or as it stood at the end of `as_of`.

    One query, whatever the number of risks.
    """
    if as_of is None:
        query = (
            select(col(Risk.reference), RiskRevision)
            .join(
                RiskRevision,
                (col(RiskRevision.risk_id) == col(Risk.id))
                & (col(RiskRevision.number) == col(Risk.revision)),
            )
            .where(col(Risk.organisation_id) == organisation_id)
        )
    else:  # the newest number per risk by the unique (risk, number) index: this organisation's rows only
        older = aliased(RiskRevision)
        newest = select(func.max(col(older.number))).where(
            col(older.risk_id) == col(Risk.id), col(older.changed_at) < end_of_day(as_of)
        )
        query = (
            select(col(Risk.reference), RiskRevision)
            .join(RiskRevision, col(RiskRevision.risk_id) == col(Risk.id))
            .where(
                col(Risk.organisation_id) == organisation_id,
                col(RiskRevision.number) == newest.correlate(Risk).scalar_subquery(),
            )
        )
    states = [state_of(reference, revision) for reference, revision in session.exec(query).all()]
    return sorted(states, key=lambda state: (reference_number(state.reference), state.reference))


def risk_history(*, session: Session, risk: Risk) -> list[RiskRevision]:
    """Every revision of the risk, oldest first."""
    return list(
        session.exec(
            select(RiskRevision)
            .where(col(RiskRevision.risk_id) == id_of(risk))
            .order_by(col(RiskRevision.number))
        )
    )


@dataclass(frozen=True)
class Change:
    field: str
    old: object
    new: object


def differences(old: RiskData | None, new: RiskData) -> list[Change]:
    """The fields that differ between two revisions (all filled fields when there is no older one)."""
    changes = []
    for name in DATA_FIELDS:
        before = getattr(old, name) if old is not None else None
        after = getattr(new, name)
        if before != after and (old is not None or after not in (None, "", ())):
            changes.append(Change(name, before, after))
    return changes


def risk_references(*, session: Session, organisation_id: int) -> set[str]:
    """Every reference in the organisation's register (closed risks included)."""
    return set(
        session.exec(select(col(Risk.reference)).where(col(Risk.organisation_id) == organisation_id)).all()
    )


def accepted_risk_references(*, session: Session, organisation_id: int, today: date) -> set[str]:
    """References of the register of temporarily accepted risks: treatment 'accept', not closed, and an
    acceptance that has not expired on `today` (it is valid through its expiry date)."""
    return set(
        session.exec(
            select(col(Risk.reference)).where(
                col(Risk.organisation_id) == organisation_id,
                col(Risk.treatment) == Treatment.ACCEPT.value,
                col(Risk.status) != RiskStatus.CLOSED.value,
                col(Risk.acceptance_expires_on).is_not(None),
                col(Risk.acceptance_expires_on) >= today,
            )
        ).all()
    )


def open_risks(states: Iterable[RiskState]) -> list[RiskState]:
    return [state for state in states if not state.is_closed]


def expired_acceptances(states: Iterable[RiskState], today: date) -> list[RiskState]:
    """Accepted risks whose acceptance has run out: they need a decision."""
    return sorted(
        (s for s in states if s.acceptance_expired(today)),
        key=lambda s: (s.acceptance_expires_on, s.reference),
    )


def top_residual(states: Iterable[RiskState], count: int = 10) -> list[RiskState]:
    """The open risks with the highest residual score (then inherent score, then reference)."""
    return sorted(
        open_risks(states),
        key=lambda s: (
            -s.residual_score,
            -s.residual_impact,
            -s.inherent_score,
            reference_number(s.reference),
        ),
    )[:count]


def expired_acceptance_references(
    *, session: Session, organisation_id: int, as_of: date | None, today: date
) -> set[str]:
    """References of risks whose temporary acceptance had run out on the reference date (`as_of`, or today),
    as the register stood then: the answers resting on them are flagged in the SoA."""
    states = list_risks(session=session, organisation_id=organisation_id, as_of=as_of)
    return {s.reference for s in expired_acceptances(states, as_of or today)}

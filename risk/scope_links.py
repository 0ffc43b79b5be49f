"""Risks and the scope register: which processes and systems a risk threatens, the gaps (an in-scope item whose
quickscan asks for a risk analysis while no risk is linked to it) and the digital-sovereignty view (in-scope
systems depending on suppliers under non-EU jurisdiction, with their risks)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import exists
from sqlmodel import Session, col, select

from core.actor import Actor
from core.audit import record_event
from core.dbtypes import id_of
from core.errors import Problem, RuleError
from risk.models import Risk, RiskScopeItem
from scope.models import Hosting, ItemKind, Jurisdiction, Outcome, ScopeItem, ScopeItemSupplier, Supplier


def _same_organisation(risk: Risk, item: ScopeItem) -> None:
    if risk.organisation_id != item.organisation_id:
        raise RuleError(Problem("scope.foreign_risk", {"reference": risk.reference}, "risk"))


def link_risk(*, session: Session, risk: Risk, item: ScopeItem, actor: Actor) -> bool:
    """Record that `risk` threatens `item`; False when it was linked already."""
    _same_organisation(risk, item)
    if session.get(RiskScopeItem, (id_of(risk), id_of(item))) is not None:
        return False
    session.add(RiskScopeItem(risk_id=id_of(risk), item_id=id_of(item)))
    session.flush()
    record_event(
        session=session,
        action="risk.scope_linked",
        actor=actor,
        organisation_id=risk.organisation_id,
        subject=f"{risk.reference} -> {item.reference}",
    )
    return True


def unlink_risk(*, session: Session, risk: Risk, item: ScopeItem, actor: Actor) -> bool:
    """Remove the link between `risk` and `item`; False when there was none."""
    link = session.get(RiskScopeItem, (id_of(risk), id_of(item)))
    if link is None:
        return False
    session.delete(link)
    session.flush()
    record_event(
        session=session,
        action="risk.scope_unlinked",
        actor=actor,
        organisation_id=risk.organisation_id,
        subject=f"{risk.reference} -> {item.reference}",
    )
    return True


def risks_of_item(*, session: Session, item: ScopeItem) -> list[Risk]:
    query = (
        select(Risk)
        .join(RiskScopeItem, col(RiskScopeItem.risk_id) == col(Risk.id))
        .where(col(RiskScopeItem.item_id) == id_of(item))
        .order_by(col(Risk.reference))
    )
    return list(session.exec(query).all())


def items_of_risk(*, session: Session, risk: Risk) -> list[ScopeItem]:
    query = (
        select(ScopeItem)
        .join(RiskScopeItem, col(RiskScopeItem.item_id) == col(ScopeItem.id))
        .where(col(RiskScopeItem.risk_id) == id_of(risk))
        .order_by(col(ScopeItem.kind), col(ScopeItem.reference))
    )
    return list(session.exec(query).all())


def risk_counts(*, session: Session, organisation_id: int) -> dict[int, int]:
    """The number of linked risks per item of the organisation (one query)."""
    rows = session.exec(
        select(col(RiskScopeItem.item_id), col(RiskScopeItem.risk_id))
        .join(Risk, col(Risk.id) == col(RiskScopeItem.risk_id))
        .where(col(Risk.organisation_id) == organisation_id)
    ).all()
    counts: dict[int, int] = defaultdict(int)
    for item_id, _risk_id in rows:
        counts[item_id] += 1
    return dict(counts)


def scope_gaps(*, session: Session, organisation_id: int) -> list[ScopeItem]:
    """In-scope processes and systems whose quickscan asks for a risk analysis ("hoog" on an aspect) and to which
    no risk is linked: the risk analysis BIO2 §13 asks for is missing (one query)."""
    linked = exists().where(col(RiskScopeItem.item_id) == col(ScopeItem.id))
    query = (
        select(ScopeItem)
        .where(
            col(ScopeItem.organisation_id) == organisation_id,
            col(ScopeItem.in_scope).is_(True),
            col(ScopeItem.outcome) == Outcome.RISK_ANALYSIS_NEEDED.value,
            ~linked,
        )
        .order_by(col(ScopeItem.kind), col(ScopeItem.reference))
    )
    return list(session.exec(query).all())


@dataclass(frozen=True)
class Dependence:
    system: ScopeItem
    reasons: tuple[str, ...]  # "jurisdiction", "hosting", or the names of non-EU suppliers
    risks: tuple[Risk, ...]


@dataclass(frozen=True)
class Sovereignty:
    in_scope_systems: int
    dependent: tuple[Dependence, ...]

    @property
    def share(self) -> float:
        return len(self.dependent) / self.in_scope_systems if self.in_scope_systems else 0.0


def sovereignty(*, session: Session, organisation_id: int) -> Sovereignty:
    """In-scope systems that depend on a non-EU jurisdiction: their own jurisdiction or hosting says so, or a
    supplier they depend on is under non-EU jurisdiction. Three queries, whatever the number of systems."""
    systems = list(
        session.exec(
            select(ScopeItem)
            .where(
                col(ScopeItem.organisation_id) == organisation_id,
                col(ScopeItem.kind) == ItemKind.SYSTEM.value,
                col(ScopeItem.in_scope).is_(True),
            )
            .order_by(col(ScopeItem.reference))
        ).all()
    )
    foreign: dict[int, list[str]] = defaultdict(list)
    for item_id, name in session.exec(
        select(col(ScopeItemSupplier.item_id), col(Supplier.name))
        .join(Supplier, col(Supplier.id) == col(ScopeItemSupplier.supplier_id))
        .where(
            col(Supplier.organisation_id) == organisation_id,
            col(Supplier.jurisdiction) == Jurisdiction.NON_EU.value,
        )
    ).all():
        foreign[item_id].append(name)
    risks: dict[int, list[Risk]] = defaultdict(list)
    ids = [id_of(system) for system in systems]
    if ids:
        for item_id, risk in session.exec(
            select(col(RiskScopeItem.item_id), Risk)
            .join(Risk, col(Risk.id) == col(RiskScopeItem.risk_id))
            .where(col(RiskScopeItem.item_id).in_(ids))
            .order_by(col(Risk.reference))
        ).all():
            risks[item_id].append(risk)
    dependent = []
    for system in systems:
        reasons = []
        if system.jurisdiction == Jurisdiction.NON_EU.value:
            reasons.append("jurisdiction")
        if system.hosting == Hosting.NON_EU_CLOUD.value:
            reasons.append("hosting")
        reasons.extend(sorted(foreign.get(id_of(system), [])))
        if reasons:
            dependent.append(Dependence(system, tuple(reasons), tuple(risks.get(id_of(system), []))))
    return Sovereignty(len(systems), tuple(dependent))

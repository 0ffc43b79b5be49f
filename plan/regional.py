"""The regional view: for a user with a role in several organisations, their figures side by side, for exactly
the organisations the user belongs to (never others): implementation per theme and category, NIS2 coverage,
risks above the appetite, overdue actions and temporary acceptances about to expire.

The work per organisation is that of its dashboard (controls.soa, risk.reading, plan.actions): a fixed number of
queries per organisation, whatever the number of answers, risks and actions it holds."""

from __future__ import annotations

from collections import Counter
from collections.abc import Container
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from controls.soa import Progress, statement_of_applicability
from core.dbtypes import id_of
from core.models import Membership, Organisation, Role
from plan.actions import list_actions
from plan.overview import EXPIRING_WITHIN
from risk.matrix import matrix_for
from risk.models import Treatment
from risk.reading import list_risks

COVERAGE_STATES = ("covered", "partial", "gap", "unmapped")


@dataclass(frozen=True)
class Share:
    """One theme or category of one organisation: implemented as a share of what applies."""

    key: str
    title: str
    percent: int
    implemented: int
    applicable: int


@dataclass(frozen=True)
class OrganisationFigures:
    id: int
    slug: str
    name: str
    role: str
    percent: int  # implemented of all applicable requirements
    unanswered: int
    themes: tuple[Share, ...]
    categories: tuple[Share, ...]
    nis2: dict[str, int]  # coverage state -> number of NIS2 points
    above_appetite: int
    overdue_actions: int
    expiring_acceptances: int  # temporary acceptances ending within 60 days
    expired_acceptances: int


@dataclass(frozen=True)
class Comparison:
    today: date
    organisations: tuple[OrganisationFigures, ...]

    @property
    def themes(self) -> tuple[tuple[str, str], ...]:
        return tuple((s.key, s.title) for s in self.organisations[0].themes) if self.organisations else ()

    @property
    def categories(self) -> tuple[tuple[str, str], ...]:
        return tuple((s.key, s.title) for s in self.organisations[0].categories) if self.organisations else ()


def memberships(*, session: Session, user_id: int) -> list[tuple[Organisation, Role]]:
    """The organisations the user holds a role in, by name. One query."""
    rows = session.exec(
        select(Organisation, col(Membership.role))
        .join(Membership, col(Membership.organisation_id) == col(Organisation.id))
        .where(col(Membership.user_id) == user_id)
        .order_by(col(Organisation.name), col(Organisation.id))
    ).all()
    return [(organisation, Role(role)) for organisation, role in rows]


def regional_comparison(
    *, session: Session, user_id: int, today: date, locale: str = "nl", only: Container[int] | None = None
) -> Comparison:
    """The figures of every organisation the user belongs to (of those in `only`, when given: the API reaches
    fewer, see docs/together.md), by name."""
    return Comparison(
        today=today,
        organisations=tuple(
            _figures(session=session, organisation=organisation, role=role, today=today, locale=locale)
            for organisation, role in memberships(session=session, user_id=user_id)
            if only is None or id_of(organisation) in only
        ),
    )


def _share(progress: Progress) -> Share:
    return Share(
        progress.key, progress.title, progress.percent_implemented, progress.implemented, progress.applicable
    )


def _figures(
    *, session: Session, organisation: Organisation, role: Role, today: date, locale: str
) -> OrganisationFigures:
    organisation_id = id_of(organisation)
    statement = statement_of_applicability(session=session, organisation_id=organisation_id, locale=locale)
    states = [s for s in list_risks(session=session, organisation_id=organisation_id) if not s.is_closed]
    matrix = matrix_for(session=session, organisation_id=organisation_id)
    ends = [
        s.acceptance_expires_on
        for s in states
        if s.treatment == Treatment.ACCEPT.value and s.acceptance_expires_on is not None
    ]
    coverage = Counter(point.state for point in statement.nis2)
    return OrganisationFigures(
        id=organisation_id,
        slug=organisation.slug,
        name=organisation.name,
        role=role.value,
        percent=statement.overall.percent_implemented,
        unanswered=statement.overall.unanswered,
        themes=tuple(_share(p) for p in statement.by_theme if p.total),
        categories=tuple(_share(p) for p in statement.by_category),
        nis2={state: coverage.get(state, 0) for state in COVERAGE_STATES},
        above_appetite=sum(
            1 for s in states if matrix.exceeds_appetite(s.residual_likelihood, s.residual_impact)
        ),
        overdue_actions=len(list_actions(session=session, organisation_id=organisation_id, overdue_on=today)),
        expiring_acceptances=sum(1 for end in ends if today <= end <= today + EXPIRING_WITHIN),
        expired_acceptances=sum(1 for end in ends if end < today),
    )

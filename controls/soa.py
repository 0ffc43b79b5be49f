"""The Statement of Applicability (Verklaring van Toepasselijkheid): every requirement with its status and
justification, progress per theme, category and kind, and NIS2 coverage derived from the mappings.

`statement_of_applicability` is the one function the web page, the Excel export and the PDF/XLSX reports use.
It runs a fixed number of queries, whatever the number of requirements, answers and revisions.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from controls.answer_models import Answer, AnswerRevision, Applicability, Evidence, Status
from controls.answers import cutoff, latest_revisions
from controls.catalogue import current_catalogue
from controls.labels import label
from controls.models import Mapping, Requirement, RequirementKind, RequirementStatus
from core import clock
from core.dbtypes import id_of
from core.organisations import organisation_facts

# The groups of the statement in their order: the ISMS clauses (ISO 27001, BIO2 part 1), the themes of the controls
# with their measures, the NIS2 points.
THEMES = ("iso27001", "5", "6", "7", "8", "nis2")
OPEN_STATUSES = {Status.PARTIALLY.value, Status.PLANNED.value, Status.NOT_IMPLEMENTED.value}


@dataclass(frozen=True)
class AnswerSummary:
    """An answer as it stood in one revision."""

    revision: int
    recorded_at: datetime
    author_name: str
    note: str
    applicability: str
    implementation: str | None
    design: str
    existence: str
    operation: str
    explanation: str
    planned_on: date | None
    owner: str
    risk_reference: str
    last_reviewed_on: date
    next_review_due: date

    @classmethod
    def of(cls, revision: AnswerRevision) -> AnswerSummary:
        return cls(
            **{name: getattr(revision, name) for name in cls.__dataclass_fields__ if name != "revision"},
            revision=revision.number,
        )


@dataclass(frozen=True)
class Entry:
    """One requirement in the statement."""

    requirement_id: int
    code: str
    kind: str
    theme: int | None
    categories: tuple[str, ...]
    title: str
    summary: str
    parent_code: str | None
    article: str | None  # NIS2 points: the article reference
    requirement_status: str  # active, withdrawn, moved
    status: str  # a Status value
    answer: AnswerSummary | None
    inherited_from: str | None  # the provider's name, when the answer is inherited
    provider_answer: AnswerSummary | None
    evidence_count: int
    review_overdue: bool
    plan_overdue: bool

    @property
    def active(self) -> bool:
        return self.requirement_status == RequirementStatus.ACTIVE.value

    @property
    def group(self) -> str:
        if self.kind == RequirementKind.CLAUSE.value:
            return "iso27001"
        return "nis2" if self.kind == RequirementKind.NIS2.value else str(self.theme)

    @property
    def justification(self) -> str:
        """The explanation to show: the own one, else the provider's for an inherited answer."""
        if self.answer is not None and self.answer.explanation:
            return self.answer.explanation
        if self.provider_answer is not None:
            return self.provider_answer.explanation
        return ""


@dataclass(frozen=True)
class Progress:
    key: str
    title: str
    counts: dict[str, int] = field(default_factory=dict)  # Status value -> number of active requirements

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def applicable(self) -> int:
        return self.total - self.counts.get(Status.NOT_APPLICABLE.value, 0)

    @property
    def implemented(self) -> int:
        return self.counts.get(Status.IMPLEMENTED.value, 0)

    @property
    def unanswered(self) -> int:
        return self.counts.get(Status.UNANSWERED.value, 0)

    @property
    def percent_implemented(self) -> int:
        """Implemented as a share of the applicable requirements (100 when none applies)."""
        return round(100 * self.implemented / self.applicable) if self.applicable else 100


@dataclass(frozen=True)
class Contribution:
    code: str
    title: str
    kind: str
    status: str
    relationship: str


@dataclass(frozen=True)
class Nis2Coverage:
    code: str
    title: str
    article: str
    status: str  # the organisation's own answer on the NIS2 point
    state: str  # covered, partial, gap, unmapped
    contributors: tuple[Contribution, ...]
    gaps: tuple[Contribution, ...]  # applicable contributors not (yet) implemented


@dataclass(frozen=True)
class Statement:
    organisation_id: int
    organisation_name: str
    provider_name: str | None
    as_of: date | None
    reference_date: date  # as_of, or today: overdue is judged against it
    generated_at: datetime
    catalogue_version: str | None
    locale: str
    entries: tuple[Entry, ...]
    overall: Progress
    by_kind: tuple[Progress, ...]
    by_theme: tuple[Progress, ...]
    by_category: tuple[Progress, ...]
    nis2: tuple[Nis2Coverage, ...]

    def entry(self, code: str) -> Entry | None:
        return next((e for e in self.entries if e.code == code), None)

    @property
    def review_overdue(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.review_overdue)


def statement_of_applicability(
    *, session: Session, organisation_id: int, as_of: date | None = None, locale: str = "nl"
) -> Statement:
    """The statement of an organisation now, or as it stood at the end of the day `as_of`."""
    organisation = organisation_facts(session=session, organisation_id=organisation_id)
    reference_date = as_of or clock.today()
    requirements = session.exec(select(Requirement).order_by(Requirement.sort_key)).all()
    codes = {id_of(r): r.code for r in requirements}
    own = latest_revisions(session=session, organisation_id=organisation_id, as_of=as_of)
    provided = (
        latest_revisions(session=session, organisation_id=organisation.provider_id, as_of=as_of)
        if organisation.provider_id
        else {}
    )
    evidence = _evidence_counts(session=session, organisation_id=organisation_id, as_of=as_of)
    entries = []
    for requirement in requirements:
        revision = own.get(id_of(requirement))
        if not requirement.is_active and revision is None:
            continue
        entries.append(
            _entry(
                requirement,
                codes,
                revision,
                provided.get(id_of(requirement)),
                organisation.provider_name,
                evidence.get(id_of(requirement), 0),
                reference_date,
                locale,
            )
        )
    active = [e for e in entries if e.active]
    load = current_catalogue(session=session)
    return Statement(
        organisation_id=organisation_id,
        organisation_name=organisation.name,
        provider_name=organisation.provider_name,
        as_of=as_of,
        reference_date=reference_date,
        generated_at=clock.now(),
        catalogue_version=load.version if load else None,
        locale=locale,
        entries=tuple(entries),
        overall=_progress("all", "", active),
        by_kind=tuple(
            _progress(k.value, label("kind", k.value, locale), [e for e in active if e.kind == k.value])
            for k in RequirementKind
        ),
        by_theme=tuple(
            _progress(t, label("theme", t, locale), [e for e in active if e.group == t]) for t in THEMES
        ),
        by_category=tuple(
            _progress(c, label("category", c, locale), [e for e in active if c in e.categories])
            for c in ("basishygiene", "ketenhygiene", "overheidsrisicos")
        ),
        nis2=_nis2_coverage(session=session, entries=entries, locale=locale),
    )


def _entry(
    requirement: Requirement,
    codes: dict[int, str],
    revision: AnswerRevision | None,
    provider_revision: AnswerRevision | None,
    provider_name: str | None,
    evidence_count: int,
    reference_date: date,
    locale: str,
) -> Entry:
    answer = AnswerSummary.of(revision) if revision is not None else None
    inherited = answer is not None and answer.applicability == Applicability.INHERITED.value
    provider_answer = (
        AnswerSummary.of(provider_revision) if inherited and provider_revision is not None else None
    )
    status = _status(provider_answer if inherited else answer)
    active = requirement.is_active
    return Entry(
        requirement_id=id_of(requirement),
        code=requirement.code,
        kind=requirement.kind,
        theme=requirement.theme,
        categories=tuple(requirement.category_list),
        title=requirement.title(locale),
        summary=requirement.summary(locale),
        parent_code=codes.get(requirement.parent_id) if requirement.parent_id else None,
        article=requirement.article,
        requirement_status=requirement.status,
        status=status,
        answer=answer,
        inherited_from=provider_name if inherited else None,
        provider_answer=provider_answer,
        evidence_count=evidence_count,
        review_overdue=active and answer is not None and answer.next_review_due < reference_date,
        plan_overdue=active
        and status in OPEN_STATUSES
        and answer is not None
        and answer.planned_on is not None
        and answer.planned_on < reference_date,
    )


def _status(answer: AnswerSummary | None) -> str:
    if answer is None:
        return Status.UNANSWERED.value
    if answer.applicability == Applicability.NOT_APPLICABLE.value:
        return Status.NOT_APPLICABLE.value
    if answer.applicability == Applicability.APPLICABLE.value and answer.implementation:
        return answer.implementation
    return Status.UNANSWERED.value  # inherited from a provider that has not answered (or inherits itself)


def _progress(key: str, title: str, entries: list[Entry]) -> Progress:
    counts = Counter(e.status for e in entries)
    return Progress(key, title, {s.value: counts.get(s.value, 0) for s in Status})


def _evidence_counts(*, session: Session, organisation_id: int, as_of: date | None) -> dict[int, int]:
    query = (
        select(col(Answer.requirement_id), func.count(col(Evidence.id)))
        .join(Answer, col(Answer.id) == col(Evidence.answer_id))
        .where(col(Evidence.organisation_id) == organisation_id)
    )
    removed_at = col(Evidence.removed_at)
    if as_of is None:
        query = query.where(removed_at.is_(None))
    else:
        limit = cutoff(as_of)
        query = query.where(col(Evidence.added_at) < limit).where(
            removed_at.is_(None) | (removed_at >= limit)
        )
    return dict(session.exec(query.group_by(col(Answer.requirement_id))).all())


def _nis2_coverage(*, session: Session, entries: list[Entry], locale: str) -> tuple[Nis2Coverage, ...]:
    by_id = {e.requirement_id: e for e in entries if e.active}
    contributions: dict[int, list[Contribution]] = {}
    links = session.exec(select(Mapping.source_id, Mapping.target_id, Mapping.relationship)).all()
    for source_id, target_id, relationship in links:  # columns, not objects: hundreds on every page view
        for nis2_id, other_id in ((target_id, source_id), (source_id, target_id)):
            nis2, other = by_id.get(nis2_id), by_id.get(other_id)
            if nis2 is None or other is None or nis2.kind != RequirementKind.NIS2.value:
                continue
            if other.kind == RequirementKind.NIS2.value:
                continue
            contributions.setdefault(nis2_id, []).append(
                Contribution(other.code, other.title, other.kind, other.status, relationship)
            )
    coverage = []
    for entry in entries:
        if entry.kind != RequirementKind.NIS2.value or not entry.active:
            continue
        contributors = tuple(
            sorted(contributions.get(entry.requirement_id, []), key=lambda c: _order(c.code))
        )
        relevant = [c for c in contributors if c.status != Status.NOT_APPLICABLE.value]
        gaps = tuple(c for c in relevant if c.status != Status.IMPLEMENTED.value)
        if not contributors:
            state = "unmapped"
        elif relevant and not gaps:
            state = "covered"
        elif len(gaps) < len(relevant):
            state = "partial"
        else:
            state = "gap"
        coverage.append(
            Nis2Coverage(
                entry.code, entry.title, entry.article or "", entry.status, state, contributors, gaps
            )
        )
    return tuple(coverage)


def _order(code: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in code.split("."))

"""The Statement of Applicability (Verklaring van Toepasselijkheid): every requirement with its status and
justification, progress per theme, category and kind, and NIS2 coverage derived from the mappings.

`statement_of_applicability` is the one function the web page, the Excel export and the PDF/XLSX reports use.
It runs a fixed number of queries, whatever the number of requirements, answers and revisions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from controls.answer_models import Answer, Applicability, Evidence, Status
from controls.answers import cutoff
from controls.catalogue_cache import CatalogueView, catalogue_view
from controls.coverage import Nis2Coverage, nis2_coverage
from controls.evidence import not_removed
from controls.labels import label
from controls.models import Requirement, RequirementKind, RequirementStatus
from controls.rules import shortfall as rules_shortfall
from controls.sharing import SharedView, shared_views, status_of
from controls.summaries import AnswerSummary, held_requirements, latest_summaries
from core import clock
from core.dbtypes import id_of
from core.organisations import OrganisationFacts, organisation_facts

# The groups of the statement in their order: the ISMS clauses (ISO 27001, BIO2 part 1), the themes of the controls
# with their measures, the NIS2 points.
THEMES = ("iso27001", "5", "6", "7", "8", "nis2")
OPEN_STATUSES = {Status.PARTIALLY.value, Status.PLANNED.value, Status.NOT_IMPLEMENTED.value}
# The enums' values, read once: an entry's `active` and `group` are asked several times for every requirement of
# the statement (an enum member's `.value` is a descriptor call each time).
_ACTIVE = RequirementStatus.ACTIVE.value
_CLAUSE = RequirementKind.CLAUSE.value
_NIS2 = RequirementKind.NIS2.value


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
    shared: SharedView | None  # what the provider shares of it, when inherited and offered (nothing else)
    evidence_count: int
    review_overdue: bool
    plan_overdue: bool
    shortfall: bool = (
        False  # "implemented", but opzet, bestaan or werking judged insufficient: counts as partial
    )
    acceptance_expired: bool = False  # not implemented, resting on a risk whose temporary acceptance expired

    @property
    def active(self) -> bool:
        return self.requirement_status == _ACTIVE

    @property
    def group(self) -> str:
        if self.kind == _CLAUSE:
            return "iso27001"
        return "nis2" if self.kind == _NIS2 else str(self.theme)

    @property
    def judged_answer(self) -> AnswerSummary | None:
        """The answer the status is judged on: the own one; none for an inherited answer (the provider shares
        its status, not its opzet, bestaan and werking)."""
        return None if self.inherited_from is not None else self.answer

    @property
    def justification(self) -> str:
        """The explanation to show: the own one, else the text the provider shares for an inherited answer."""
        if self.answer is not None and self.answer.explanation:
            return self.answer.explanation
        if self.shared is not None:
            return self.shared.shared_text
        return ""

    @property
    def not_shared(self) -> bool:
        """Inherited, but the provider does not offer it (any more, or not on the date shown)."""
        return self.inherited_from is not None and self.shared is None


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
    def held(self) -> int:
        """Waiting for a second person's approval: undecided, like the unanswered ones."""
        return self.counts.get(Status.HELD.value, 0)

    @property
    def percent_implemented(self) -> int:
        """Implemented as a share of the applicable requirements (100 when none applies)."""
        return round(100 * self.implemented / self.applicable) if self.applicable else 100


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
    *,
    session: Session,
    organisation_id: int,
    as_of: date | None = None,
    locale: str = "nl",
    expired_risks: Container[str] = frozenset(),
) -> Statement:
    """The statement of an organisation now, or as it stood at the end of the day `as_of`.

    `expired_risks`: the references of the risk register whose temporary acceptance had expired on the reference
    date (the register is a package above this one: the caller passes them); answers resting on one are
    flagged."""
    organisation = organisation_facts(session=session, organisation_id=organisation_id)
    reference_date = as_of or clock.today()
    catalogue = catalogue_view(session=session)
    entries = _entries(
        session=session,
        organisation=organisation,
        catalogue=catalogue,
        as_of=as_of,
        locale=locale,
        expired_risks=expired_risks,
    )
    active = [e for e in entries if e.active]
    grouped = [(e, e.group) for e in active]
    return Statement(
        organisation_id=organisation_id,
        organisation_name=organisation.name,
        provider_name=organisation.provider_name,
        as_of=as_of,
        reference_date=reference_date,
        generated_at=clock.now(),
        catalogue_version=catalogue.version,
        locale=locale,
        entries=tuple(entries),
        overall=_progress("all", "", active),
        by_kind=tuple(
            _progress(k.value, label("kind", k.value, locale), [e for e in active if e.kind == k.value])
            for k in RequirementKind
        ),
        by_theme=tuple(
            _progress(t, label("theme", t, locale), [e for e, group in grouped if group == t]) for t in THEMES
        ),
        by_category=tuple(
            _progress(c, label("category", c, locale), [e for e in active if c in e.categories])
            for c in ("basishygiene", "ketenhygiene", "overheidsrisicos")
        ),
        nis2=nis2_coverage(entries=entries, links=catalogue.mappings),
    )


def statement_entries(
    *,
    session: Session,
    organisation_id: int,
    as_of: date | None = None,
    locale: str = "nl",
    expired_risks: Container[str] = frozenset(),
) -> tuple[Entry, ...]:
    """The entries of the statement alone (what `statement_of_applicability` lists, without its totals and NIS2
    coverage): for a list of answers."""
    return _entries(
        session=session,
        organisation=organisation_facts(session=session, organisation_id=organisation_id),
        catalogue=catalogue_view(session=session),
        as_of=as_of,
        locale=locale,
        expired_risks=expired_risks,
    )


def _entries(
    *,
    session: Session,
    organisation: OrganisationFacts,
    catalogue: CatalogueView,
    as_of: date | None,
    locale: str,
    expired_risks: Container[str],
) -> tuple[Entry, ...]:
    reference_date = as_of or clock.today()
    organisation_id, provider_name = organisation.id, organisation.provider_name
    codes = {requirement_id: r.code for requirement_id, r in catalogue.by_id.items()}
    own = latest_summaries(session=session, organisation_id=organisation_id, as_of=as_of)
    held = held_requirements(session=session, organisation_id=organisation_id, as_of=as_of, summaries=own)
    provided = shared_views(session=session, organisation_id=organisation_id, as_of=as_of, facts=organisation)
    evidence = _evidence_counts(session=session, organisation_id=organisation_id, as_of=as_of)
    entries = []
    for requirement in catalogue.requirements:
        requirement_id = id_of(requirement)
        answer = own.get(requirement_id)
        if answer is None and not requirement.is_active and requirement_id not in held:
            continue
        entries.append(
            _entry(
                requirement,
                codes,
                answer,
                provided.get(requirement_id),
                provider_name,
                evidence.get(requirement_id, 0),
                reference_date,
                locale,
                expired_risks,
                held=requirement_id in held,
            )
        )
    return tuple(entries)


def _entry(
    requirement: Requirement,
    codes: dict[int, str],
    answer: AnswerSummary | None,
    shared: SharedView | None,
    provider_name: str | None,
    evidence_count: int,
    reference_date: date,
    locale: str,
    expired_risks: Container[str] = frozenset(),
    *,
    held: bool = False,
) -> Entry:
    inherited = answer is not None and answer.applicability == Applicability.INHERITED.value
    shared = shared if inherited else None
    if inherited:
        # The provider's status as it shares it (its own opzet/bestaan/werking are not shared; controls.sharing
        # counts an implemented answer with a shortfall as partially implemented already).
        status = shared.provider_status if shared is not None else Status.UNANSWERED.value
        judged = None
    else:
        status = _status(answer)
        judged = answer
    shortfall = (
        status == Status.IMPLEMENTED.value
        and judged is not None
        and rules_shortfall(judged.design, judged.existence, judged.operation)
    )
    if shortfall:
        status = Status.PARTIALLY.value
    active = requirement.is_active
    entry = Entry(
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
        shared=shared,
        evidence_count=evidence_count,
        review_overdue=active and answer is not None and answer.next_review_due < reference_date,
        plan_overdue=active
        and status in OPEN_STATUSES
        and answer is not None
        and answer.planned_on is not None
        and answer.planned_on < reference_date,
        shortfall=shortfall,
        acceptance_expired=active
        and status in OPEN_STATUSES
        and answer is not None
        and bool(answer.risk_reference)
        and answer.risk_reference in expired_risks,
    )
    # The decision waits for a second person: undecided, whatever the answer stood at before.
    return _held(entry) if held else entry


def _held(entry: Entry) -> Entry:
    """A requirement whose latest decision waits for approval ("ter goedkeuring"): the same entry of the
    requirement, counted as undecided, not overdue and not resting on a risk; the answer as it stood is kept
    for context."""
    return replace(
        entry,
        status=Status.HELD.value,
        inherited_from=None,
        shared=None,
        review_overdue=False,
        plan_overdue=False,
        shortfall=False,
        acceptance_expired=False,
    )


def _status(answer: AnswerSummary | None) -> str:
    if answer is None:
        return Status.UNANSWERED.value
    return status_of(answer.applicability, answer.implementation)


def _progress(key: str, title: str, entries: list[Entry]) -> Progress:
    counts = Counter(e.status for e in entries)
    return Progress(key, title, {s.value: counts.get(s.value, 0) for s in Status})


def _evidence_counts(*, session: Session, organisation_id: int, as_of: date | None) -> dict[int, int]:
    query = select(col(Answer.requirement_id), func.count(col(Evidence.id)))
    query = _evidence_held(query, organisation_id=organisation_id, as_of=as_of)
    return dict(session.exec(query.group_by(col(Answer.requirement_id))).all())


def evidence_names(*, session: Session, organisation_id: int, as_of: date | None) -> dict[int, list[str]]:
    """Per requirement id, the names of the evidence held (now, or at the end of `as_of`): a file's name, or a
    link's description and address."""
    query = select(col(Answer.requirement_id), Evidence).order_by(col(Evidence.added_at), col(Evidence.id))
    names: dict[int, list[str]] = {}
    for requirement_id, evidence in session.exec(
        _evidence_held(query, organisation_id=organisation_id, as_of=as_of)
    ).all():
        name = evidence.filename or " ".join(part for part in (evidence.description, evidence.url) if part)
        names.setdefault(requirement_id, []).append(name)
    return names


def _evidence_held(query: Any, *, organisation_id: int, as_of: date | None) -> Any:
    """`query` limited to the organisation's evidence held now, or at the end of the day `as_of`."""
    query = query.join(Answer, col(Answer.id) == col(Evidence.answer_id)).where(
        col(Evidence.organisation_id) == organisation_id
    )
    if as_of is None:
        return query.where(not_removed())
    limit = cutoff(as_of)
    return query.where(col(Evidence.added_at) < limit).where(not_removed(limit))

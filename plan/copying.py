"""Reuse with care: a CISO of several organisations copies answers from one of them to others, each copy a new
revision in the target organisation through `controls.answers.record_answers` (so every rule of a save applies),
marked with the revision it came from (`source_revision_id`) and audited in both organisations.

Nothing is copied unseen: `plan_copy` shows per target and requirement the target's answer beside the source's,
with a fingerprint of what it compared; `copy_answers` copies only when the fingerprint is still the same (else
StaleEdit: something changed since the preview). The CISO must hold the CISO role in the source and in every
target; another organisation is not found, another role is refused. Evidence is not copied, and each target keeps
its own risk reference: risks are of the organisation's own register."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlmodel import Session, col, select

from controls.answer_models import AnswerRevision
from controls.answers import AnswerChange, FieldChange, latest_revisions, record_answers, text_diff
from controls.models import Requirement, RequirementStatus
from controls.rules import AnswerValues
from core.actor import Actor
from core.audit import record_event
from core.dbtypes import id_of
from core.errors import NotFound, RuleError, StaleEdit
from core.models import Organisation, Role
from plan.regional import memberships
from risk.answer_links import sync_answer_risks
from risk.reading import accepted_risk_references, risk_references

COPIED_FIELDS = tuple(name for name in AnswerValues.FIELDS if name != "risk_reference")
MAX_TARGETS = 50


@dataclass(frozen=True)
class Selection:
    """Which of the source's answers to copy: all, or of a theme (5-8), a category or named requirements."""

    theme: int | None = None
    category: str | None = None
    codes: tuple[str, ...] = ()

    def admits(self, requirement: Requirement) -> bool:
        return (
            (self.theme is None or requirement.theme == self.theme)
            and (self.category is None or self.category in requirement.category_list)
            and (not self.codes or requirement.code in self.codes)
        )


@dataclass(frozen=True)
class CopyItem:
    code: str
    title: str
    requirement_id: int
    source: AnswerRevision
    current: AnswerRevision | None  # the target's answer now
    values: AnswerValues  # what the target's answer becomes
    changes: tuple[FieldChange, ...]  # current -> values; empty: already the same, nothing is copied


@dataclass(frozen=True)
class CopyTarget:
    organisation: Organisation
    items: tuple[CopyItem, ...]

    @property
    def to_copy(self) -> tuple[CopyItem, ...]:
        return tuple(item for item in self.items if item.changes)


@dataclass(frozen=True)
class CopyPlan:
    source: Organisation
    targets: tuple[CopyTarget, ...]
    fingerprint: str  # of the source revisions and the targets' current revisions compared

    @property
    def count(self) -> int:
        return sum(len(target.to_copy) for target in self.targets)


def ciso_organisations(*, session: Session, user_id: int) -> list[Organisation]:
    """The organisations in which the user is CISO (where she may copy from and to)."""
    return [o for o, role in memberships(session=session, user_id=user_id) if role is Role.CISO]


def _organisations(
    session: Session, user_id: int, source_slug: str, target_slugs: Sequence[str]
) -> tuple[Organisation, list[Organisation]]:
    roles = {o.slug: (o, role) for o, role in memberships(session=session, user_id=user_id)}
    slugs = list(dict.fromkeys(target_slugs))
    for slug in (source_slug, *slugs):
        if slug not in roles:
            raise NotFound(f"organisatie {slug}")
    refused = [slug for slug in (source_slug, *slugs) if roles[slug][1] is not Role.CISO]
    if refused:
        raise RuleError.one(
            "copy.not_ciso",
            f"u bent geen CISO van {', '.join(roles[s][0].name for s in refused)}",
            organisations=", ".join(roles[s][0].name for s in refused),
        )
    if not slugs or source_slug in slugs or len(slugs) > MAX_TARGETS:
        raise RuleError.one(
            "copy.targets",
            f"kies 1 tot {MAX_TARGETS} andere organisaties om naar te kopiëren",
            field="targets",
            limit=MAX_TARGETS,
        )
    return roles[source_slug][0], [roles[slug][0] for slug in slugs]


def _changes(current: AnswerRevision | None, values: AnswerValues) -> tuple[FieldChange, ...]:
    found = []
    for name in AnswerValues.FIELDS:
        old = getattr(current, name) if current is not None else None
        new = getattr(values, name)
        if old == new or (current is None and new in (None, "")):
            continue
        words = text_diff(old, new) if name == "explanation" and old and new else ()
        found.append(FieldChange(name, old, new, words))
    return tuple(found)


def plan_copy(
    *,
    session: Session,
    user_id: int,
    source_slug: str,
    target_slugs: Sequence[str],
    selection: Selection,
    locale: str = "nl",
) -> CopyPlan:
    """What a copy would change: per target, each selected answer of the source beside the target's own."""
    source, targets = _organisations(session, user_id, source_slug, target_slugs)
    requirements = {
        id_of(r): r
        for r in session.exec(
            select(Requirement).where(col(Requirement.status) == RequirementStatus.ACTIVE.value)
        ).all()
    }
    chosen = {
        rid: revision
        for rid, revision in latest_revisions(session=session, organisation_id=id_of(source)).items()
        if rid in requirements and selection.admits(requirements[rid])
    }
    if not chosen:
        raise RuleError.one("copy.nothing", f"{source.name} heeft geen antwoord dat aan de keuze voldoet")
    order = sorted(chosen, key=lambda rid: requirements[rid].sort_key)
    parts = [f"{id_of(source)}:" + ",".join(f"{rid}={id_of(chosen[rid])}" for rid in order)]
    planned = []
    for target in targets:
        current = latest_revisions(session=session, organisation_id=id_of(target), requirement_ids=order)
        items = []
        for rid in order:
            mine = current.get(rid)
            values = replace(
                AnswerValues.of(chosen[rid]), risk_reference=mine.risk_reference if mine is not None else ""
            ).normalised()
            changes = _changes(mine, values) if mine is None or AnswerValues.of(mine) != values else ()
            items.append(
                CopyItem(
                    code=requirements[rid].code,
                    title=requirements[rid].title(locale),
                    requirement_id=rid,
                    source=chosen[rid],
                    current=mine,
                    values=values,
                    changes=changes,
                )
            )
        planned.append(CopyTarget(target, tuple(items)))
        parts.append(
            f"{id_of(target)}:" + ",".join(f"{rid}={current[rid].number}" for rid in order if rid in current)
        )
    fingerprint = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    return CopyPlan(source, tuple(planned), fingerprint)


def copy_answers(
    *,
    session: Session,
    actor: Actor,
    source_slug: str,
    target_slugs: Sequence[str],
    selection: Selection,
    fingerprint: str,
    today: date,
) -> CopyPlan:
    """Copy what `plan_copy` showed with this fingerprint, all or nothing; the plan copied. A different
    fingerprint (an answer changed since the preview) raises StaleEdit and nothing is copied."""
    if actor.user_id is None:
        raise RuleError.one("copy.not_ciso", "alleen een CISO kopieert antwoorden", organisations="")
    plan = plan_copy(
        session=session,
        user_id=actor.user_id,
        source_slug=source_slug,
        target_slugs=target_slugs,
        selection=selection,
    )
    if plan.fingerprint != fingerprint:
        raise StaleEdit(plan.source.slug, 0, None)
    for target in plan.targets:
        items = target.to_copy
        if not items:
            continue
        target_id = id_of(target.organisation)
        record_answers(
            session=session,
            organisation_id=target_id,
            changes=[
                AnswerChange(
                    item.requirement_id,
                    item.values,
                    item.current.number if item.current is not None else 0,
                    source_revision_id=id_of(item.source),
                )
                for item in items
            ],
            actor=actor,
            accepted_risks=accepted_risk_references(session=session, organisation_id=target_id, today=today),
            known_risks=risk_references(session=session, organisation_id=target_id),
            note=f"kopie uit {plan.source.name}"[:300],
        )
        for item in items:
            record_event(
                session=session,
                action="answer.copied_out",
                actor=actor,
                organisation_id=id_of(plan.source),
                subject=item.code,
                detail=f"gekopieerd naar {target.organisation.name} (versie {item.source.number})",
            )
            record_event(
                session=session,
                action="answer.copied_in",
                actor=actor,
                organisation_id=target_id,
                subject=item.code,
                detail=f"gekopieerd uit {plan.source.name} (versie {item.source.number})",
            )
        sync_answer_risks(session=session, organisation_id=target_id)
    session.flush()
    return plan

"""Answers: the statement's entries (one per requirement, answered or not) with filters and `as_of`, one
answer with its revisions, and saving one, through the same functions as the pages (controls.answers)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import Field
from sqlmodel import select

from app.answers import problems  # noqa: F401 - words the answer.* codes
from app.answers.risk_links import risk_references
from app.api.auth import api_view, token_actor
from app.api.base import bp
from app.api.conventions import (
    ApiInput,
    ApiModel,
    Moment,
    Page,
    PageQuery,
    day,
    etag,
    moment,
    paged_json,
    required_revision,
    resource_headers,
)
from app.api.decisions import ApprovalOut, accepted
from app.api.problem import ApiProblem
from app.api.spec import CHANGE_ERRORS, responses, spec
from app.db import get_session
from app.i18n import current_locale
from app.security import Permission
from controls.answer_models import Applicability, Assessment, Implementation
from controls.answers import answer_of, record_answer, revisions_of
from controls.models import Requirement, RequirementKind
from controls.rules import MAX_EXPLANATION, MAX_OWNER, MAX_RISK_REFERENCE, AnswerValues
from controls.soa import THEMES, Entry, statement_entries
from controls.worklist import FILTER_STATUSES, filter_entries
from core import clock
from core.errors import StaleEdit
from core.models import Organisation

Theme = Literal[THEMES]  # type: ignore[valid-type]
FilterStatus = Literal[FILTER_STATUSES]  # type: ignore[valid-type]


class RevisionOut(ApiModel):
    revision: int
    recorded_at: Moment
    author_name: str
    note: str
    applicability: str
    implementation: str | None
    design: str
    existence: str
    operation: str
    explanation: str
    public_explanation: str = Field(
        description="what the published VvT shows (the explanation stays internal)"
    )
    planned_on: date | None
    owner: str
    risk_reference: str
    last_reviewed_on: date
    next_review_due: date


class AnswerOut(ApiModel):
    """A requirement with the organisation's answer (null when unanswered) and where it stands."""

    code: str
    kind: str
    theme: int | None
    title: str
    requirement_status: str
    status: str
    review_overdue: bool
    plan_overdue: bool
    evidence_count: int
    inherited_from: str | None
    answer: RevisionOut | None


class AnswerDetail(AnswerOut):
    revisions: list[RevisionOut]


class AnswerPage(Page):
    items: list[AnswerOut]


class AnswerQuery(PageQuery):
    kind: RequirementKind | None = None
    theme: Theme | None = None
    category: Literal["basishygiene", "ketenhygiene", "overheidsrisicos"] | None = None
    status: FilterStatus | None = None
    text: str | None = Field(None, max_length=200, description="in code, title, summary, explanation, owner")
    as_of: date | None = Field(None, description="the answers as they stood at the end of this day")


class AsOfQuery(ApiInput):
    as_of: date | None = None


class AnswerIn(ApiInput):
    """What an answer states; the same fields and rules as the answer form."""

    applicability: Applicability
    implementation: Implementation | None = None
    design: Assessment = Assessment.NOT_ASSESSED
    existence: Assessment = Assessment.NOT_ASSESSED
    operation: Assessment = Assessment.NOT_ASSESSED
    explanation: str = Field("", max_length=MAX_EXPLANATION)
    public_explanation: str = Field(
        "", max_length=MAX_EXPLANATION, description="for the published VvT; the explanation stays internal"
    )
    planned_on: date | None = None
    owner: str = Field("", max_length=MAX_OWNER)
    risk_reference: str = Field("", max_length=MAX_RISK_REFERENCE, pattern=r"^([A-Za-z0-9][A-Za-z0-9._-]*)?$")
    last_reviewed_on: date

    def values(self) -> AnswerValues:
        return AnswerValues(
            applicability=self.applicability.value,
            implementation=self.implementation.value if self.implementation else None,
            design=self.design.value,
            existence=self.existence.value,
            operation=self.operation.value,
            explanation=self.explanation,
            planned_on=self.planned_on,
            owner=self.owner,
            risk_reference=self.risk_reference,
            last_reviewed_on=self.last_reviewed_on,
            public_explanation=self.public_explanation,
        )


class NewAnswer(AnswerIn):
    requirement_code: str = Field(max_length=20)


def past(as_of: date | None) -> date | None:
    """`as_of` as the pages take it: today or later is now."""
    return as_of if as_of is not None and as_of < clock.today() else None


def revision_out(summary) -> RevisionOut:
    return RevisionOut.model_validate(summary)


def answer_out(entry: Entry) -> AnswerOut:
    return AnswerOut(
        code=entry.code,
        kind=entry.kind,
        theme=entry.theme,
        title=entry.title,
        requirement_status=entry.requirement_status,
        status=entry.status,
        review_overdue=entry.review_overdue,
        plan_overdue=entry.plan_overdue,
        evidence_count=entry.evidence_count,
        inherited_from=entry.inherited_from,
        answer=revision_out(entry.answer) if entry.answer else None,
    )


def answer_json(entry: Entry) -> dict[str, Any]:
    """`answer_out` as a plain dict for the list's JSON (`paged_json`): the same fields in the same order."""
    answer = entry.answer
    return {
        "code": entry.code,
        "kind": entry.kind,
        "theme": entry.theme,
        "title": entry.title,
        "requirement_status": entry.requirement_status,
        "status": entry.status,
        "review_overdue": entry.review_overdue,
        "plan_overdue": entry.plan_overdue,
        "evidence_count": entry.evidence_count,
        "inherited_from": entry.inherited_from,
        "answer": None
        if answer is None
        else {
            "revision": answer.revision,
            "recorded_at": moment(answer.recorded_at),
            "author_name": answer.author_name,
            "note": answer.note,
            "applicability": answer.applicability,
            "implementation": answer.implementation,
            "design": answer.design,
            "existence": answer.existence,
            "operation": answer.operation,
            "explanation": answer.explanation,
            "public_explanation": answer.public_explanation,
            "planned_on": day(answer.planned_on),
            "owner": answer.owner,
            "risk_reference": answer.risk_reference,
            "last_reviewed_on": day(answer.last_reviewed_on),
            "next_review_due": day(answer.next_review_due),
        },
    }


def answer_etag(code: str, entry: Entry) -> str:
    return etag("answer", code, entry.answer.revision if entry.answer else 0)


@bp.get("/organisations/<slug>/answers")
@api_view(Permission.VIEW)
@spec.validate(query=AnswerQuery, resp=responses(AnswerPage), tags=["answers"], operation_id="list_answers")
def list_answers(organisation: Organisation, query: AnswerQuery):
    """Every requirement of the statement with the organisation's answer, filtered, now or as of a day."""
    statement = statement_entries(
        session=get_session(),
        organisation_id=organisation.id,
        as_of=past(query.as_of),
        locale=current_locale(),
    )
    entries = filter_entries(
        statement,
        kind=query.kind.value if query.kind else None,
        theme=query.theme,
        category=query.category,
        status=query.status,
        text=query.text,
    )
    return paged_json(entries, query, answer_json)


def _entry_of(organisation: Organisation, code: str, as_of: date | None) -> Entry:
    entries = statement_entries(
        session=get_session(), organisation_id=organisation.id, as_of=as_of, locale=current_locale()
    )
    entry = next((e for e in entries if e.code == code), None)
    if entry is None:
        raise ApiProblem(404)
    return entry


def _detail(organisation: Organisation, code: str, as_of: date | None = None, status: int = 200):
    entry = _entry_of(organisation, code, as_of)
    db = get_session()
    answer = answer_of(session=db, organisation_id=organisation.id, requirement_id=entry.requirement_id)
    revisions = revisions_of(session=db, answer_id=answer.id, as_of=as_of) if answer else []
    detail = AnswerDetail(
        **answer_out(entry).model_dump(exclude={"answer"}),
        answer=revision_out(entry.answer) if entry.answer else None,
        revisions=[_revision_of(r) for r in revisions],
    )
    tag = answer_etag(code, entry)
    return detail, status, resource_headers(tag, status, "api.get_answer", slug=organisation.slug, code=code)


def _revision_of(revision) -> RevisionOut:
    values = revision.model_dump(include=set(RevisionOut.model_fields))
    return RevisionOut(
        revision=revision.number, **values | {"public_explanation": values["public_explanation"] or ""}
    )


@bp.get("/organisations/<slug>/answers/<code>")
@api_view(Permission.VIEW)
@spec.validate(query=AsOfQuery, resp=responses(AnswerDetail), tags=["answers"], operation_id="get_answer")
def get_answer(organisation: Organisation, code: str, query: AsOfQuery):
    """One requirement's answer with all its revisions (those recorded by the end of `as_of`)."""
    return _detail(organisation, code, past(query.as_of))


def _save(organisation: Organisation, requirement: Requirement, body: AnswerIn, base: int):
    """Record the answer (None), or the approval's 202 when the domain held it for a second person (the
    organisation's policy); the domain makes the action the plan's rule asks for."""
    db = get_session()
    accepted_risks, known = risk_references(db, organisation.id)
    saved = record_answer(
        session=db,
        organisation_id=organisation.id,
        requirement_id=requirement.id,
        values=body.values(),
        base_revision=base,
        actor=token_actor(),
        accepted_risks=accepted_risks,
        known_risks=known,
    )
    db.commit()
    return accepted(organisation, saved.held) if saved.held is not None else None


def _requirement(code: str) -> Requirement:
    found = get_session().exec(select(Requirement).where(Requirement.code == code)).first()
    if found is None:
        raise ApiProblem(404)
    return found


@bp.post("/organisations/<slug>/answers")
@api_view(Permission.EDIT)
@spec.validate(
    json=NewAnswer,
    resp=responses(AnswerDetail, status=201, errors=(409, 422), accepted=ApprovalOut),
    tags=["answers"],
    operation_id="create_answer",
)
def create_answer(organisation: Organisation, json: NewAnswer):
    """The first answer on a requirement (409 when it has one: change that with PUT and If-Match); 202 with the
    approval when "niet van toepassing" needs one."""
    requirement = _requirement(json.requirement_code)
    if answer_of(session=get_session(), organisation_id=organisation.id, requirement_id=requirement.id):
        raise ApiProblem(409)  # before a proposal on revision 0 could be made
    try:
        proposed = _save(organisation, requirement, json, 0)
    except StaleEdit:
        get_session().rollback()
        raise ApiProblem(409) from None
    if proposed is not None:
        return proposed
    return _detail(organisation, requirement.code, status=201)


@bp.put("/organisations/<slug>/answers/<code>")
@api_view(Permission.EDIT)
@spec.validate(
    json=AnswerIn,
    resp=responses(AnswerDetail, errors=(*CHANGE_ERRORS, 422), accepted=ApprovalOut),
    tags=["answers"],
    operation_id="change_answer",
)
def change_answer(organisation: Organisation, code: str, json: AnswerIn):
    """A new revision of the answer: If-Match must name the current one (412 otherwise, 428 without); 202 with
    the approval when a change to "niet van toepassing" needs one."""
    entry = _entry_of(organisation, code, None)
    current = entry.answer.revision if entry.answer else 0
    base = required_revision("answer", code, current)
    proposed = _save(organisation, _requirement(code), json, base)
    return proposed or _detail(organisation, code)

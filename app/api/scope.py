"""The scope register: processes and information systems with filters, one with its revisions, recording and
changing one (If-Match), its quickscan (the questions, the newest, running one) and the gaps; through
scope.register, scope.quickscan and risk.scope_links, as the pages."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from app.api.auth import api_shared_view, api_view, token_actor
from app.api.base import bp
from app.api.conventions import (
    ApiInput,
    ApiModel,
    Moment,
    Page,
    PageQuery,
    etag,
    paged,
    required_revision,
    resource_headers,
)
from app.api.problem import ApiProblem
from app.api.spec import CHANGE_ERRORS, responses, spec
from app.db import get_session
from app.scope import problems  # noqa: F401 - words the scope.* and quickscan.* codes
from app.security import Permission
from core.models import Organisation
from risk.scope_links import scope_gaps
from scope.models import Hosting, InformationKind, ItemKind, Jurisdiction, Outcome, Quickscan, ScopeItem
from scope.quickscan import answers_of, question_set, quickscan_history, record_quickscan
from scope.register import create_item, data_of, get_item, item_history, list_items, update_item
from scope.rules import ItemData

TAGS = ["scope"]


class ItemIn(ApiInput):
    """What is recorded about a process or system: the fields and rules of the item form."""

    name: str = Field(max_length=200)
    owner: str = Field(max_length=200)
    description: str = Field("", max_length=5000)
    information_kinds: list[InformationKind] = Field(default_factory=list, max_length=10)
    hosting: Hosting | None = Field(None, description="systems only; ignored for a process")
    jurisdiction: Jurisdiction | None = None
    in_scope: bool = True
    review_on: date | None = None
    process_refs: list[str] = Field(default_factory=list, max_length=200, description="systems only")
    supplier_names: list[str] = Field(default_factory=list, max_length=200)

    def data(self) -> ItemData:
        return ItemData(
            name=self.name,
            owner=self.owner,
            description=self.description,
            information_kinds=tuple(kind.value for kind in self.information_kinds),
            hosting=self.hosting.value if self.hosting else None,
            jurisdiction=self.jurisdiction.value if self.jurisdiction else None,
            in_scope=self.in_scope,
            review_on=self.review_on,
            process_refs=tuple(self.process_refs),
            supplier_names=tuple(self.supplier_names),
        )


class NewItemIn(ItemIn):
    kind: ItemKind


class ItemFieldsOut(ApiModel):
    name: str
    owner: str
    description: str
    information_kinds: list[str]
    hosting: str | None
    jurisdiction: str | None
    in_scope: bool
    review_on: date | None
    process_refs: list[str]
    supplier_names: list[str]


class ItemOut(ItemFieldsOut):
    id: int
    kind: str
    reference: str
    revision: int
    changed_at: Moment
    availability: str | None
    integrity: str | None
    confidentiality: str | None
    outcome: str | None
    quickscan_number: int


class ItemRevisionOut(ItemFieldsOut):
    number: int
    changed_at: Moment
    changed_by: str
    note: str


class ItemDetail(ItemOut):
    gap: bool
    revisions: list[ItemRevisionOut]


class ItemPage(Page):
    items: list[ItemOut]


class ItemQuery(PageQuery):
    kind: ItemKind | None = None
    in_scope: bool | None = None
    outcome: Outcome | None = None
    unclassified: bool = Field(False, description="only items without a quickscan")
    gap: bool = Field(False, description="only gaps: risk analysis needed, in scope, no risk linked")
    text: str = Field("", max_length=200, description="in the reference, name or owner")


class QuestionOut(ApiModel):
    id: str
    impact_area: str
    text: str


class AspectOut(ApiModel):
    id: str
    label: str
    scenario: str
    questions: list[QuestionOut]


class LevelOut(ApiModel):
    level: str
    label: str
    meaning: str


class QuestionSetOut(ApiModel):
    version: str
    source: str
    needs_analysis_at: str
    scale: list[LevelOut]
    impact_areas: dict[str, str]
    aspects: list[AspectOut]


class QuickscanIn(ApiInput):
    answers: dict[str, Literal["low", "medium", "high"]] = Field(
        description="question id -> level; every question of the set must be answered"
    )


class QuickscanOut(ApiModel):
    number: int
    questions_version: str
    answers: dict[str, str]
    availability: str
    integrity: str
    confidentiality: str
    outcome: str
    performed_at: Moment
    performed_by: str


class QuickscanList(ApiModel):
    total: int
    items: list[QuickscanOut]


class GapList(ApiModel):
    total: int
    items: list[ItemOut]


def _fields(data: ItemData) -> dict:
    return {name: list(value) if isinstance(value, tuple) else value for name, value in data.__dict__.items()}


def item_out(item: ScopeItem) -> ItemOut:
    return ItemOut(
        id=item.id,
        kind=item.kind,
        reference=item.reference,
        revision=item.revision,
        changed_at=item.changed_at,
        availability=item.availability,
        integrity=item.integrity,
        confidentiality=item.confidentiality,
        outcome=item.outcome,
        quickscan_number=item.quickscan_number,
        **_fields(data_of(item)),
    )


def _item_or_404(organisation: Organisation, item_id: int) -> ScopeItem:
    item = get_item(session=get_session(), organisation_id=organisation.id, item_id=item_id)
    if item is None:
        raise ApiProblem(404)
    return item


def _gap_ids(organisation: Organisation) -> set[int | None]:
    return {item.id for item in scope_gaps(session=get_session(), organisation_id=organisation.id)}


def _shown(item: ScopeItem, query: ItemQuery, gaps: set[int | None]) -> bool:
    text = query.text.strip().lower()
    return (
        (query.in_scope is None or item.in_scope == query.in_scope)
        and (query.outcome is None or item.outcome == query.outcome.value)
        and (not query.unclassified or item.outcome is None)
        and (not query.gap or item.id in gaps)
        and (not text or any(text in value.lower() for value in (item.reference, item.name, item.owner)))
    )


@bp.get("/organisations/<slug>/scope/items")
@api_view(Permission.VIEW)
@spec.validate(query=ItemQuery, resp=responses(ItemPage), tags=TAGS, operation_id="list_scope_items")
def list_scope_items(organisation: Organisation, query: ItemQuery):
    """The register of processes and systems (processes first, by reference), filtered."""
    found = list_items(
        session=get_session(), organisation_id=organisation.id, kind=query.kind.value if query.kind else None
    )
    gaps = _gap_ids(organisation) if query.gap else set()
    return paged(ItemPage, [i for i in found if _shown(i, query, gaps)], query, item_out)


def _revision_out(revision) -> ItemRevisionOut:
    return ItemRevisionOut(
        number=revision.number,
        changed_at=revision.changed_at,
        changed_by=revision.changed_by,
        note=revision.note,
        **_fields(data_of(revision)),
    )


def _detail(organisation: Organisation, item_id: int, status: int = 200):
    head = _item_or_404(organisation, item_id)
    revisions = list(reversed(item_history(session=get_session(), item=head)))
    detail = ItemDetail(
        **item_out(head).model_dump(),
        gap=head.id in _gap_ids(organisation),
        revisions=[_revision_out(r) for r in revisions],
    )
    tag = etag("scope-item", head.id, head.revision)
    return (
        detail,
        status,
        resource_headers(tag, status, "api.get_scope_item", slug=organisation.slug, item_id=head.id),
    )


@bp.get("/organisations/<slug>/scope/items/<int:item_id>")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(ItemDetail), tags=TAGS, operation_id="get_scope_item")
def get_scope_item(organisation: Organisation, item_id: int):
    """One process or system as it stands, with every revision (oldest first) and whether it is a gap."""
    return _detail(organisation, item_id)


@bp.post("/organisations/<slug>/scope/items")
@api_view(Permission.EDIT)
@spec.validate(
    json=NewItemIn,
    resp=responses(ItemDetail, status=201, errors=(422,)),
    tags=TAGS,
    operation_id="create_scope_item",
)
def create_scope_item(organisation: Organisation, json: NewItemIn):
    """Record a new process or system; its reference is the next free P- or S-number."""
    db = get_session()
    created = create_item(
        session=db,
        organisation_id=organisation.id,
        kind=json.kind.value,
        data=json.data(),
        actor=token_actor(),
    )
    db.commit()
    return _detail(organisation, created.id, status=201)


@bp.put("/organisations/<slug>/scope/items/<int:item_id>")
@api_view(Permission.EDIT)
@spec.validate(
    json=ItemIn,
    resp=responses(ItemDetail, errors=(*CHANGE_ERRORS, 422)),
    tags=TAGS,
    operation_id="change_scope_item",
)
def change_scope_item(organisation: Organisation, item_id: int, json: ItemIn):
    """A new revision of the item: If-Match must name the current one (412 otherwise, 428 without)."""
    db = get_session()
    head = _item_or_404(organisation, item_id)
    base = required_revision("scope-item", head.id, head.revision)
    update_item(session=db, item=head, data=json.data(), expected_revision=base, actor=token_actor())
    db.commit()
    return _detail(organisation, item_id)


def _scan_out(scan: Quickscan) -> QuickscanOut:
    return QuickscanOut(
        number=scan.number,
        questions_version=scan.questions_version,
        answers=answers_of(scan),
        availability=scan.availability,
        integrity=scan.integrity,
        confidentiality=scan.confidentiality,
        outcome=scan.outcome,
        performed_at=scan.performed_at,
        performed_by=scan.performed_by,
    )


@bp.get("/quickscan/questions")
@api_shared_view(Permission.VIEW)
@spec.validate(resp=responses(QuestionSetOut), tags=TAGS, operation_id="get_quickscan_questions")
def get_quickscan_questions():
    """The quickscan's question set (data/quickscan.yaml): per aspect its scenario and questions, the scale."""
    questions = question_set()
    return QuestionSetOut(
        version=questions.version,
        source=questions.source,
        needs_analysis_at=questions.needs_analysis_at,
        scale=[LevelOut(level=lv, label=label, meaning=meaning) for lv, label, meaning in questions.scale],
        impact_areas=questions.impact_areas,
        aspects=[
            AspectOut(
                id=aspect.id,
                label=aspect.label,
                scenario=aspect.scenario,
                questions=[
                    QuestionOut(id=q.id, impact_area=q.impact_area, text=q.text) for q in aspect.questions
                ],
            )
            for aspect in questions.aspects
        ],
    )


@bp.get("/organisations/<slug>/scope/items/<int:item_id>/quickscans")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(QuickscanList), tags=TAGS, operation_id="list_quickscans")
def list_quickscans(organisation: Organisation, item_id: int):
    """The item's quickscans, newest (the one that counts) first."""
    found = quickscan_history(session=get_session(), item=_item_or_404(organisation, item_id))
    return QuickscanList(total=len(found), items=[_scan_out(scan) for scan in found])


@bp.post("/organisations/<slug>/scope/items/<int:item_id>/quickscans")
@api_view(Permission.EDIT)
@spec.validate(
    json=QuickscanIn,
    resp=responses(QuickscanOut, status=201, errors=(422,)),
    tags=TAGS,
    operation_id="run_quickscan",
)
def run_quickscan(organisation: Organisation, item_id: int, json: QuickscanIn):
    """Run a quickscan: classify the item from the answers; it keeps the levels and the outcome."""
    db = get_session()
    item = _item_or_404(organisation, item_id)
    scan = record_quickscan(session=db, item=item, answers=dict(json.answers), actor=token_actor())
    db.commit()
    return (
        _scan_out(scan),
        201,
        resource_headers(None, 201, "api.list_quickscans", slug=organisation.slug, item_id=item.id),
    )


@bp.get("/organisations/<slug>/scope/gaps")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(GapList), tags=TAGS, operation_id="list_scope_gaps")
def list_scope_gaps(organisation: Organisation):
    """In-scope processes and systems whose quickscan asks for a risk analysis and that have no linked risk."""
    found = scope_gaps(session=get_session(), organisation_id=organisation.id)
    return GapList(total=len(found), items=[item_out(item) for item in found])

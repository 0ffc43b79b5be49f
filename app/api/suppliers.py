"""Suppliers with their assurance evidence, the scope statement's versions and the digitale soevereiniteit
figures; through scope.suppliers, scope.statement and risk.scope_links, as the pages."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from app.api.auth import api_view, token_actor
from app.api.base import bp
from app.api.conventions import ApiInput, ApiModel, Moment, Page, PageQuery, etag, paged, resource_headers
from app.api.problem import ApiProblem
from app.api.spec import responses, spec
from app.db import get_session
from app.scope import problems  # noqa: F401 - words the scope.* codes
from app.security import Permission
from core.models import Organisation
from risk.scope_links import sovereignty
from scope.models import EvidenceKind, Jurisdiction, ScopeStatement, Supplier, SupplierEvidence
from scope.statement import in_scope_items, record_statement, statement_history, statement_items
from scope.suppliers import (
    SupplierData,
    add_evidence,
    evidence_of,
    list_suppliers,
    save_supplier,
    supplier_version,
)
from scope.suppliers import get_supplier as supplier_of

TAGS = ["scope"]


class SupplierIn(ApiInput):
    """What is recorded about a supplier: the fields and rules of the supplier form."""

    name: str = Field(max_length=200)
    jurisdiction: Jurisdiction
    services: str = Field("", max_length=5000)
    parent_company: str = Field("", max_length=200)
    contract_end: date | None = None
    exit_strategy: str = Field("", max_length=5000)

    def data(self) -> SupplierData:
        return SupplierData(**{**self.model_dump(), "jurisdiction": self.jurisdiction.value})


class EvidenceIn(ApiInput):
    kind: EvidenceKind
    issued_on: date
    expires_on: date | None = None
    note: str = Field("", max_length=300)


class EvidenceOut(ApiModel):
    id: int
    kind: str
    issued_on: date
    expires_on: date | None
    note: str


class SupplierOut(ApiModel):
    id: int
    name: str
    jurisdiction: str
    services: str
    parent_company: str
    contract_end: date | None
    exit_strategy: str
    changed_at: Moment
    evidence: list[EvidenceOut] = Field(description="newest first")


class SupplierPage(Page):
    items: list[SupplierOut]


class SupplierQuery(PageQuery):
    jurisdiction: Jurisdiction | None = None


class StatementIn(ApiInput):
    text: str = Field(max_length=5000)


class StatementItemOut(ApiModel):
    reference: str
    kind: str
    name: str


class StatementOut(ApiModel):
    number: int
    text: str
    items: list[StatementItemOut] = Field(description="the in-scope items when this version was recorded")
    recorded_at: Moment
    recorded_by: str


class StatementList(ApiModel):
    total: int
    items: list[StatementOut] = Field(description="newest (the one in force) first")
    now_in_scope: list[StatementItemOut]


class DependenceOut(ApiModel):
    id: int
    reference: str
    name: str
    reasons: list[str] = Field(description='"jurisdiction", "hosting", or the names of non-EU suppliers')
    risk_references: list[str]


class SovereigntyOut(ApiModel):
    in_scope_systems: int
    dependent_systems: int
    share: float
    dependent: list[DependenceOut]


def _evidence_out(evidence: SupplierEvidence) -> EvidenceOut:
    return EvidenceOut.model_validate(evidence)


def supplier_out(supplier: Supplier, evidence: list[SupplierEvidence]) -> SupplierOut:
    return SupplierOut(
        id=supplier.id,
        name=supplier.name,
        jurisdiction=supplier.jurisdiction,
        services=supplier.services,
        parent_company=supplier.parent_company,
        contract_end=supplier.contract_end,
        exit_strategy=supplier.exit_strategy,
        changed_at=supplier.changed_at,
        evidence=[_evidence_out(e) for e in evidence],
    )


def _supplier_or_404(organisation: Organisation, supplier_id: int) -> Supplier:
    found = supplier_of(session=get_session(), organisation_id=organisation.id, supplier_id=supplier_id)
    if found is None:
        raise ApiProblem(404)
    return found


def supplier_answer(organisation: Organisation, supplier: Supplier, status: int = 200):
    """A supplier as the API answers it: its details, evidence and ETag (and where it lives, when made)."""
    evidence = evidence_of(session=get_session(), organisation_id=organisation.id).get(supplier.id or 0, [])
    tag = etag("supplier", supplier.id, supplier_version(supplier))
    headers = resource_headers(
        tag, status, "api.get_supplier", slug=organisation.slug, supplier_id=supplier.id
    )
    return supplier_out(supplier, evidence), status, headers


@bp.get("/organisations/<slug>/suppliers")
@api_view(Permission.VIEW)
@spec.validate(query=SupplierQuery, resp=responses(SupplierPage), tags=TAGS, operation_id="list_suppliers")
def list_supplier_register(organisation: Organisation, query: SupplierQuery):
    """The organisation's suppliers by name, each with its assurance evidence."""
    db = get_session()
    found = list_suppliers(session=db, organisation_id=organisation.id)
    if query.jurisdiction is not None:
        found = [s for s in found if s.jurisdiction == query.jurisdiction.value]
    evidence = evidence_of(session=db, organisation_id=organisation.id)
    return paged(SupplierPage, found, query, lambda s: supplier_out(s, evidence.get(s.id or 0, [])))


@bp.get("/organisations/<slug>/suppliers/<int:supplier_id>")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(SupplierOut), tags=TAGS, operation_id="get_supplier")
def get_supplier(organisation: Organisation, supplier_id: int):
    """One supplier with its assurance evidence (newest first)."""
    return supplier_answer(organisation, _supplier_or_404(organisation, supplier_id))


@bp.post("/organisations/<slug>/suppliers")
@api_view(Permission.EDIT)
@spec.validate(
    json=SupplierIn,
    resp=responses(SupplierOut, status=201, errors=(422,)),
    tags=TAGS,
    operation_id="create_supplier",
)
def create_supplier(organisation: Organisation, json: SupplierIn):
    """Record a supplier; the name is unique within the organisation."""
    db = get_session()
    created = save_supplier(
        session=db, organisation_id=organisation.id, data=json.data(), actor=token_actor()
    )
    db.commit()
    return supplier_answer(organisation, created, status=201)


@bp.post("/organisations/<slug>/suppliers/<int:supplier_id>/evidence")
@api_view(Permission.EDIT)
@spec.validate(
    json=EvidenceIn,
    resp=responses(SupplierOut, status=201, errors=(422,)),
    tags=TAGS,
    operation_id="add_supplier_evidence",
)
def add_supplier_evidence(organisation: Organisation, supplier_id: int, json: EvidenceIn):
    """Add assurance evidence (a certificate, report or test) to a supplier; answers the supplier."""
    db = get_session()
    found = _supplier_or_404(organisation, supplier_id)
    add_evidence(
        session=db,
        supplier=found,
        kind=json.kind.value,
        issued_on=json.issued_on,
        expires_on=json.expires_on,
        note=json.note,
        actor=token_actor(),
    )
    db.commit()
    return supplier_answer(organisation, found, status=201)


def _statement_out(statement: ScopeStatement) -> StatementOut:
    return StatementOut(
        number=statement.number,
        text=statement.text,
        items=[StatementItemOut(reference=r, kind=k, name=n) for r, k, n in statement_items(statement)],
        recorded_at=statement.recorded_at,
        recorded_by=statement.recorded_by,
    )


def _statements(organisation: Organisation, status: int = 200):
    db = get_session()
    history = statement_history(session=db, organisation_id=organisation.id)
    now = [
        StatementItemOut(reference=i.reference, kind=i.kind, name=i.name)
        for i in in_scope_items(session=db, organisation_id=organisation.id)
    ]
    body = StatementList(total=len(history), items=[_statement_out(s) for s in history], now_in_scope=now)
    return body, status


@bp.get("/organisations/<slug>/scope/statement")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(StatementList), tags=TAGS, operation_id="list_scope_statements")
def list_scope_statements(organisation: Organisation):
    """Every version of the scope statement, and the items in scope now."""
    return _statements(organisation)


@bp.post("/organisations/<slug>/scope/statement")
@api_view(Permission.EDIT)
@spec.validate(
    json=StatementIn,
    resp=responses(StatementList, status=201, errors=(422,)),
    tags=TAGS,
    operation_id="record_scope_statement",
)
def record_scope_statement(organisation: Organisation, json: StatementIn):
    """A new version of the scope statement; it freezes the list of items in scope now."""
    db = get_session()
    record_statement(session=db, organisation_id=organisation.id, text=json.text, actor=token_actor())
    db.commit()
    return _statements(organisation, status=201)


@bp.get("/organisations/<slug>/scope/sovereignty")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(SovereigntyOut), tags=TAGS, operation_id="get_sovereignty")
def get_sovereignty(organisation: Organisation):
    """Digitale soevereiniteit: in-scope systems that depend on a non-EU jurisdiction, with why and their risks."""
    found = sovereignty(session=get_session(), organisation_id=organisation.id)
    return SovereigntyOut(
        in_scope_systems=found.in_scope_systems,
        dependent_systems=len(found.dependent),
        share=found.share,
        dependent=[
            DependenceOut(
                id=d.system.id,
                reference=d.system.reference,
                name=d.system.name,
                reasons=list(d.reasons),
                risk_references=[r.reference for r in d.risks],
            )
            for d in found.dependent
        ],
    )

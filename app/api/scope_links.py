"""Changes of the scope register that the pages make beside an item's revision: which risks threaten a process or
system, the answers that do not hold for it (exceptions with their reason), and a supplier's details (with
If-Match, as every change of a resource); through risk.scope_links, scope.answer_scope and scope.suppliers."""

from __future__ import annotations

import zlib

from pydantic import Field

from app.api.auth import api_view, token_actor
from app.api.base import bp
from app.api.conventions import ApiInput, ApiModel, Moment, etag, required_revision
from app.api.problem import ApiProblem
from app.api.spec import CHANGE_ERRORS, responses, spec
from app.api.suppliers import SupplierIn, SupplierOut, supplier_answer
from app.db import get_session
from app.scope import problems  # noqa: F401 - words the scope.* codes
from app.security import Permission
from core.models import Organisation
from risk.reading import get_risk
from risk.scope_links import link_risk, risks_of_item, unlink_risk
from scope.answer_scope import MAX_REASON, add_exception, exceptions_of_item, remove_exception
from scope.models import ScopeItem
from scope.register import get_item
from scope.suppliers import get_supplier, save_supplier, supplier_version

TAGS = ["scope"]


class LinkedRiskOut(ApiModel):
    id: int
    reference: str
    title: str


class LinkedRiskList(ApiModel):
    total: int
    items: list[LinkedRiskOut]


class ExceptionIn(ApiInput):
    reason: str = Field(min_length=1, max_length=MAX_REASON, description="why the answer does not hold here")


class ExceptionOut(ApiModel):
    requirement_code: str
    reason: str
    recorded_at: Moment
    recorded_by: str


class ExceptionList(ApiModel):
    total: int
    items: list[ExceptionOut]


def _item_or_404(organisation: Organisation, item_id: int) -> ScopeItem:
    item = get_item(session=get_session(), organisation_id=organisation.id, item_id=item_id)
    if item is None:
        raise ApiProblem(404)
    return item


def _version(listed: ApiModel) -> int:
    """A list's version for its ETag: a checksum of what it holds, so a change made meanwhile is refused (412)."""
    return zlib.crc32(listed.model_dump_json().encode())


def _answer(kind: str, item: ScopeItem, listed: ApiModel):
    return listed, 200, {"ETag": etag(kind, item.id, _version(listed))}


def _base(kind: str, item: ScopeItem, current: ApiModel) -> None:
    required_revision(kind, item.id, _version(current))


def _risks(item: ScopeItem) -> LinkedRiskList:
    found = risks_of_item(session=get_session(), item=item)
    return LinkedRiskList(
        total=len(found),
        items=[LinkedRiskOut(id=r.id, reference=r.reference, title=r.title) for r in found],
    )


def _exceptions(item: ScopeItem) -> ExceptionList:
    found = exceptions_of_item(session=get_session(), item=item)
    return ExceptionList(
        total=len(found),
        items=[
            ExceptionOut(
                requirement_code=requirement.code,
                reason=exception.reason,
                recorded_at=exception.recorded_at,
                recorded_by=exception.recorded_by,
            )
            for requirement, exception in found
        ],
    )


def _risk_change(organisation: Organisation, item_id: int, risk_id: int):
    """The item and the risk a link or unlink names (404 for another organisation's), after If-Match named the
    current list (428/412 otherwise)."""
    item = _item_or_404(organisation, item_id)
    risk = get_risk(session=get_session(), organisation_id=organisation.id, risk_id=risk_id)
    if risk is None:
        raise ApiProblem(404)
    _base("item-risks", item, _risks(item))
    return item, risk


@bp.get("/organisations/<slug>/scope/items/<int:item_id>/risks")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(LinkedRiskList), tags=TAGS, operation_id="list_item_risks")
def list_item_risks(organisation: Organisation, item_id: int):
    """The risks linked to a process or system (what threatens it), by reference."""
    item = _item_or_404(organisation, item_id)
    return _answer("item-risks", item, _risks(item))


@bp.put("/organisations/<slug>/scope/items/<int:item_id>/risks/<int:risk_id>")
@api_view(Permission.EDIT)
@spec.validate(resp=responses(LinkedRiskList, errors=CHANGE_ERRORS), tags=TAGS, operation_id="link_item_risk")
def link_item_risk(organisation: Organisation, item_id: int, risk_id: int):
    """Link a risk of the organisation to the item (nothing changes when it is linked already); If-Match names
    the list's ETag."""
    db = get_session()
    item, risk = _risk_change(organisation, item_id, risk_id)
    link_risk(session=db, risk=risk, item=item, actor=token_actor())
    db.commit()
    return _answer("item-risks", item, _risks(item))


@bp.delete("/organisations/<slug>/scope/items/<int:item_id>/risks/<int:risk_id>")
@api_view(Permission.EDIT)
@spec.validate(
    resp=responses(LinkedRiskList, errors=CHANGE_ERRORS), tags=TAGS, operation_id="unlink_item_risk"
)
def unlink_item_risk(organisation: Organisation, item_id: int, risk_id: int):
    """Remove the link between the risk and the item (404 when they were not linked)."""
    db = get_session()
    item, risk = _risk_change(organisation, item_id, risk_id)
    if not unlink_risk(session=db, risk=risk, item=item, actor=token_actor()):
        raise ApiProblem(404)
    db.commit()
    return _answer("item-risks", item, _risks(item))


@bp.get("/organisations/<slug>/scope/items/<int:item_id>/exceptions")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(ExceptionList), tags=TAGS, operation_id="list_item_exceptions")
def list_item_exceptions(organisation: Organisation, item_id: int):
    """The answers that do not hold for this process or system, each with its reason."""
    item = _item_or_404(organisation, item_id)
    return _answer("item-exceptions", item, _exceptions(item))


@bp.put("/organisations/<slug>/scope/items/<int:item_id>/exceptions/<code>")
@api_view(Permission.EDIT)
@spec.validate(
    json=ExceptionIn,
    resp=responses(ExceptionList, errors=(*CHANGE_ERRORS, 422)),
    tags=TAGS,
    operation_id="record_item_exception",
)
def record_item_exception(organisation: Organisation, item_id: int, code: str, json: ExceptionIn):
    """Record (or change the reason of) an exception: the organisation's answer on `code` does not hold for
    the item. The requirement must have an answer (422 otherwise)."""
    db = get_session()
    item = _item_or_404(organisation, item_id)
    _base("item-exceptions", item, _exceptions(item))
    add_exception(session=db, item=item, code=code, reason=json.reason, actor=token_actor())
    db.commit()
    return _answer("item-exceptions", item, _exceptions(item))


@bp.delete("/organisations/<slug>/scope/items/<int:item_id>/exceptions/<code>")
@api_view(Permission.EDIT)
@spec.validate(
    resp=responses(ExceptionList, errors=(*CHANGE_ERRORS, 422)),
    tags=TAGS,
    operation_id="remove_item_exception",
)
def remove_item_exception(organisation: Organisation, item_id: int, code: str):
    """The answer on `code` applies to the item again (404 when it had no exception)."""
    db = get_session()
    item = _item_or_404(organisation, item_id)
    _base("item-exceptions", item, _exceptions(item))
    if not remove_exception(session=db, item=item, code=code, actor=token_actor()):
        raise ApiProblem(404)
    db.commit()
    return _answer("item-exceptions", item, _exceptions(item))


@bp.put("/organisations/<slug>/suppliers/<int:supplier_id>")
@api_view(Permission.EDIT)
@spec.validate(
    json=SupplierIn,
    resp=responses(SupplierOut, errors=(*CHANGE_ERRORS, 422)),
    tags=TAGS,
    operation_id="change_supplier",
)
def change_supplier(organisation: Organisation, supplier_id: int, json: SupplierIn):
    """Change a supplier's details: If-Match must name its current version (412 otherwise, 428 without)."""
    db = get_session()
    found = get_supplier(session=db, organisation_id=organisation.id, supplier_id=supplier_id)
    if found is None:
        raise ApiProblem(404)
    base = required_revision("supplier", found.id, supplier_version(found))
    save_supplier(
        session=db,
        organisation_id=organisation.id,
        data=json.data(),
        actor=token_actor(),
        supplier=found,
        expected_version=base,
    )
    db.commit()
    return supplier_answer(organisation, found)

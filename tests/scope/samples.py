"""Objects of the scope area for the access matrix (tests/routes.py): one of each kind per organisation."""

from __future__ import annotations

from sqlmodel import Session, select

from scope.models import ScopeItem, Supplier
from scope.suppliers import SupplierData, save_supplier
from tests.factories import World
from tests.scope.factories import ACTOR, make_item


def _objects(session: Session, organisation_id: int) -> dict:
    item = session.exec(select(ScopeItem).where(ScopeItem.organisation_id == organisation_id)).first()
    if item is None:
        item = make_item(session, organisation_id)
    supplier = session.exec(select(Supplier).where(Supplier.organisation_id == organisation_id)).first()
    if supplier is None:
        supplier = save_supplier(
            session=session,
            organisation_id=organisation_id,
            data=SupplierData(name="Leverancier BV", jurisdiction="nl"),
            actor=ACTOR,
        )
    return {"item_id": item.id, "supplier_id": supplier.id}


def scope_sample_values(session: Session, world: World) -> tuple[dict, dict]:
    own = _objects(session, world.own.id)
    other = _objects(session, world.other.id)
    session.commit()
    return own, other

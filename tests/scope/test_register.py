"""The scope register as domain functions: revisions, references, the rules, links to processes and suppliers,
the append-only history."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import DatabaseError
from sqlmodel import select

from core.errors import RuleError, StaleEdit
from core.models import AuditEvent
from scope.models import ScopeItemProcess, ScopeItemRevision, Supplier
from scope.register import data_of, item_history, list_items, update_item
from tests.scope.factories import ACTOR, item_data, make_item


def test_a_new_item_gets_the_next_reference_of_its_kind_and_a_first_revision(world, db):
    process = make_item(db, world.own.id, "process", name="Burgerzaken")
    first = make_item(db, world.own.id)
    second = make_item(db, world.own.id, name="GIS")
    assert (process.reference, first.reference, second.reference) == ("P-001", "S-001", "S-002")
    other = make_item(db, world.other.id)
    assert other.reference == "S-001"
    assert [r.number for r in item_history(session=db, item=first)] == [1]
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "scope.system_created")).all()


def test_a_change_is_a_new_revision_and_an_old_base_is_refused(world, db):
    item = make_item(db, world.own.id)
    assert update_item(
        session=db, item=item, data=item_data(owner="Teamleider KCC"), expected_revision=1, actor=ACTOR
    )
    assert not update_item(
        session=db, item=item, data=item_data(owner="Teamleider KCC"), expected_revision=2, actor=ACTOR
    )
    with pytest.raises(StaleEdit):
        update_item(session=db, item=item, data=item_data(owner="Iemand"), expected_revision=1, actor=ACTOR)
    history = item_history(session=db, item=item)
    assert [(r.number, r.owner) for r in history] == [(2, "Teamleider KCC"), (1, "Hoofd Publiekszaken")]


def test_the_rules_name_their_fields(world, db):
    with pytest.raises(RuleError) as caught:
        make_item(db, world.own.id, name=" ", owner="", hosting="moon", process_refs=("P-009",))
    codes = {(p.code, p.field) for p in caught.value.problems}
    assert codes == {
        ("scope.name_required", "name"),
        ("scope.owner_required", "owner"),
        ("scope.invalid_value", "hosting"),
        ("scope.unknown_processes", "process_refs"),
    }


def test_a_system_links_the_processes_it_supports_and_its_suppliers(world, db):
    process = make_item(db, world.own.id, "process", name="Burgerzaken")
    db.add(Supplier(organisation_id=world.own.id, name="Leverancier BV", jurisdiction="nl"))
    db.flush()
    system = make_item(db, world.own.id, process_refs=("p-001",), supplier_names=("Leverancier BV",))
    assert data_of(system).process_refs == ("P-001",)
    links = db.exec(select(ScopeItemProcess)).all()
    assert [(link.system_id, link.process_id) for link in links] == [(system.id, process.id)]
    # A process supports no process and has no hosting: the fields are dropped.
    assert data_of(make_item(db, world.own.id, "process", hosting="eu_cloud")).hosting is None


def test_revisions_are_append_only(world, db):
    make_item(db, world.own.id)
    db.commit()
    revision = db.exec(select(ScopeItemRevision)).one()
    revision.owner = "changed"
    db.add(revision)
    with pytest.raises(DatabaseError):
        db.commit()
    db.rollback()


def test_the_register_lists_processes_first(world, db):
    make_item(db, world.own.id)
    make_item(db, world.own.id, "process", name="Burgerzaken")
    assert [i.reference for i in list_items(session=db, organisation_id=world.own.id)] == ["P-001", "S-001"]

"""Demo content of the scope area for Gemeente Voorbeeld: twelve processes, twenty systems, classified by a
quickscan, with suppliers (Gemeente Buurdorp as the shared service, a cloud provider under non-EU jurisdiction),
their assurance evidence, risks linked, and a scope statement. Idempotent: skipped when the register has items."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from app.scope.demo_data import EVIDENCE, MORE_RISKS, PROCESSES, STATEMENT, SUPPLIERS, SYSTEMS
from core import clock
from core.actor import Actor
from core.models import Organisation
from risk.answer_links import sync_answer_risks
from risk.models import Risk
from risk.scope_links import link_risk
from scope.models import ScopeItem
from scope.quickscan import question_set, record_quickscan
from scope.register import create_item
from scope.rules import ItemData
from scope.statement import record_statement
from scope.suppliers import SupplierData, add_evidence, save_supplier

AUTHOR = Actor.system("demo")


def _answers(levels: tuple[str, str, str]) -> dict[str, str]:
    """Quickscan answers that give `levels`: per aspect the financial question at its level, the rest low."""
    wanted = dict(zip(("availability", "integrity", "confidentiality"), levels, strict=True))
    return {
        q.id: wanted[q.aspect] if q.impact_area == "financial" else "low" for q in question_set().questions
    }


def seed_scope(session: Session, organisations: dict[str, Organisation]) -> None:
    for organisation in organisations.values():
        sync_answer_risks(session=session, organisation_id=organisation.id)
    organisation = organisations.get("voorbeeld")
    if (
        organisation is None
        or session.exec(select(ScopeItem.id).where(ScopeItem.organisation_id == organisation.id)).first()
    ):
        return
    today = clock.today()
    for name, jurisdiction, parent, services, contract_days, exit_strategy in SUPPLIERS:
        supplier = save_supplier(
            session=session,
            organisation_id=organisation.id,
            data=SupplierData(
                name, jurisdiction, services, parent, today + timedelta(days=contract_days), exit_strategy
            ),
            actor=AUTHOR,
        )
        for supplier_name, kind, issued_days, valid_days, note in EVIDENCE:
            if supplier_name == name:
                issued = today - timedelta(days=issued_days)
                add_evidence(
                    session=session,
                    supplier=supplier,
                    kind=kind,
                    issued_on=issued,
                    expires_on=issued + timedelta(days=valid_days),
                    note=note,
                    actor=AUTHOR,
                )
    for name, owner, kinds, levels in PROCESSES:
        item = create_item(
            session=session,
            organisation_id=organisation.id,
            kind="process",
            actor=AUTHOR,
            data=ItemData(
                name=name, owner=owner, information_kinds=kinds, review_on=today + timedelta(days=180)
            ),
        )
        record_quickscan(session=session, item=item, answers=_answers(levels), actor=AUTHOR)
    risks = {
        r.reference: r
        for r in session.exec(select(Risk).where(col(Risk.organisation_id) == organisation.id)).all()
    }
    for name, owner, kinds, hosting, jurisdiction, suppliers, processes, levels, linked in SYSTEMS:
        data = ItemData(
            name=name,
            owner=owner,
            information_kinds=kinds,
            hosting=hosting,
            jurisdiction=jurisdiction,
            supplier_names=suppliers,
            process_refs=tuple(f"P-{n:03d}" for n in processes),
            in_scope=name != "Handhavingsapp (boa's)",
            review_on=today + timedelta(days=365),
        )
        item = create_item(
            session=session, organisation_id=organisation.id, kind="system", data=data, actor=AUTHOR
        )
        record_quickscan(session=session, item=item, answers=_answers(levels), actor=AUTHOR)
        for reference in linked:
            if reference in risks:
                link_risk(session=session, risk=risks[reference], item=item, actor=AUTHOR)
    items = {
        item.reference: item
        for item in session.exec(
            select(ScopeItem).where(col(ScopeItem.organisation_id) == organisation.id)
        ).all()
    }
    for item_reference, references in MORE_RISKS.items():
        for reference in references:
            if reference in risks and item_reference in items:
                link_risk(session=session, risk=risks[reference], item=items[item_reference], actor=AUTHOR)
    record_statement(session=session, organisation_id=organisation.id, text=STATEMENT, actor=AUTHOR)

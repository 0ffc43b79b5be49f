"""The supplier register pages: the list with assurance evidence, one supplier, create and edit, add evidence."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlmodel import col, select

import app.scope.problems  # noqa: F401 - registers the area's rule codes
from app.db import get_session
from app.login import acting_user
from app.problems import show_on_form
from app.scope.forms import EvidenceForm, SupplierForm
from app.security import Permission, organisation_view
from core import clock
from core.errors import RuleError, StaleEdit
from core.models import Organisation
from scope.models import ScopeItem, ScopeItemSupplier, Supplier
from scope.suppliers import (
    EXPIRY_WARNING,
    SupplierData,
    add_evidence,
    evidence_of,
    get_supplier,
    list_suppliers,
    save_supplier,
    supplier_version,
)

bp = Blueprint("suppliers", __name__)


def supplier_or_404(organisation: Organisation, supplier_id: int) -> Supplier:
    supplier = get_supplier(session=get_session(), organisation_id=organisation.id, supplier_id=supplier_id)
    if supplier is None:
        abort(404)
    return supplier


@bp.route("/o/<slug>/leveranciers/")
@organisation_view(Permission.VIEW)
def index(organisation: Organisation):
    db = get_session()
    return render_template(
        "scope/suppliers.html",
        organisation=organisation,
        suppliers=list_suppliers(session=db, organisation_id=organisation.id),
        evidence=evidence_of(session=db, organisation_id=organisation.id),
        today=clock.today(),
        warning=EXPIRY_WARNING,
    )


@bp.route("/o/<slug>/leveranciers/<int:supplier_id>")
@organisation_view(Permission.VIEW)
def supplier(organisation: Organisation, supplier_id: int):
    found = supplier_or_404(organisation, supplier_id)
    db = get_session()
    items = db.exec(
        select(ScopeItem)
        .join(ScopeItemSupplier, col(ScopeItemSupplier.item_id) == col(ScopeItem.id))
        .where(col(ScopeItemSupplier.supplier_id) == found.id)
        .order_by(col(ScopeItem.reference))
    ).all()
    return render_template(
        "scope/supplier.html",
        organisation=organisation,
        supplier=found,
        evidence=evidence_of(session=db, organisation_id=organisation.id).get(found.id, []),
        linked_items=items,
        form=EvidenceForm(),
        today=clock.today(),
        warning=EXPIRY_WARNING,
    )


def _data(form: SupplierForm) -> SupplierData:
    return SupplierData(
        name=form.name.data or "",
        jurisdiction=form.jurisdiction.data or "",
        services=form.services.data or "",
        parent_company=form.parent_company.data or "",
        contract_end=form.contract_end.data,
        exit_strategy=form.exit_strategy.data or "",
    )


def _loaded_version(form: SupplierForm) -> int:
    value = (form.version.data or "").strip()
    return int(value) if value.isdigit() else 0


def _save(organisation: Organisation, form: SupplierForm, existing: Supplier | None):
    db = get_session()
    try:
        saved = save_supplier(
            session=db,
            organisation_id=organisation.id,
            data=_data(form),
            actor=acting_user(),
            supplier=existing,
            expected_version=_loaded_version(form) if existing is not None else None,
        )
    except RuleError as error:
        db.rollback()
        form.form_errors.extend(show_on_form(form, error))
        return None
    except StaleEdit:
        db.rollback()
        form.form_errors.append(
            _("Niet opgeslagen: iemand anders heeft deze leverancier intussen gewijzigd.")
        )
        if existing is not None:
            db.refresh(existing)
            form.version.data = str(supplier_version(existing))
        return None
    db.commit()
    flash(_("Leverancier %(name)s opgeslagen.", name=saved.name), "success")
    return redirect(url_for("suppliers.supplier", slug=organisation.slug, supplier_id=saved.id))


@bp.route("/o/<slug>/leveranciers/nieuw", methods=["GET", "POST"])
@organisation_view(Permission.EDIT)
def new_supplier(organisation: Organisation):
    form = SupplierForm()
    if form.validate_on_submit() and (response := _save(organisation, form, None)) is not None:
        return response
    return render_template("scope/supplier_form.html", organisation=organisation, form=form, supplier=None)


@bp.route("/o/<slug>/leveranciers/<int:supplier_id>/bewerken", methods=["GET", "POST"])
@organisation_view(Permission.EDIT)
def edit_supplier(organisation: Organisation, supplier_id: int):
    found = supplier_or_404(organisation, supplier_id)
    form = SupplierForm(obj=found)
    if request.method == "GET":
        form.version.data = str(supplier_version(found))
    if form.validate_on_submit() and (response := _save(organisation, form, found)) is not None:
        return response
    return render_template("scope/supplier_form.html", organisation=organisation, form=form, supplier=found)


@bp.route("/o/<slug>/leveranciers/<int:supplier_id>/zekerheid", methods=["POST"])
@organisation_view(Permission.EDIT)
def evidence(organisation: Organisation, supplier_id: int):
    found = supplier_or_404(organisation, supplier_id)
    form = EvidenceForm()
    db = get_session()
    if form.validate_on_submit():
        try:
            add_evidence(
                session=db,
                supplier=found,
                kind=form.kind.data,
                issued_on=form.issued_on.data,
                expires_on=form.expires_on.data,
                note=form.note.data or "",
                actor=acting_user(),
            )
        except RuleError as error:
            db.rollback()
            flash("; ".join(show_on_form(form, error) + [e for f in form for e in f.errors]), "error")
        else:
            db.commit()
            flash(_("Zekerheid toegevoegd."), "success")
    else:
        flash(_("Niet toegevoegd: vul soort en datum in."), "error")
    return redirect(url_for("suppliers.supplier", slug=organisation.slug, supplier_id=found.id))

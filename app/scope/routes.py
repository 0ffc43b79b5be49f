"""The scope register pages: the list of processes and systems, one item with its history, quickscan and risks,
create and edit, linking risks, Excel export and import."""

from __future__ import annotations

import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from sqlmodel import col, select
from wtforms.fields.choices import SelectChoice

import app.scope.problems  # noqa: F401 - registers the area's rule codes
from app.db import get_session
from app.imports.page import save, upload
from app.login import acting_user
from app.problems import messages, show_on_form
from app.risks.common import risk_or_404
from app.scope import labels
from app.scope.excel import scope_import
from app.scope.forms import ExceptionForm, ItemForm, LinkRiskForm, UnlinkRiskForm
from app.security import Permission, organisation_view
from core.errors import RuleError, StaleEdit
from core.models import Organisation
from risk.models import Risk
from risk.scope_links import link_risk, risk_counts, risks_of_item, scope_gaps, unlink_risk
from scope.answer_scope import exceptions_of_item
from scope.models import ItemKind, ScopeItem, Supplier
from scope.quickscan import latest_quickscan
from scope.register import create_item, data_of, get_item, item_history, list_items, update_item
from scope.rules import ItemData
from scope.xlsx import export_items

bp = Blueprint("scope", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KIND_PARAMETER = {"proces": ItemKind.PROCESS.value, "systeem": ItemKind.SYSTEM.value}


def item_or_404(organisation: Organisation, item_id: int) -> ScopeItem:
    item = get_item(session=get_session(), organisation_id=organisation.id, item_id=item_id)
    if item is None:
        abort(404)
    return item


@bp.route("/o/<slug>/scope/")
@organisation_view(Permission.VIEW)
def register(organisation: Organisation):
    db = get_session()
    items = list_items(session=db, organisation_id=organisation.id)
    return render_template(
        "scope/register.html",
        organisation=organisation,
        processes=[i for i in items if i.kind == ItemKind.PROCESS.value],
        systems=[i for i in items if i.kind == ItemKind.SYSTEM.value],
        counts=risk_counts(session=db, organisation_id=organisation.id),
        gaps={i.id for i in scope_gaps(session=db, organisation_id=organisation.id)},
    )


@bp.route("/o/<slug>/scope/<int:item_id>")
@organisation_view(Permission.VIEW)
def item(organisation: Organisation, item_id: int):
    db = get_session()
    head = item_or_404(organisation, item_id)
    risks = risks_of_item(session=db, item=head)
    link_form = LinkRiskForm()
    link_form.risk.choices = _risk_choices(organisation, {r.id for r in risks})
    processes = _named(organisation, data_of(head).process_refs)
    return render_template(
        "scope/item.html",
        organisation=organisation,
        item=head,
        data=data_of(head),
        history=[(revision, data_of(revision)) for revision in item_history(session=db, item=head)],
        scan=latest_quickscan(session=db, item=head),
        risks=risks,
        processes=processes,
        link_form=link_form,
        unlink_form=UnlinkRiskForm(),
        exception_form=ExceptionForm(),
        exceptions=exceptions_of_item(session=db, item=head),
        is_gap=head.id in {i.id for i in scope_gaps(session=db, organisation_id=organisation.id)},
    )


def _named(organisation: Organisation, references: tuple[str, ...]) -> list[ScopeItem]:
    if not references:
        return []
    query = select(ScopeItem).where(
        col(ScopeItem.organisation_id) == organisation.id, col(ScopeItem.reference).in_(references)
    )
    return list(get_session().exec(query.order_by(col(ScopeItem.reference))).all())


def _risk_choices(organisation: Organisation, linked: set[int | None]) -> list[SelectChoice]:
    risks = get_session().exec(
        select(Risk).where(col(Risk.organisation_id) == organisation.id).order_by(col(Risk.reference))
    )
    return [SelectChoice(r.id, f"{r.reference} {r.title}") for r in risks if r.id not in linked]


def _item_form(organisation: Organisation, kind: str) -> ItemForm:
    db = get_session()
    form = ItemForm()
    if kind == ItemKind.SYSTEM.value:
        processes = list_items(session=db, organisation_id=organisation.id, kind=ItemKind.PROCESS.value)
        form.processes.choices = [SelectChoice(p.reference, f"{p.reference} {p.name}") for p in processes]
    else:
        del form.processes
        del form.hosting
    suppliers = db.exec(
        select(Supplier).where(col(Supplier.organisation_id) == organisation.id).order_by(col(Supplier.name))
    )
    form.suppliers.choices = [SelectChoice(s.name, s.name) for s in suppliers]
    return form


def _data_from(form: ItemForm) -> ItemData:
    return ItemData(
        name=form.name.data or "",
        owner=form.owner.data or "",
        description=form.description.data or "",
        information_kinds=tuple(form.information_kinds.data or ()),
        hosting=form.hosting.data if "hosting" in form else None,
        jurisdiction=form.jurisdiction.data or None,
        in_scope=bool(form.in_scope.data),
        review_on=form.review_on.data,
        process_refs=tuple(form.processes.data or ()) if "processes" in form else (),
        supplier_names=tuple(form.suppliers.data or ()),
    )


def _fill(form: ItemForm, data: ItemData) -> None:
    for name in ("name", "owner", "description", "jurisdiction", "in_scope", "review_on"):
        form[name].data = getattr(data, name)
    form.information_kinds.data = list(data.information_kinds)
    if "hosting" in form:
        form.hosting.data = data.hosting
        form.processes.data = list(data.process_refs)
    form.suppliers.data = list(data.supplier_names)


@bp.route("/o/<slug>/scope/nieuw", methods=["GET", "POST"])
@organisation_view(Permission.EDIT)
def new_item(organisation: Organisation):
    kind = KIND_PARAMETER.get(request.args.get("soort", "systeem"))
    if kind is None:
        abort(404)
    db = get_session()
    form = _item_form(organisation, kind)
    if request.method == "GET":
        form.in_scope.data = True
    if form.validate_on_submit():
        try:
            created = create_item(
                session=db,
                organisation_id=organisation.id,
                kind=kind,
                data=_data_from(form),
                actor=acting_user(),
            )
        except RuleError as error:
            db.rollback()
            form.form_errors.extend(show_on_form(form, error))
        else:
            db.commit()
            flash(_("%(reference)s vastgelegd.", reference=created.reference), "success")
            return redirect(url_for("scope.item", slug=organisation.slug, item_id=created.id))
    return render_template("scope/item_form.html", organisation=organisation, form=form, item=None, kind=kind)


@bp.route("/o/<slug>/scope/<int:item_id>/bewerken", methods=["GET", "POST"])
@organisation_view(Permission.EDIT)
def edit_item(organisation: Organisation, item_id: int):
    head = item_or_404(organisation, item_id)
    db = get_session()
    form = _item_form(organisation, head.kind)
    if request.method == "GET":
        _fill(form, data_of(head))
        form.revision.data = str(head.revision)
    if form.validate_on_submit():
        loaded = int(form.revision.data) if (form.revision.data or "").isdigit() else 0
        try:
            update_item(
                session=db,
                item=head,
                data=_data_from(form),
                expected_revision=loaded,
                actor=acting_user(),
                note=form.note.data or "",
            )
        except RuleError as error:
            db.rollback()
            form.form_errors.extend(show_on_form(form, error))
        except StaleEdit:
            db.rollback()
            form.form_errors.append(
                _("Niet opgeslagen: iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw.")
            )
        else:
            db.commit()
            flash(_("%(reference)s opgeslagen.", reference=head.reference), "success")
            return redirect(url_for("scope.item", slug=organisation.slug, item_id=head.id))
    return render_template(
        "scope/item_form.html", organisation=organisation, form=form, item=head, kind=head.kind
    )


@bp.route("/o/<slug>/scope/<int:item_id>/risicos", methods=["POST"])
@organisation_view(Permission.EDIT)
def link(organisation: Organisation, item_id: int):
    head = item_or_404(organisation, item_id)
    form = LinkRiskForm()
    form.risk.choices = _risk_choices(organisation, set())
    if not form.validate_on_submit():
        flash(_("Kies een risico om te koppelen."), "error")
        return redirect(url_for("scope.item", slug=organisation.slug, item_id=head.id))
    db = get_session()
    risk = risk_or_404(organisation, form.risk.data)
    try:
        link_risk(session=db, risk=risk, item=head, actor=acting_user())
    except RuleError as error:
        db.rollback()
        for message in messages(error):
            flash(message, "error")
    else:
        db.commit()
        flash(
            _("Risico %(risk)s gekoppeld aan %(item)s.", risk=risk.reference, item=head.reference), "success"
        )
    return redirect(url_for("scope.item", slug=organisation.slug, item_id=head.id))


@bp.route("/o/<slug>/scope/<int:item_id>/risicos/<int:risk_id>/ontkoppelen", methods=["POST"])
@organisation_view(Permission.EDIT)
def unlink(organisation: Organisation, item_id: int, risk_id: int):
    head = item_or_404(organisation, item_id)
    risk = risk_or_404(organisation, risk_id)
    if UnlinkRiskForm().validate_on_submit():
        unlink_risk(session=get_session(), risk=risk, item=head, actor=acting_user())
        get_session().commit()
        flash(
            _("Risico %(risk)s ontkoppeld van %(item)s.", risk=risk.reference, item=head.reference), "success"
        )
    return redirect(url_for("scope.item", slug=organisation.slug, item_id=head.id))


@bp.route("/o/<slug>/scope/export")
@organisation_view(Permission.VIEW)
def export(organisation: Organisation):
    content = export_items(session=get_session(), organisation_id=organisation.id)
    return send_file(
        io.BytesIO(content),
        mimetype=XLSX,
        as_attachment=True,
        download_name=f"scope-{organisation.slug}.xlsx",
    )


@bp.route("/o/<slug>/scope/import", methods=["GET", "POST"])
@organisation_view(Permission.EDIT)
def import_file(organisation: Organisation):
    return upload(organisation, scope_import(organisation))


@bp.route("/o/<slug>/scope/import/opslaan", methods=["POST"])
@organisation_view(Permission.EDIT)
def save_import(organisation: Organisation):
    return save(organisation, scope_import(organisation))


@bp.app_template_global()
def scope_label(group: str, value) -> str:
    return labels.name(group, value)


@bp.app_template_global()
def scope_value(field: str, value) -> str:
    return labels.display(field, value)


@bp.app_template_global()
def scope_level_badge(level) -> str:
    return labels.LEVEL_BADGE.get(level or "", "muted")

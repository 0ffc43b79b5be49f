"""The provider's side of shared services: the requirements it offers, and offering, changing or withdrawing
one. Served organisations see only what is shared here (on their requirement page, the SoA and reports)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlmodel import select

from app.answers.helpers import current_locale, requirement_or_404
from app.db import get_session
from app.login import acting_user
from app.problems import show_on_form
from app.security import Permission, current_role_allows, organisation_view
from app.sharing.forms import OfferForm
from controls.offers import latest_offers
from controls.sharing import offer_history, offered_codes, set_offer
from core.errors import RuleError, StaleEdit
from core.models import Organisation

bp = Blueprint("sharing", __name__)


def _served(organisation: Organisation) -> list[Organisation]:
    return list(
        get_session()
        .exec(
            select(Organisation)
            .where(Organisation.provider_id == organisation.id)
            .order_by(Organisation.name)
        )
        .all()
    )


@bp.route("/o/<slug>/gedeelde-diensten/")
@organisation_view(Permission.VIEW)
def index(organisation: Organisation):
    db = get_session()
    return render_template(
        "sharing/index.html",
        organisation=organisation,
        offers=offered_codes(session=db, provider_id=organisation.id),
        served=_served(organisation),
        locale=current_locale(),
    )


def _page(organisation: Organisation, requirement, form: OfferForm | None = None, status: int = 200):
    db = get_session()
    current = latest_offers(
        session=db, provider_id=organisation.id, requirement_ids=[requirement.id], offered_only=False
    ).get(requirement.id)
    if form is None:
        form = OfferForm(
            formdata=None,
            data={
                "base_revision": current.number if current else 0,
                "shared_text": current.shared_text if current and current.offered else "",
            },
        )
    return render_template(
        "sharing/offer.html",
        organisation=organisation,
        requirement=requirement,
        current=current,
        history=offer_history(session=db, provider_id=organisation.id, requirement_id=requirement.id),
        form=form if current_role_allows(Permission.EDIT) and requirement.is_active else None,
        locale=current_locale(),
    ), status


@bp.route("/o/<slug>/gedeelde-diensten/<code>")
@organisation_view(Permission.VIEW)
def offer(organisation: Organisation, code: str):
    return _page(organisation, requirement_or_404(code))


@bp.route("/o/<slug>/gedeelde-diensten/<code>", methods=["POST"])
@organisation_view(Permission.EDIT)
def save(organisation: Organisation, code: str):
    requirement = requirement_or_404(code)
    form = OfferForm()
    status = _save(organisation, requirement, form)
    if status is None:
        return redirect(url_for("sharing.offer", slug=organisation.slug, code=requirement.code))
    return _page(organisation, requirement, form, status)


def _save(organisation: Organisation, requirement, form: OfferForm) -> int | None:
    """Offer, change or withdraw; None when saved, else the status of the page shown again."""
    if not form.validate():
        return 422
    db = get_session()
    withdraw = bool(form.withdraw.data)
    try:
        set_offer(
            session=db,
            provider_id=organisation.id,
            requirement_id=requirement.id,
            offered=not withdraw,
            shared_text=form.shared_text.data or "",
            base_revision=int(form.base_revision.data),
            actor=acting_user(),
        )
    except StaleEdit:
        db.rollback()
        form.form_errors.append(_("Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw."))
        return 409
    except RuleError as error:
        db.rollback()
        form.form_errors.extend(show_on_form(form, error))
        return 422
    db.commit()
    flash(_("Niet meer gedeeld.") if withdraw else _("Gedeeld met de afnemers."), "success")
    return None

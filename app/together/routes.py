"""The regional view (/regionaal/): the organisations of the signed-in user side by side, as a page, a sheet
and a PDF; copying answers between the organisations of a CISO, after a preview of the differences; and the
pages of shared answers: what rests on the provider (receiver), who relies on which answer (provider)."""

from __future__ import annotations

import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.answers.helpers import current_locale
from app.db import get_session
from app.login import acting_user
from app.problems import messages
from app.reports.forms import DocumentLanguageForm, asked_language
from app.security import Permission, organisation_view
from app.together.forms import CopyChoiceForm, CopyConfirmForm
from controls.receivers import relying
from controls.sharing import inherited_answers, offered_codes
from core import clock
from core.errors import NotFound, RuleError, StaleEdit
from core.models import Organisation
from plan.copying import CopyPlan, Selection, ciso_organisations, copy_answers, plan_copy
from plan.regional import Comparison, regional_comparison

bp = Blueprint("together", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _comparison(locale: str | None = None) -> Comparison:
    """The comparison of the user's organisations (theme titles in `locale`, else the page's language); 404 for
    a user with fewer than two (there is nothing to compare, and the menu does not offer it)."""
    comparison = regional_comparison(
        session=get_session(), user_id=current_user.id, today=clock.today(), locale=locale or current_locale()
    )
    if len(comparison.organisations) < 2:
        abort(404)
    return comparison


@bp.route("/regionaal/")
@login_required
def overview():
    comparison = _comparison()
    can_copy = len(ciso_organisations(session=get_session(), user_id=current_user.id)) >= 2
    return render_template(
        "together/regional.html",
        comparison=comparison,
        can_copy=can_copy,
        language_form=DocumentLanguageForm(formdata=None),
    )


@bp.route("/regionaal/overzicht.xlsx")
@login_required
def overview_xlsx():
    from reports.regional import DOCUMENT, regional_xlsx  # the spreadsheet library, only when a sheet is made

    language = asked_language(DOCUMENT)
    data = regional_xlsx(_comparison(language), language=language)
    name = f"regionaal-overzicht-{clock.today().isoformat()}.xlsx"
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=name, max_age=0)


@bp.route("/regionaal/overzicht.pdf")
@login_required
def overview_pdf():
    from reports.regional import DOCUMENT, regional_pdf  # the PDF library, only when a PDF is made

    language = asked_language(DOCUMENT)
    data = regional_pdf(
        _comparison(language),
        generated_by=current_user.name or current_user.email,
        generated_at=clock.now(),
        language=language,
    )
    name = f"regionaal-overzicht-{clock.today().isoformat()}.pdf"
    return send_file(
        io.BytesIO(data), mimetype="application/pdf", as_attachment=True, download_name=name, max_age=0
    )


def _selection(theme: str | None, category: str | None, code: str | None) -> Selection:
    return Selection(
        theme=int(theme) if theme else None, category=category or None, codes=(code,) if code else ()
    )


@bp.route("/regionaal/kopieren")
@login_required
def copy():
    db = get_session()
    organisations = ciso_organisations(session=db, user_id=current_user.id)
    if len(organisations) < 2:
        abort(404)
    form = CopyChoiceForm(
        [(o.slug, o.name) for o in organisations], current_locale(), formdata=request.args or None
    )
    plan, problems, confirm = None, [], None
    if request.args and form.validate():
        try:
            plan = _plan(form.van.data, form.naar.data, form.thema.data, form.categorie.data, form.eis.data)
        except RuleError as error:
            problems = messages(error)
        if plan is not None:
            confirm = CopyConfirmForm(
                formdata=None,
                data={
                    "van": plan.source.slug,
                    "naar": ",".join(t.organisation.slug for t in plan.targets),
                    "thema": form.thema.data or "",
                    "categorie": form.categorie.data or "",
                    "eis": form.eis.data or "",
                    "fingerprint": plan.fingerprint,
                },
            )
    return render_template(
        "together/copy.html",
        form=form,
        plan=plan,
        problems=problems,
        confirm=confirm,
        locale=current_locale(),
    )


def _plan(
    source: str, targets: list[str], theme: str | None, category: str | None, code: str | None
) -> CopyPlan:
    try:
        return plan_copy(
            session=get_session(),
            user_id=current_user.id,
            source_slug=source,
            target_slugs=targets,
            selection=_selection(theme, category, code),
            locale=current_locale(),
        )
    except NotFound:
        abort(404)


@bp.route("/regionaal/kopieren", methods=["POST"])
@login_required
def copy_confirm():
    db = get_session()
    form = CopyConfirmForm()
    if not form.validate():
        abort(400)
    try:
        plan = copy_answers(
            session=db,
            actor=acting_user(),
            source_slug=form.van.data,
            target_slugs=form.naar.data.split(","),
            selection=_selection(form.thema.data, form.categorie.data, form.eis.data),
            fingerprint=form.fingerprint.data,
            today=clock.today(),
        )
    except NotFound:
        db.rollback()
        abort(404)
    except StaleEdit:
        db.rollback()
        flash(
            _("Er is intussen iets gewijzigd; bekijk de verschillen opnieuw. Er is niets gekopieerd."),
            "error",
        )
        return redirect(_again(form))
    except RuleError as error:
        db.rollback()
        flash(_("Niet gekopieerd: %(reason)s", reason="; ".join(messages(error))), "error")
        return redirect(_again(form))
    db.commit()
    flash(
        _("%(count)s antwoorden gekopieerd uit %(source)s.", count=plan.count, source=plan.source.name),
        "success",
    )
    return redirect(url_for("together.overview"))


def _again(form: CopyConfirmForm) -> str:
    return url_for(
        "together.copy",
        van=form.van.data,
        naar=form.naar.data.split(","),
        thema=form.thema.data or "",
        categorie=form.categorie.data or "",
        eis=form.eis.data or "",
    )


@bp.route("/o/<slug>/gedeelde-diensten/overgenomen")
@organisation_view(Permission.VIEW)
def inherited(organisation: Organisation):
    """The receiver's side: which of its answers rest on its provider, with the date of the provider's answer."""
    return render_template(
        "together/inherited.html",
        organisation=organisation,
        rows=inherited_answers(session=get_session(), organisation_id=organisation.id),
        locale=current_locale(),
    )


@bp.route("/o/<slug>/gedeelde-diensten/afnemers")
@organisation_view(Permission.VIEW)
def relied_on(organisation: Organisation):
    """The provider's side: per shared answer, the organisations that rely on it."""
    db = get_session()
    offers = offered_codes(session=db, provider_id=organisation.id)
    by_requirement: dict[int, list[Organisation]] = {}
    if offers:
        for requirement_id, receiver in relying(session=db, provider_id=organisation.id):
            by_requirement.setdefault(requirement_id, []).append(receiver)
    return render_template(
        "together/relied_on.html",
        organisation=organisation,
        offers=offers,
        relying=by_requirement,
        locale=current_locale(),
    )

"""The catalogue pages: browse and search, one requirement with its mappings, the organisation's full texts
(overlay), and catalogue upgrades. Organisation-scoped because full texts belong to one organisation."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlmodel import func, select
from werkzeug.utils import secure_filename

from app.catalogue.forms import (
    CatalogueFilterForm,
    CatalogueUploadForm,
    OverlayUploadForm,
    RemoveOverlayForm,
)
from app.catalogue.problems import file_lines
from app.db import get_session
from app.login import acting_user
from app.security import Permission, organisation_view
from controls.catalogue import CatalogueError, current_catalogue, load_catalogue
from controls.catalogue_browse import CatalogueFilter, browse_catalogue, requirement_detail
from controls.catalogue_check import check_catalogue_data
from controls.labels import ARTICLE
from controls.models import CatalogueLoad, Requirement
from controls.overlay import check_overlay_data, load_overlay, overlay_count, remove_overlay
from core.models import Organisation

bp = Blueprint("catalogue", __name__)

# Other areas add panels to the requirement page (e.g. the organisation's answer): a function
# (organisation, role, requirement) -> (template, context) or None, shown in order of registration.
RequirementPanel = Callable[[Organisation, str, Requirement], tuple[str, dict] | None]
REQUIREMENT_PANELS: list[RequirementPanel] = []


def requirement_panel(function: RequirementPanel) -> RequirementPanel:
    """Decorator: register a panel for the requirement page."""
    REQUIREMENT_PANELS.append(function)
    return function


@bp.app_template_global()
def article_label(article: int) -> str:
    """The heading of a NIS2 article in the user's language."""
    return ARTICLE.of(str(article), _, default="") or _("Artikel %(number)s", number=article)


def _filters(form: CatalogueFilterForm) -> CatalogueFilter:
    """The filters from the query string; a value that does not validate is ignored (and its error shown)."""
    form.validate()

    def value(field) -> str:
        return "" if field.errors else (field.data or "").strip()

    theme = value(form.thema)
    return CatalogueFilter(
        query=value(form.q),
        framework=value(form.kader),
        theme=int(theme) if theme else None,
        kind=value(form.soort),
        category=value(form.categorie),
        status=value(form.status),
    )


@bp.route("/o/<slug>/catalogus/")
@organisation_view(Permission.VIEW)
def index(organisation: Organisation):
    form = CatalogueFilterForm(formdata=request.args)
    filters = _filters(form)
    db = get_session()
    listing = browse_catalogue(session=db, filters=filters, organisation_id=organisation.id)
    return render_template(
        "catalogue/index.html",
        organisation=organisation,
        form=form,
        filtered=filters != CatalogueFilter(),
        listing=listing,
        current=current_catalogue(session=db),
    )


@bp.route("/o/<slug>/catalogus/eis/<code>")
@organisation_view(Permission.VIEW)
def requirement(organisation: Organisation, code: str):
    detail = requirement_detail(session=get_session(), code=code, organisation_id=organisation.id)
    if detail is None:
        abort(404)
    panels = [
        panel
        for panel in (function(organisation, g.role, detail.requirement) for function in REQUIREMENT_PANELS)
        if panel
    ]
    return render_template(
        "catalogue/requirement.html", organisation=organisation, detail=detail, panels=panels
    )


def _upload_name(upload, default: str) -> str:
    return secure_filename(upload.filename or "") or default


@bp.route("/o/<slug>/catalogus/teksten", methods=["GET", "POST"])
@organisation_view(Permission.LOAD_TEXTS)
def texts(organisation: Organisation):
    """Load the official full texts the organisation holds a licence for (an overlay); see docs/catalogue.md."""
    db = get_session()
    form = OverlayUploadForm()
    problems: list[str] = []
    if form.validate_on_submit():
        name = _upload_name(form.file.data, "teksten.yaml")
        try:
            overlay = check_overlay_data(form.file.data.read(), name, session=db)
        except CatalogueError as error:
            problems = file_lines(error)
        else:
            result = load_overlay(
                session=db, organisation_id=organisation.id, overlay=overlay, actor=acting_user(), name=name
            )
            db.commit()
            flash(
                _(
                    "Volledige teksten geladen: %(added)s nieuw, %(replaced)s vervangen.",
                    added=result.added,
                    replaced=result.replaced,
                ),
                "success",
            )
            return redirect(url_for("catalogue.texts", slug=organisation.slug))
    return render_template(
        "catalogue/texts.html",
        organisation=organisation,
        form=form,
        remove_form=RemoveOverlayForm(),
        problems=problems,
        count=overlay_count(session=db, organisation_id=organisation.id),
    )


@bp.route("/o/<slug>/catalogus/teksten/verwijderen", methods=["POST"])
@organisation_view(Permission.LOAD_TEXTS)
def remove_texts(organisation: Organisation):
    if not RemoveOverlayForm().validate_on_submit():
        abort(400)
    db = get_session()
    removed = remove_overlay(session=db, organisation_id=organisation.id, actor=acting_user())
    db.commit()
    flash(_("%(count)s volledige teksten verwijderd.", count=removed), "success")
    return redirect(url_for("catalogue.texts", slug=organisation.slug))


def _load(organisation: Organisation, catalogue, name: str) -> None:
    """Load a checked catalogue file, record it in the logboek and say what it changed."""
    db = get_session()
    result = load_catalogue(
        session=db, catalogue=catalogue, actor=acting_user(), organisation_id=organisation.id
    )
    if result.unchanged:
        flash(_("Deze catalogus (versie %(version)s) was al geladen.", version=catalogue.version), "warning")
        return
    load = result.load
    flash(
        _(
            "Catalogus %(version)s geladen: %(added)s nieuw, %(changed)s gewijzigd, %(withdrawn)s vervallen.",
            version=load.version,
            added=load.added,
            changed=load.changed,
            withdrawn=load.withdrawn,
        ),
        "success",
    )


def _manage_page(organisation: Organisation, form: CatalogueUploadForm, problems: list[str]):
    db = get_session()
    loads = db.exec(select(CatalogueLoad).order_by(CatalogueLoad.id.desc())).all()
    counts = db.exec(
        select(Requirement.kind, Requirement.status, func.count()).group_by(
            Requirement.kind, Requirement.status
        )
    ).all()
    return render_template(
        "catalogue/manage.html",
        organisation=organisation,
        form=form,
        problems=problems,
        loads=loads,
        counts={(kind, status): count for kind, status, count in counts},
    )


@bp.route("/o/<slug>/catalogus/beheer", methods=["GET", "POST"])
@organisation_view(Permission.UPGRADE_CATALOGUE)
def manage(organisation: Organisation):
    """The catalogue loads of this installation, and an upgrade: checked first, loaded all or nothing."""
    db = get_session()
    form = CatalogueUploadForm()
    problems: list[str] = []
    if form.validate_on_submit():
        name = _upload_name(form.file.data, "catalogus.yaml")
        try:
            catalogue = check_catalogue_data(form.file.data.read(), name)
        except CatalogueError as error:
            problems = file_lines(error)
        else:
            if form.check_only.data:
                flash(
                    _(
                        "%(name)s is in orde (versie %(version)s); er is niets geladen.",
                        name=name,
                        version=catalogue.version,
                    ),
                    "success",
                )
                return redirect(url_for("catalogue.manage", slug=organisation.slug))
            _load(organisation, catalogue, name)
            db.commit()
            return redirect(url_for("catalogue.manage", slug=organisation.slug))
    return _manage_page(organisation, form, problems)

"""The public pages: no login, no session (so no cookie is set), the same answer for an unknown organisation and
for one that does not publish (404), Dutch unless `?lang=en`, cacheable for a few minutes."""

from __future__ import annotations

from flask import Blueprint, abort, g, make_response, render_template, request

from app.db import get_session
from app.i18n import current_locale
from core.models import Organisation
from core.publication import published_organisation, published_organisations
from reports.publication import PublicVvt, public_vvt, public_vvt_pdf

bp = Blueprint("public", __name__, url_prefix="/publiek")


def published_or_404(slug: str) -> Organisation:
    organisation = published_organisation(session=get_session(), slug=slug)
    if organisation is None:
        abort(404)
    return organisation


def view_of(slug: str) -> PublicVvt:
    return public_vvt(session=get_session(), organisation=published_or_404(slug), locale=current_locale())


def cacheable(response):
    """Marked public for app.security's headers, with an ETag so a revisit can be answered 304."""
    g.public_cache = True
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/")
def index():
    """The organisations that publish (only those)."""
    found = published_organisations(session=get_session())
    return cacheable(make_response(render_template("public/index.html", organisations=found)))


@bp.get("/<slug>/")
def vvt(slug: str):
    return cacheable(make_response(render_template("public/vvt.html", view=view_of(slug))))


@bp.get("/<slug>/vvt.pdf")
def vvt_pdf(slug: str):
    view = public_vvt(session=get_session(), organisation=published_or_404(slug))
    if view.adoption is None:
        abort(404)
    response = make_response(public_vvt_pdf(view))
    response.headers["Content-Type"] = "application/pdf"
    name = f"vvt-{view.slug}-versie-{view.adoption.number}.pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    return cacheable(response)

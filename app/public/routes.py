"""The public pages: no login, no session (so no cookie is set), the same answer for an unknown organisation and
for one that does not publish (404), cacheable for a few minutes. Their language (the page's and the PDF's) is the
address's (`?lang=en`, `?lang=nl`: the pages' language switch), else chosen as on every other page: the
visitor's choice in the app (its language switch, the user's setting), else Accept-Language, else Dutch
(app.i18n.select_locale)."""

from __future__ import annotations

from flask import Blueprint, abort, g, make_response, render_template, request

from app.db import get_session
from app.i18n import address_language, current_locale
from core.cache import LruCache
from core.models import Organisation
from core.publication import published_organisation, published_organisations
from reports.publication import PublicAdoption, PublicVvt, public_vvt, public_vvt_pdf

bp = Blueprint("public", __name__, url_prefix="/publiek")
# Laying out a PDF costs a second or more and anyone may ask: the file depends only on the adopted version, the
# organisation's name and the language (in English, the catalogue's titles), so each process keeps the last few.
PDF_CACHE: LruCache[bytes] = LruCache(16)


def published_or_404(slug: str) -> Organisation:
    organisation = published_organisation(session=get_session(), slug=slug)
    if organisation is None:
        abort(404)
    return organisation


def view_of(slug: str) -> PublicVvt:
    return public_vvt(session=get_session(), organisation=published_or_404(slug), locale=current_locale())


@bp.context_processor
def address_language_of_links() -> dict[str, str | None]:
    """The language the address asks for, kept by the pages' links (None: the browser's, again)."""
    return {"address_lang": address_language()}


def cacheable(response):
    """Marked public for app.security's headers, with an ETag so a revisit can be answered 304; without a
    language in the address, Vary names what chose it (the session cookie, which Flask adds, and
    Accept-Language), so a cache keeps one copy per language."""
    g.public_cache = True
    if address_language() is None:
        response.vary.add("Accept-Language")
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
    view = view_of(slug)
    adoption = view.adoption
    if adoption is None:
        abort(404)
    response = make_response(pdf_of(view, adoption))
    response.headers["Content-Type"] = "application/pdf"
    language = "" if view.language == "nl" else f"-{view.language}"
    name = f"vvt-{view.slug}-versie-{adoption.number}{language}.pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    return cacheable(response)


def pdf_of(view: PublicVvt, adoption: PublicAdoption) -> bytes:
    key = (
        view.slug,
        view.organisation_name,
        adoption.number,
        adoption.adopted_at,
        view.language,
        view.entries,
    )
    kept = PDF_CACHE.get(key)
    if kept is not None:
        return kept
    made = public_vvt_pdf(view)
    PDF_CACHE.put(key, made)
    return made

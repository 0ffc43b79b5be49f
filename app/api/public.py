"""The public VvT as JSON, without a token (the same publication rules as /publiek/<slug>/: an unknown slug and
an organisation that does not publish are both 404), and the publication setting of the token's organisation
for its administrators."""

from __future__ import annotations

from datetime import date

from flask import g
from pydantic import Field

from app.api.auth import api_view, token_actor
from app.api.base import bp
from app.api.conventions import ApiInput, ApiModel, etag, required_revision
from app.api.problem import ApiProblem
from app.api.spec import CHANGE_ERRORS, responses, spec
from app.db import get_session
from app.i18n import current_locale
from app.security import Permission
from core.models import Organisation
from core.publication import published_organisation, set_published
from reports.publication import PublicVvt, public_vvt


class PublicEntryOut(ApiModel):
    code: str
    kind: str
    theme: str = Field(description="the chapter: iso27001, 5, 6, 7, 8 or nis2")
    title: str
    applicability: str | None = Field(description="null: not answered in the adopted version")
    status: str
    public_explanation: str


class PublicAdoptionOut(ApiModel):
    number: int
    adopted_on: date
    body: str = Field(description="who adopted it, e.g. the college van B&W")
    reference_date: date = Field(description="the answers as they stood on this day")
    catalogue_version: str | None


class PublicScopeItemOut(ApiModel):
    reference: str
    kind: str
    name: str


class PublicScopeOut(ApiModel):
    number: int
    recorded_on: date
    text: str
    items: list[PublicScopeItemOut]


class PublicVvtOut(ApiModel):
    organisation_name: str
    slug: str
    adoption: PublicAdoptionOut | None = Field(description="null: no version adopted yet (then nothing else)")
    scope: PublicScopeOut | None
    entries: list[PublicEntryOut]


def public_out(view: PublicVvt) -> PublicVvtOut:
    adoption, scope = view.adoption, view.scope
    return PublicVvtOut(
        organisation_name=view.organisation_name,
        slug=view.slug,
        adoption=PublicAdoptionOut(
            number=adoption.number,
            adopted_on=adoption.adopted_on,
            body=adoption.body,
            reference_date=adoption.reference_date,
            catalogue_version=adoption.catalogue_version,
        )
        if adoption is not None
        else None,
        scope=PublicScopeOut(
            number=scope.number,
            recorded_on=scope.recorded_on,
            text=scope.text,
            items=[PublicScopeItemOut(reference=r, kind=k, name=n) for r, k, n in scope.items],
        )
        if scope is not None
        else None,
        entries=[
            PublicEntryOut(
                code=e.code,
                kind=e.kind,
                theme=e.group,
                title=e.title,
                applicability=e.applicability,
                status=e.status,
                public_explanation=e.public_explanation,
            )
            for e in view.entries
        ],
    )


@bp.get("/public/<slug>/vvt")
@spec.validate(resp=responses(PublicVvtOut), tags=["public"], operation_id="get_public_vvt", security={})
def get_public_vvt(slug: str):
    """The published VvT of an organisation: no token needed; 404 unless the organisation publishes."""
    organisation = published_organisation(session=get_session(), slug=slug)
    if organisation is None:
        raise ApiProblem(404)
    g.public_cache = True
    return public_out(public_vvt(session=get_session(), organisation=organisation, locale=current_locale()))


class PublicationOut(ApiModel):
    published: bool = Field(description="the adopted VvT and the scope are served at /publiek/<slug>/")


class PublicationIn(ApiInput):
    published: bool


def _publication(organisation: Organisation):
    tag = etag("publication", organisation.slug, int(organisation.published))
    return PublicationOut(published=organisation.published), 200, {"ETag": tag}


@bp.get("/organisations/<slug>/publication")
@api_view(Permission.MANAGE_USERS)
@spec.validate(resp=responses(PublicationOut), tags=["organisations"], operation_id="get_publication")
def get_publication(organisation: Organisation):
    """Whether the organisation publishes its adopted VvT and scope (administrators)."""
    return _publication(organisation)


@bp.put("/organisations/<slug>/publication")
@api_view(Permission.MANAGE_USERS)
@spec.validate(
    json=PublicationIn,
    resp=responses(PublicationOut, errors=CHANGE_ERRORS),
    tags=["organisations"],
    operation_id="change_publication",
)
def change_publication(organisation: Organisation, json: PublicationIn):
    """Opt in to publication or out again; If-Match must name the current state (412 otherwise, 428 without)."""
    required_revision("publication", organisation.slug, int(organisation.published))
    db = get_session()
    set_published(session=db, organisation=organisation, published=json.published, actor=token_actor())
    db.commit()
    return _publication(organisation)

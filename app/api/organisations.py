"""The organisations of the token: a token speaks for one organisation, with the user's role there."""

from __future__ import annotations

from pydantic import Field

from app.api.auth import api_shared_view, api_view, current_token
from app.api.base import bp
from app.api.conventions import ApiModel, Moment
from app.api.spec import responses, spec
from app.security import ROLE_PERMISSIONS, Permission
from core.models import Organisation


class OrganisationOut(ApiModel):
    slug: str
    name: str
    role: str
    scope: str
    permissions: list[str] = Field(description="what the role may; a read token uses only the reading ones")
    token_expires_at: Moment
    published: bool | None = Field(
        None, description="the public VvT is served (/publication); shown to administrators only"
    )


class OrganisationList(ApiModel):
    total: int
    items: list[OrganisationOut]


def organisation_out(organisation: Organisation) -> OrganisationOut:
    token = current_token()
    permissions = sorted(p.value for p in ROLE_PERMISSIONS[token.role])
    return OrganisationOut(
        slug=organisation.slug,
        name=organisation.name,
        role=token.role.value,
        scope=token.token.scope,
        permissions=permissions,
        token_expires_at=token.token.expires_at,
        published=organisation.published if Permission.MANAGE_USERS in ROLE_PERMISSIONS[token.role] else None,
    )


@bp.get("/organisations")
@api_shared_view(Permission.VIEW)
@spec.validate(resp=responses(OrganisationList), tags=["organisations"], operation_id="list_organisations")
def list_organisations():
    """The organisations of the token (one: a token is made for one organisation)."""
    return OrganisationList(total=1, items=[organisation_out(current_token().organisation)])


@bp.get("/organisations/<slug>")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(OrganisationOut), tags=["organisations"], operation_id="get_organisation")
def get_organisation(organisation: Organisation):
    """The token's organisation, with the role and what the token may do there."""
    return organisation_out(organisation)

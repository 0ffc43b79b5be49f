"""OSCAL 1.1 as a resource: the catalogue, the organisation's answers as a system security plan, or its findings
as assessment results, the same JSON `naleving oscal export` writes (reports.oscal_export)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app
from pydantic import Field, RootModel

from app.api.auth import api_view
from app.api.base import bp
from app.api.conventions import ApiInput
from app.api.problem import ApiProblem
from app.api.spec import responses, spec
from app.db import get_session
from app.security import Permission
from core.models import Organisation
from reports.oscal_export import KINDS, oscal_document


class OscalQuery(ApiInput):
    as_of: date | None = Field(
        None,
        ge=date(2000, 1, 1),
        le=date(2100, 12, 31),
        description="ssp, assessment-results: as of this day",
    )


class OscalDocument(RootModel[dict[str, Any]]):
    """An OSCAL 1.1 JSON document (catalog, system-security-plan or assessment-results)."""


@bp.get("/organisations/<slug>/oscal/<oscal_kind>")
@api_view(Permission.VIEW)
@spec.validate(query=OscalQuery, resp=responses(OscalDocument), tags=["oscal"], operation_id="export_oscal")
def export_oscal(organisation: Organisation, oscal_kind: str, query: OscalQuery):
    """The OSCAL document of this kind: catalog, ssp or assessment-results (404 for another kind)."""
    if oscal_kind not in KINDS:
        raise ApiProblem(404)
    content = oscal_document(
        session=get_session(), kind=oscal_kind, organisation_id=organisation.id, as_of=query.as_of
    )
    response = current_app.response_class(content, mimetype="application/json")
    response.headers["Cache-Control"] = "private, no-store"
    return response

"""Evidence of an answer: listed (now or as of a day), a file uploaded, a link added, and removed (marked:
the row and file stay for the history), through controls.evidence as the pages."""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import gettext as _
from pydantic import Field
from sqlmodel import select

from app.answers import evidence_problems  # noqa: F401 - words the evidence.* codes
from app.answers.helpers import evidence_root
from app.api.answers import past
from app.api.auth import api_view, token_actor
from app.api.base import bp
from app.api.conventions import ApiInput, ApiModel, Moment, etag, required_revision, resource_headers
from app.api.problem import ApiProblem
from app.api.reports import Upload
from app.api.spec import CHANGE_ERRORS, responses, spec
from app.db import get_session
from app.security import Permission
from controls.answer_models import Answer, Evidence, EvidenceRemoval
from controls.answers import answer_of
from controls.evidence import (
    add_evidence_file,
    add_evidence_link,
    answer_for_evidence,
    changeable,
    discard_file,
    evidence_by_id,
    evidence_for,
    removals_of,
    remove_evidence,
)
from controls.models import Requirement
from core.models import Organisation


class EvidenceOut(ApiModel):
    id: int
    requirement_code: str
    kind: str
    description: str
    filename: str
    content_type: str
    size: int
    sha256: str
    url: str
    added_at: Moment
    added_by_name: str
    removed_at: Moment | None
    removed_by_name: str


class EvidenceList(ApiModel):
    total: int
    items: list[EvidenceOut]


class AsOfQuery(ApiInput):
    as_of: date | None = None


class FileForm(ApiInput):
    file: Upload = Field(description="PDF, image, Office or OpenDocument file, text or CSV")
    description: str = Field("", max_length=300)


class LinkIn(ApiInput):
    url: str = Field(max_length=2000, description="an https link, e.g. to the document in the zaaksysteem")
    description: str = Field("", max_length=300)


REMOVAL_FIELDS = {"requirement_code", "removed_at", "removed_by_name"}


def _removal(evidence: Evidence) -> EvidenceRemoval | None:
    """The evidence's removal (a row of its own: evidence rows never change), if it was removed."""
    return removals_of(session=get_session(), evidence_ids=[evidence.id]).get(evidence.id)


def evidence_out(evidence: Evidence, code: str, removal: EvidenceRemoval | None = None) -> EvidenceOut:
    return EvidenceOut(
        **evidence.model_dump(include=set(EvidenceOut.model_fields) - REMOVAL_FIELDS),
        requirement_code=code,
        removed_at=removal.removed_at if removal else None,
        removed_by_name=removal.removed_by_name if removal else "",
    )


def evidence_etag(evidence: Evidence, removal: EvidenceRemoval | None = None) -> str:
    return etag("evidence", evidence.id, 1 if removal else 0)


def _requirement(code: str) -> Requirement:
    found = get_session().exec(select(Requirement).where(Requirement.code == code)).first()
    if found is None:
        raise ApiProblem(404)
    return found


@bp.get("/organisations/<slug>/answers/<code>/evidence")
@api_view(Permission.VIEW)
@spec.validate(query=AsOfQuery, resp=responses(EvidenceList), tags=["evidence"], operation_id="list_evidence")
def list_evidence(organisation: Organisation, code: str, query: AsOfQuery):
    """The evidence of the answer on a requirement, in force now or at the end of `as_of`."""
    db = get_session()
    requirement = _requirement(code)
    answer = answer_of(session=db, organisation_id=organisation.id, requirement_id=requirement.id)
    found = evidence_for(session=db, answer_id=answer.id, as_of=past(query.as_of)) if answer else []
    return EvidenceList(total=len(found), items=[evidence_out(e, code) for e in found])


def _created(organisation: Organisation, evidence: Evidence, code: str):
    tag = evidence_etag(evidence)
    headers = resource_headers(tag, 201, "api.get_evidence", slug=organisation.slug, evidence_id=evidence.id)
    return evidence_out(evidence, code), 201, headers


@bp.post("/organisations/<slug>/answers/<code>/evidence")
@api_view(Permission.EDIT)
@spec.validate(
    form=FileForm,
    resp=responses(EvidenceOut, status=201, errors=(413, 422)),
    tags=["evidence"],
    operation_id="upload_evidence",
)
def upload(organisation: Organisation, code: str, form: FileForm):
    """Upload a file as evidence of the answer (multipart/form-data); its type is checked by its content."""
    if not getattr(form.file, "filename", ""):
        raise ApiProblem(422, _("Kies een bestand of geef een link."))
    db = get_session()
    requirement = _requirement(code)
    answer = answer_for_evidence(session=db, organisation_id=organisation.id, requirement=requirement)
    stored = add_evidence_file(
        session=db,
        root=evidence_root(),
        organisation_id=organisation.id,
        answer_id=answer.id,
        filename=form.file.filename,
        stream=form.file.stream,
        max_bytes=current_app.config["EVIDENCE_MAX_BYTES"],
        actor=token_actor(),
        description=form.description,
    )
    try:
        db.commit()
    except Exception:
        db.rollback()
        discard_file(evidence_root(), stored)
        raise
    return _created(organisation, stored, code)


@bp.post("/organisations/<slug>/answers/<code>/evidence/links")
@api_view(Permission.EDIT)
@spec.validate(
    json=LinkIn,
    resp=responses(EvidenceOut, status=201, errors=(422,)),
    tags=["evidence"],
    operation_id="add_link",
)
def add_link(organisation: Organisation, code: str, json: LinkIn):
    """Add an https link as evidence of the answer."""
    db = get_session()
    requirement = _requirement(code)
    answer = answer_for_evidence(session=db, organisation_id=organisation.id, requirement=requirement)
    added = add_evidence_link(
        session=db,
        organisation_id=organisation.id,
        answer_id=answer.id,
        url=json.url,
        actor=token_actor(),
        description=json.description,
    )
    db.commit()
    return _created(organisation, added, code)


def _evidence(organisation: Organisation, evidence_id: int) -> tuple[Evidence, Requirement]:
    db = get_session()
    found = evidence_by_id(session=db, organisation_id=organisation.id, evidence_id=evidence_id)
    if found is None:
        raise ApiProblem(404)
    requirement = db.get(Requirement, db.get(Answer, found.answer_id).requirement_id)
    return found, requirement


@bp.get("/organisations/<slug>/evidence/<int:evidence_id>")
@api_view(Permission.VIEW)
@spec.validate(resp=responses(EvidenceOut), tags=["evidence"], operation_id="get_evidence")
def get_evidence(organisation: Organisation, evidence_id: int):
    found, requirement = _evidence(organisation, evidence_id)
    removal = _removal(found)
    return evidence_out(found, requirement.code, removal), 200, {"ETag": evidence_etag(found, removal)}


@bp.delete("/organisations/<slug>/evidence/<int:evidence_id>")
@api_view(Permission.EDIT)
@spec.validate(
    resp=responses(EvidenceOut, errors=(*CHANGE_ERRORS, 422)),
    tags=["evidence"],
    operation_id="remove_evidence",
)
def remove(organisation: Organisation, evidence_id: int):
    """Mark evidence removed (it stays in the history and the "as of" views); If-Match required."""
    found, requirement = _evidence(organisation, evidence_id)
    required_revision("evidence", found.id, 1 if _removal(found) else 0)
    changeable(requirement)
    db = get_session()
    remove_evidence(session=db, evidence=found, actor=token_actor())
    db.commit()
    removal = _removal(found)
    return evidence_out(found, requirement.code, removal), 200, {"ETag": evidence_etag(found, removal)}

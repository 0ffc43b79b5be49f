"""The messages sent about an incident (list, record one) and the drafts of its messages as PDF; through
incidents.register and reports.incidents, as the incident page."""

from __future__ import annotations

from typing import Literal

from flask import current_app
from pydantic import Field

from app.api.auth import api_view, token_actor
from app.api.base import bp
from app.api.conventions import ApiInput, PageQuery, etag, paged, resource_headers
from app.api.incidents import MessageIn, MessageOut, MessagePage, incident_of
from app.api.problem import ApiProblem
from app.api.spec import binary_response, responses, spec
from app.db import get_session
from app.security import Permission
from core import clock
from core.models import Organisation
from incidents.register import record_message, state_of
from reports.incidents import DraftKind, incident_draft_pdf


@bp.get("/organisations/<slug>/incidents/<int:incident_id>/messages")
@api_view(Permission.VIEW)
@spec.validate(query=PageQuery, resp=responses(MessagePage), tags=["incidents"], operation_id="list_messages")
def list_messages(organisation: Organisation, incident_id: int, query: PageQuery):
    """The messages sent about the incident, oldest first."""
    state = state_of(session=get_session(), incident=incident_of(organisation, incident_id))
    return paged(MessagePage, state.messages, query, MessageOut.model_validate)


@bp.post("/organisations/<slug>/incidents/<int:incident_id>/messages")
@api_view(Permission.EDIT)
@spec.validate(
    json=MessageIn,
    resp=responses(MessageOut, status=201, errors=(422,)),
    tags=["incidents"],
    operation_id="record_message",
)
def add_message(organisation: Organisation, incident_id: int, json: MessageIn):
    """Record a message sent (append-only: a wrong entry is corrected by a new one)."""
    db = get_session()
    head = incident_of(organisation, incident_id)
    message = record_message(
        session=db,
        incident=head,
        kind=json.kind.value,
        recipient=json.recipient.value,
        sent_at=json.sent_at,
        content=json.content,
        portal_reference=json.portal_reference,
        actor=token_actor(),
    )
    db.commit()
    tag = etag("message", message.id, 1)
    headers = resource_headers(tag, 201, "api.list_messages", slug=organisation.slug, incident_id=head.id)
    return MessageOut.model_validate(message), 201, headers


class DraftQuery(ApiInput):
    language: Literal["nl", "en"] = Field(
        "nl",
        description="the draft's language: Dutch (nl, the default) or English (en); what the register holds "
        "stays as written",
    )


@bp.get("/organisations/<slug>/incidents/<int:incident_id>/drafts/<kind>")
@api_view(Permission.VIEW)
@spec.validate(
    query=DraftQuery,
    resp=responses(None),
    tags=["incidents"],
    operation_id=binary_response("download_incident_draft", "application/pdf"),
)
def incident_draft(organisation: Organisation, incident_id: int, kind: str, query: DraftQuery):
    """The draft of a message as PDF: early-warning, notification or final (a progress report while the
    incident is still going on). Not archived: the message sent is the record."""
    head = incident_of(organisation, incident_id)
    if kind not in {k.value for k in DraftKind}:
        raise ApiProblem(404)
    content = incident_draft_pdf(
        session=get_session(),
        organisation_id=organisation.id,
        incident_id=head.id,
        kind=kind,
        generated_by=token_actor().name,
        language=query.language,
    )
    response = current_app.response_class(content, mimetype="application/pdf")
    name = f"{head.reference}-{kind}-{clock.today().isoformat()}.pdf"
    response.headers.set("Content-Disposition", "attachment", filename=name)
    response.headers["Cache-Control"] = "private, no-store"
    return response

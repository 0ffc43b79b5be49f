"""The logboek of an organisation, for its admins and auditors: filtered, paged, as a sheet, and whether the
record (the hash chain) is intact."""

from __future__ import annotations

import io
import math

from flask import Blueprint, abort, render_template, request, send_file
from flask_babel import gettext as _

from app.audit.forms import AuditFilterForm
from app.db import get_session
from app.security import Permission, organisation_view
from core import clock
from core.audit_log import (
    PAGE_SIZE,
    actors_of,
    changes_of,
    count_events,
    events_of,
    export_events,
)
from core.models import Organisation
from reports.integrity import chain_verdict

bp = Blueprint("audit", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_PAGE = 10**6  # beyond this no logboek has pages: a 404, not an overflow


def _form(organisation: Organisation) -> AuditFilterForm:
    form = AuditFilterForm(
        actors_of(session=get_session(), organisation_id=organisation.id), formdata=request.args
    )
    form.validate()
    return form


def _page() -> int:
    text = request.args.get("pagina", "1")
    if not text.isdigit() or len(text) > 7 or not 1 <= int(text) <= MAX_PAGE:
        abort(404)
    return int(text)


@bp.route("/o/<slug>/beheer/logboek")
@organisation_view(Permission.READ_AUDIT_LOG)
def log(organisation: Organisation):
    db = get_session()
    form = _form(organisation)
    criteria = form.criteria()
    page = _page()
    total = count_events(session=db, organisation_id=organisation.id, filters=criteria)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    if page > pages:
        abort(404)
    events = events_of(
        session=db, organisation_id=organisation.id, filters=criteria, offset=(page - 1) * PAGE_SIZE
    )
    arguments = {key: value for key, value in request.args.items() if key != "pagina" and value}
    verdict = chain_verdict(session=db, organisation_id=organisation.id)
    db.commit()  # the checkpoint moved on: the next view checks only what is added after it
    return render_template(
        "audit/log.html",
        organisation=organisation,
        form=form,
        events=[(event, changes_of(event)) for event in events],
        total=total,
        page=page,
        pages=pages,
        arguments=arguments,
        verdict=verdict,
    )


@bp.route("/o/<slug>/beheer/logboek.xlsx")
@organisation_view(Permission.READ_AUDIT_LOG)
def export_xlsx(organisation: Organisation):
    criteria = _form(organisation).criteria()
    events = events_of(session=get_session(), organisation_id=organisation.id, filters=criteria, limit=None)
    return send_file(
        io.BytesIO(export_events(events, translate=_)),
        mimetype=XLSX,
        as_attachment=True,
        download_name=f"logboek-{organisation.slug}-{clock.today().isoformat()}.xlsx",
        max_age=0,
    )

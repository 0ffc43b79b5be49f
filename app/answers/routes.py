"""The Statement of Applicability, a requirement with its answer, saving an answer, and its history."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from sqlmodel import select

from app.answers import problems  # noqa: F401 - problems registers the area's rule codes
from app.answers.forms import EVIDENCE_PREFIX, AnswerForm, ConfirmForm, EvidenceForm
from app.answers.helpers import (
    FIELD_GROUPS,
    FIELD_LABELS,
    STATUS_BADGES,
    current_locale,
    evidence_message,
    evidence_root,
    max_evidence_megabytes,
    requested_as_of,
    requirement_or_404,
)
from app.answers.risk_links import risk_references
from app.db import get_session
from app.login import acting_user
from app.plan.hooks import flash_held, flash_made, requirement_plan
from app.problems import show_on_form
from app.security import Permission, current_role_allows, organisation_view
from controls.answer_models import Applicability
from controls.answers import (
    answer_history,
    answer_of,
    current_revision,
    record_answer,
    revision_changes,
    revisions_of,
)
from controls.evidence import (
    EvidenceRejected,
    add_evidence_file,
    add_evidence_link,
    allowed_extensions,
    discard_file,
    evidence_for,
    removals_of,
)
from controls.labels import CATEGORY, GROUPS, KIND, name_of
from controls.models import Mapping, Requirement
from controls.rules import AnswerValues
from controls.sharing import shared_views
from controls.soa import THEMES, statement_of_applicability
from controls.worklist import FILTER_STATUSES, filter_entries
from core import clock
from core.errors import RuleError, StaleEdit
from core.models import Organisation
from risk.reading import expired_acceptance_references

bp = Blueprint("answers", __name__)


@bp.route("/o/<slug>/vvt")
@organisation_view(Permission.VIEW)
def statement(organisation: Organisation):
    as_of = requested_as_of()
    locale = current_locale()
    db = get_session()
    expired = expired_acceptance_references(
        session=db, organisation_id=organisation.id, as_of=as_of, today=clock.today()
    )
    result = statement_of_applicability(
        session=db, organisation_id=organisation.id, as_of=as_of, locale=locale, expired_risks=expired
    )
    filters = {
        "kind": request.args.get("soort") or None,
        "theme": request.args.get("thema") or None,
        "category": request.args.get("categorie") or None,
        "status": request.args.get("status") or None,
        "text": request.args.get("zoek") or None,
    }
    entries = filter_entries(result.entries, **filters)
    options = {
        "kind": KIND.choices(_),
        "theme": [(t, name_of("theme", t, _)) for t in THEMES],
        "category": CATEGORY.choices(_),
        "status": [(s, status_filter_label(s)) for s in FILTER_STATUSES],
    }
    return render_template(
        "answers/statement.html",
        organisation=organisation,
        statement=result,
        entries=entries,
        filters=filters,
        options=options,
        as_of=as_of,
        filtered=any(filters.values()),
        names={group: ValueNames(GROUPS[group].choices(_)) for group in ROW_LABEL_GROUPS},
        badges=STATUS_BADGES,
    )


# The value names a row of the statement shows, looked up once per page rather than per row and value.
ROW_LABEL_GROUPS = ("kind", "category", "status", "requirement_status", "coverage")


class ValueNames(dict):
    """Value -> name; an unknown value is shown as it is (as `label` does), so the template can subscript."""

    def __missing__(self, value: str) -> str:
        return value


def status_filter_label(value: str) -> str:
    extra = {
        "review_overdue": _("herbeoordeling verlopen"),
        "plan_overdue": _("geplande datum verstreken"),
        "withdrawn": _("vervallen eisen"),
    }
    return extra.get(value) or name_of("status", value, _)


def page_context(organisation: Organisation, requirement: Requirement, as_of: date | None) -> dict:
    """Everything the requirement page shows besides the form."""
    db = get_session()
    answer = answer_of(session=db, organisation_id=organisation.id, requirement_id=requirement.id)
    revision = current_revision(session=db, answer_id=answer.id, as_of=as_of) if answer else None
    provider = db.get(Organisation, organisation.provider_id) if organisation.provider_id else None
    evidence = evidence_for(session=db, answer_id=answer.id, as_of=as_of) if answer else []
    shared = None  # only what the provider shares: never its own answer, owner or history
    if revision is not None and revision.applicability == Applicability.INHERITED.value:
        views = shared_views(
            session=db, organisation_id=organisation.id, as_of=as_of, requirement_ids=[requirement.id]
        )
        shared = views.get(requirement.id)
    parent = db.get(Requirement, requirement.parent_id) if requirement.parent_id else None
    children = db.exec(
        select(Requirement).where(Requirement.parent_id == requirement.id).order_by(Requirement.sort_key)
    ).all()
    linked = db.exec(
        select(Requirement, Mapping)
        .join(Mapping, (Mapping.target_id == Requirement.id) | (Mapping.source_id == Requirement.id))
        .where((Mapping.source_id == requirement.id) | (Mapping.target_id == requirement.id))
        .where(Requirement.id != requirement.id)
        .order_by(Requirement.sort_key)
    ).all()
    return {
        "organisation": organisation,
        "requirement": requirement,
        "answer": answer,
        "revision": revision,
        "provider": provider,
        "shared": shared,
        "parent": parent,
        "children": children,
        "linked": linked,
        "as_of": as_of,
        "locale": current_locale(),
        "evidence": evidence,
        "removed_later": removals_of(session=db, evidence_ids=[item.id for item in evidence])
        if as_of
        else {},
        "confirm_form": ConfirmForm(),
        "evidence_form": EvidenceForm(prefix=EVIDENCE_PREFIX),
        "allowed_extensions": ", ".join(allowed_extensions()),
        "max_megabytes": max_evidence_megabytes(),
        **requirement_plan(organisation, requirement),
    }


def answer_form_for(organisation: Organisation, revision) -> AnswerForm:
    """The answer form filled from the current revision (or with defaults for a first answer)."""
    has_provider = organisation.provider_id is not None
    if revision is None:
        return AnswerForm(
            has_provider=has_provider, data={"base_revision": 0, "last_reviewed_on": clock.today()}
        )
    data = {name: getattr(revision, name) for name in AnswerValues.FIELDS}
    data.update(base_revision=revision.number, last_reviewed_on=clock.today())
    return AnswerForm(has_provider=has_provider, data=data)


def render_requirement_page(
    context: dict, form: AnswerForm | None, status: int = 200, conflict: dict | None = None
):
    editable = (
        context["as_of"] is None and context["requirement"].is_active and current_role_allows(Permission.EDIT)
    )
    return render_template(
        "answers/requirement.html", form=form if editable else None, conflict=conflict, **context
    ), status


@bp.route("/o/<slug>/eisen/<code>")
@organisation_view(Permission.VIEW)
def requirement(organisation: Organisation, code: str):
    context = page_context(organisation, requirement_or_404(code), requested_as_of())
    return render_requirement_page(context, answer_form_for(organisation, context["revision"]))


@bp.route("/o/<slug>/eisen/<code>", methods=["POST"])
@organisation_view(Permission.EDIT)
def save(organisation: Organisation, code: str):
    found = requirement_or_404(code)
    form = AnswerForm(has_provider=organisation.provider_id is not None)
    if not form.validate_on_submit():
        return render_requirement_page(page_context(organisation, found, None), form, 422)
    db = get_session()
    stored = None
    try:
        revision, stored = _record(organisation, found, form)
        db.commit()
    except StaleEdit:
        db.rollback()
        return _conflict(organisation, found, form)
    except EvidenceRejected as error:  # a RuleError too: caught first, shown on the evidence fields
        db.rollback()
        show_evidence_problem(form, error)
        return _answer_form_again(organisation, found, form)
    except RuleError as error:
        db.rollback()
        for message in show_on_form(form, error):
            flash(message, "error")
        return _answer_form_again(organisation, found, form)
    except Exception:
        db.rollback()
        if stored is not None:
            discard_file(evidence_root(), stored)
        raise
    if revision is None:
        flash_held("answer")
        return redirect(url_for("answers.requirement", slug=organisation.slug, code=found.code))
    unchanged = revision.number == form.base_revision.data and stored is None and not form.evidence_link.data
    return _saved(organisation, found, unchanged)


def _record(organisation: Organisation, found: Requirement, form: AnswerForm):
    """Record the answer (held when it needs a second person: revision None) and its evidence; (revision,
    stored evidence file). The domain makes the action the plan asks for and the answer's risk links."""
    db = get_session()
    accepted, known = risk_references(db, organisation.id)
    saved = record_answer(
        session=db,
        organisation_id=organisation.id,
        requirement_id=found.id,
        values=form.values(),
        base_revision=form.base_revision.data,
        actor=acting_user(),
        accepted_risks=accepted,
        known_risks=known,
    )
    flash_made(saved.made)
    if saved.revision is None:
        return None, None
    return saved.revision, attach_evidence(form, organisation, saved.revision.answer_id)


def _saved(organisation: Organisation, found: Requirement, unchanged: bool):
    if unchanged:
        flash(_("Niets gewijzigd."), "info")
    else:
        flash(_("Antwoord op %(code)s opgeslagen.", code=found.code), "success")
    return redirect(url_for("answers.requirement", slug=organisation.slug, code=found.code))


def _answer_form_again(organisation: Organisation, found: Requirement, form: AnswerForm):
    return render_requirement_page(page_context(organisation, found, None), form, 422)


def attach_evidence(form, organisation: Organisation, answer_id: int):
    """Store the evidence given with a form (file and/or link); returns the stored file's row, if any."""
    db = get_session()
    stored = None
    upload = form.evidence_file.data
    if upload and upload.filename:
        stored = add_evidence_file(
            session=db,
            root=evidence_root(),
            organisation_id=organisation.id,
            answer_id=answer_id,
            filename=upload.filename,
            stream=upload.stream,
            max_bytes=current_app.config["EVIDENCE_MAX_BYTES"],
            actor=acting_user(),
            description=form.evidence_description.data or "",
        )
    if form.evidence_link.data:
        try:
            add_evidence_link(
                session=db,
                organisation_id=organisation.id,
                answer_id=answer_id,
                url=form.evidence_link.data,
                actor=acting_user(),
                description=form.evidence_description.data or "",
            )
        except EvidenceRejected:
            if stored is not None:
                discard_file(evidence_root(), stored)
            raise
    return stored


def show_evidence_problem(form, error: EvidenceRejected) -> None:
    field = form.evidence_link if error.problems[0].field == "link" else form.evidence_file
    field.errors = [*field.errors, evidence_message(error)]


def _conflict(organisation: Organisation, found: Requirement, form: AnswerForm):
    """Someone saved in between: keep the user's input, show what the other save changed, and let the user
    save again (deliberately) on top of it."""
    context = page_context(organisation, found, None)
    current = context["revision"]
    revisions = revisions_of(session=get_session(), answer_id=current.answer_id) if current else []
    base = next((r for r in revisions if r.number == form.base_revision.data), None)
    conflict = {
        "current": current,
        "changes": revision_changes(base, current) if current else [],
        "between": [r for r in revisions if r.number > form.base_revision.data],
    }
    form.base_revision.data = current.number if current else 0
    form.base_revision.raw_data = [str(form.base_revision.data)]
    return render_requirement_page(context, form, 409, conflict)


@bp.route("/o/<slug>/eisen/<code>/historie")
@organisation_view(Permission.VIEW)
def history(organisation: Organisation, code: str):
    found = requirement_or_404(code)
    as_of = requested_as_of()
    db = get_session()
    answer = answer_of(session=db, organisation_id=organisation.id, requirement_id=found.id)
    events = answer_history(session=db, answer_id=answer.id, as_of=as_of) if answer else []
    return render_template(
        "answers/history.html",
        organisation=organisation,
        requirement=found,
        events=events,
        as_of=as_of,
        locale=current_locale(),
    )


@bp.app_template_global()
def value_label(group: str, value: object) -> str:
    """The name of an allowed value (applicability, status, ...) in the current language."""
    return name_of(group, value, _)


@bp.app_template_global()
def value_choices(group: str) -> list[tuple[str, str]]:
    """The allowed values of a group with their names in the current language, in their defined order."""
    return GROUPS[group].choices(_)


@bp.app_template_global()
def field_label(name: str) -> str:
    return str(FIELD_LABELS[name])


@bp.app_template_global()
def field_value(name: str, value: object) -> str:
    """A revision field's value for display."""
    if value is None or value == "":
        return "–"
    if name in FIELD_GROUPS:
        return name_of(FIELD_GROUPS[name], value, _)
    if isinstance(value, date):
        return format_date(value, "medium")
    return str(value)


@bp.app_template_global()
def status_badge(status: str) -> str:
    return STATUS_BADGES.get(status, "badge-info")

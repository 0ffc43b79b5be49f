"""One import flow for every sheet, as a page: choose a file, see every problem with its row, code or
reference and column in the user's language, or after a clean check save exactly the file just checked
("Nu opslaan", kept on the server for a short time and bound to the user). All or nothing: on a problem or a
conflict nothing is saved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.db import get_session
from app.imports.forms import ImportForm, SaveForm
from app.imports.store import Owner, keep, take
from app.imports.words import sheet_problems, stale_message
from app.login import acting_user
from app.problems import messages
from core.errors import RuleError, StaleEdit
from core.models import Organisation
from core.tabular import ImportResult, SheetSpec

MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class SheetImport:
    """What the import pages of two sheets differ in. `run(data, dry_run, filename)` imports (RuleError,
    StaleEdit); `saved(result)` answers a saved import (a message and a redirect)."""

    kind: str
    spec: SheetSpec
    template: str
    endpoint: str  # the import page
    save_endpoint: str  # where its "Nu opslaan" posts
    run: Callable[[bytes, bool, str], Any]
    saved: Callable[[Any], ResponseReturnValue]


def register_import(
    organisation: Organisation,
    kind: str,
    spec: SheetSpec,
    importer: Callable[..., ImportResult],
    *,
    area: str,
    register: str,
    after: Callable[[ImportResult], None] | None = None,
) -> SheetImport:
    """The import page of a register (risks, actions, scope) through its domain import: the area's blueprint
    `area` has its `import_file` and `save_import` views and its `<area>/import.html`; a saved import says how many
    rows were new, changed and unchanged (then `after`, for more) and shows the register (the endpoint `register`).
    The command's counterpart: app.imports.commands.register_import."""

    def run(data: bytes, dry_run: bool, _filename: str) -> ImportResult:
        return importer(
            session=get_session(),
            organisation_id=organisation.id,
            source=data,
            dry_run=dry_run,
            actor=acting_user(),
        )

    def saved(result: ImportResult) -> ResponseReturnValue:
        flash(
            _(
                "Ingelezen: %(new)s nieuw, %(changed)s gewijzigd, %(same)s ongewijzigd.",
                new=len(result.created),
                changed=len(result.updated),
                same=len(result.unchanged),
            ),
            "success",
        )
        if after is not None:
            after(result)
        return redirect(url_for(register, slug=organisation.slug))

    return SheetImport(
        kind, spec, f"{area}/import.html", f"{area}.import_file", f"{area}.save_import", run, saved
    )


def upload(organisation: Organisation, sheet: SheetImport) -> ResponseReturnValue:
    """The import page: GET shows the form, POST checks (and unless it is a dry run, saves) the file."""
    form = ImportForm()
    if not form.validate_on_submit():
        return _page(organisation, sheet, form, status=422 if form.is_submitted() else 200)
    limit = current_app.config["IMPORT_MAX_BYTES"]
    data = form.file.data.stream.read(limit + 1)
    if len(data) > limit:
        form.file.errors = [_("Het bestand is groter dan %(mb)s MB.", mb=limit // MEGABYTE)]
        return _page(organisation, sheet, form, status=413)
    filename = form.file.data.filename or "bestand.xlsx"
    return _import(organisation, sheet, data, filename, dry_run=form.dry_run.data)


def save(organisation: Organisation, sheet: SheetImport) -> ResponseReturnValue:
    """ "Nu opslaan": import the file of the user's clean dry run, once."""
    form = SaveForm()
    if not form.validate_on_submit():
        return _page(organisation, sheet, ImportForm(formdata=None), status=400)
    try:
        data, filename = take(form.token.data, owner=_owner(organisation, sheet))
    except RuleError as error:
        status = 403 if error.problems[0].code == "imports.foreign" else 410
        return _page(organisation, sheet, ImportForm(formdata=None), notice=messages(error)[0], status=status)
    return _import(organisation, sheet, data, filename, dry_run=False)


def _owner(organisation: Organisation, sheet: SheetImport) -> Owner:
    return Owner(current_user.id, organisation.id, sheet.kind)


def _import(
    organisation: Organisation, sheet: SheetImport, data: bytes, filename: str, *, dry_run: bool
) -> ResponseReturnValue:
    db = get_session()
    form = ImportForm(formdata=None)
    try:
        result = sheet.run(data, dry_run, filename)
    except RuleError as error:
        db.rollback()
        return _page(organisation, sheet, form, problems=sheet_problems(error, sheet.spec), status=422)
    except StaleEdit as error:
        db.rollback()
        return _page(organisation, sheet, form, notice=stale_message(error), status=409)
    if not dry_run:
        db.commit()
        return sheet.saved(result)
    db.rollback()
    if not result.changes:
        return _page(organisation, sheet, form, result=result)
    kept = keep(data, owner=_owner(organisation, sheet), filename=filename)
    save_form = SaveForm(formdata=None, token=kept.token)
    return _page(organisation, sheet, form, result=result, save_form=save_form, kept=kept)


def _page(
    organisation: Organisation, sheet: SheetImport, form: ImportForm, *, status: int = 200, **shown: Any
) -> ResponseReturnValue:
    context: dict[str, Any] = {
        "problems": [],
        "result": None,
        "notice": None,
        "save_form": None,
        "kept": None,
    }
    context |= shown
    return render_template(
        sheet.template,
        organisation=organisation,
        form=form,
        ref_header=sheet.spec.header(sheet.spec.ref),
        upload_url=url_for(sheet.endpoint, slug=organisation.slug),
        save_url=url_for(sheet.save_endpoint, slug=organisation.slug),
        **context,
    ), status

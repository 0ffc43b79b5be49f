"""The two forms of every import page: choose a file (and maybe only check it), and save the file just
checked."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, HiddenField, SubmitField
from wtforms.validators import DataRequired

from app.forms import BaseForm


class ImportForm(BaseForm):
    file = FileField(
        _l("Excel-bestand (.xlsx)"),
        validators=[
            FileRequired(_l("Kies een bestand.")),
            FileAllowed(["xlsx"], _l("Alleen .xlsx-bestanden.")),
        ],
    )
    dry_run = BooleanField(_l("Alleen controleren, niets opslaan"))
    submit = SubmitField(_l("Inlezen"))


class SaveForm(BaseForm):
    """Import the file of a clean dry run, kept on the server under `token`."""

    token = HiddenField(validators=[DataRequired()])
    submit = SubmitField(_l("Nu opslaan"))

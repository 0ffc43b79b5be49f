"""The forms of copying answers: the choice (a GET form: it changes nothing) and the confirmation of what the
preview showed."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from app.forms import BaseForm
from controls.labels import label

CATEGORIES = ("basishygiene", "ketenhygiene", "overheidsrisicos")
THEMES = ("5", "6", "7", "8")


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes (rendered as a fieldset by macros/forms.html)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CopyChoiceForm(BaseForm):
    class Meta:
        csrf = False

    van = SelectField(_l("Kopiëren uit"), validators=[DataRequired()])
    naar = MultiCheckboxField(_l("Naar"), validators=[DataRequired()])
    thema = SelectField(_l("Thema"), validators=[Optional()])
    categorie = SelectField(_l("Categorie"), validators=[Optional()])
    eis = StringField(
        _l("Eis"),
        validators=[Optional(), Length(max=40), Regexp(r"^[0-9A-Za-z.\-]*$")],
        description=_l("leeg: alle antwoorden van de keuze; bijvoorbeeld 5.01.01"),
    )
    submit = SubmitField(_l("Verschillen tonen"))

    def __init__(self, organisations: list[tuple[str, str]], locale: str, **kwargs):
        super().__init__(**kwargs)
        self.van.choices = organisations
        self.naar.choices = organisations
        self.thema.choices = [("", _l("alle")), *((t, label("theme", t, locale)) for t in THEMES)]
        self.categorie.choices = [("", _l("alle")), *((c, label("category", c, locale)) for c in CATEGORIES)]


class CopyConfirmForm(BaseForm):
    van = HiddenField(validators=[DataRequired(), Length(max=64)])
    naar = HiddenField(validators=[DataRequired(), Length(max=3400)])
    thema = HiddenField(validators=[Optional(), Regexp(r"^[5-8]?$")])
    categorie = HiddenField(validators=[Optional(), Length(max=40)])
    eis = HiddenField(validators=[Optional(), Length(max=40)])
    fingerprint = HiddenField(validators=[DataRequired(), Regexp(r"^[0-9a-f]{32}$")])
    submit = SubmitField(_l("Kopiëren"))

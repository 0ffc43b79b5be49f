"""The forms of the scope area. WTForms checks the shape of the input; the rules are the domain's (scope.rules)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.forms import BaseForm
from app.scope.labels import names
from scope.quickscan import QuestionSet
from scope.rules import MAX_NAME, MAX_TEXT

REQUIRED = _l("Verplicht.")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _blank_first(group: str) -> list[SelectChoice]:
    return [SelectChoice("", _l("– niet van toepassing –")), *names(group)]


class ItemForm(BaseForm):
    revision = HiddenField()
    name = StringField(_l("Naam"), validators=[DataRequired(message=REQUIRED), Length(max=MAX_NAME)])
    description = TextAreaField(_l("Omschrijving"), validators=[Optional(), Length(max=MAX_TEXT)])
    owner = StringField(
        _l("Eigenaar (lijnmanager)"),
        description=_l(
            "Het lijnmanagement is eigenaar van processen en informatiesystemen (BIO2 deel 1 §22)."
        ),
        validators=[DataRequired(message=REQUIRED), Length(max=MAX_NAME)],
    )
    information_kinds = MultiCheckboxField(
        _l("Soorten informatie (BIO2 deel 1 §26)"),
        choices=lambda: names("information_kind"),
        validators=[Optional()],
    )
    hosting = SelectField(_l("Hosting"), choices=lambda: _blank_first("hosting"), validators=[Optional()])
    jurisdiction = SelectField(
        _l("Jurisdictie moederbedrijf leverancier"),
        choices=lambda: _blank_first("jurisdiction"),
        validators=[Optional()],
    )
    in_scope = BooleanField(
        _l("Binnen de scope van het ISMS"),
        description=_l("Kritisch voor de dienstverlening (BIO2 deel 1 §6)."),
    )
    review_on = DateField(_l("Herbeoordeling op"), validators=[Optional()])
    processes = MultiCheckboxField(_l("Ondersteunt processen"), choices=[], validators=[Optional()])
    suppliers = MultiCheckboxField(_l("Leveranciers"), choices=[], validators=[Optional()])
    note = StringField(_l("Toelichting bij deze wijziging"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Opslaan"))


class LinkRiskForm(BaseForm):
    risk = SelectField(_l("Risico"), coerce=int, choices=[], validators=[InputRequired(message=REQUIRED)])
    submit = SubmitField(_l("Risico koppelen"))


class UnlinkRiskForm(BaseForm):
    submit = SubmitField(_l("Ontkoppelen"))


def field_name(question_id: str) -> str:
    return "q_" + question_id.replace(".", "__")


_FORMS: dict[str, type[FlaskForm]] = {}


def quickscan_form_class(questions: QuestionSet) -> type[FlaskForm]:
    """A form with one required laag/midden/hoog choice per question of the set (made once per version)."""
    if questions.version in _FORMS:
        return _FORMS[questions.version]
    choices = [SelectChoice(level, label) for level, label, _meaning in questions.scale]
    fields = {
        field_name(q.id): RadioField(
            q.text, choices=choices, validators=[InputRequired(message=_l("Kies laag, midden of hoog."))]
        )
        for q in questions.questions
    }
    fields["submit"] = SubmitField(_l("Quickscan vastleggen"))
    _FORMS[questions.version] = type("QuickscanForm", (FlaskForm,), fields)
    return _FORMS[questions.version]


class SupplierForm(BaseForm):
    name = StringField(_l("Naam"), validators=[DataRequired(message=REQUIRED), Length(max=MAX_NAME)])
    services = TextAreaField(_l("Diensten"), validators=[Optional(), Length(max=MAX_TEXT)])
    parent_company = StringField(_l("Moederbedrijf"), validators=[Optional(), Length(max=MAX_NAME)])
    jurisdiction = SelectField(
        _l("Jurisdictie"),
        description=_l("Onder welk recht het moederbedrijf valt (digitale soevereiniteit)."),
        choices=lambda: names("jurisdiction"),
        validators=[InputRequired(message=REQUIRED)],
    )
    contract_end = DateField(_l("Einde contract"), validators=[Optional()])
    exit_strategy = TextAreaField(_l("Exitstrategie"), validators=[Optional(), Length(max=MAX_TEXT)])
    version = HiddenField()
    submit = SubmitField(_l("Opslaan"))


class EvidenceForm(BaseForm):
    kind = SelectField(_l("Soort zekerheid"), choices=lambda: names("evidence"), validators=[InputRequired()])
    issued_on = DateField(_l("Datum"), validators=[InputRequired(message=REQUIRED)])
    expires_on = DateField(_l("Geldig tot"), validators=[Optional()])
    note = StringField(_l("Kenmerk of toelichting"), validators=[Optional(), Length(max=300)])
    submit = SubmitField(_l("Zekerheid toevoegen"))


class StatementForm(BaseForm):
    text = TextAreaField(
        _l("Reikwijdte van het ISMS"),
        description=_l(
            "Welke organisatieonderdelen, locaties, processen en systemen het ISMS omvat, en waarom."
        ),
        validators=[DataRequired(message=REQUIRED), Length(max=MAX_TEXT)],
    )
    submit = SubmitField(_l("Nieuwe versie vastleggen"))


class ExceptionForm(BaseForm):
    requirement = StringField(
        _l("Eis (code)"),
        description=_l("Het antwoord op deze eis geldt voor alle systemen, behalve dit systeem."),
        validators=[DataRequired(message=REQUIRED), Length(max=20)],
    )
    reason = StringField(_l("Reden"), validators=[DataRequired(message=REQUIRED), Length(max=500)])
    submit = SubmitField(_l("Uitzondering vastleggen"))

"""The forms of the risk area. WTForms checks the shape of the input (types, required, lengths); the rules
of a risk, a P&C moment and the matrix are the domain's (risk.rules), shown on their fields by the views."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.forms import BaseForm, PlainText
from app.risks.labels import certainty_text, names
from risk.capacity import CERTAINTIES
from risk.filters import ACTIVE, ALL
from risk.matrix import MAX_LABEL, Matrix
from risk.models import PROBABILITY_CLASSES, SCALE
from risk.rules import MAX_NAME, MAX_TEXT

CODE_SEPARATORS = re.compile(r"[\s,;]+")
REQUIRED = _l("Verplicht.")
CHOOSE = _l("Kies of vul een waarde in.")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


def split_codes(text: str | None) -> tuple[str, ...]:
    return tuple(code for code in CODE_SEPARATORS.split(text or "") if code)


def scale_choices(scale_labels) -> list[SelectChoice]:
    return [SelectChoice("", _l("– kies –"))] + [
        SelectChoice(number, f"{number} – {label}") for number, label in zip(SCALE, scale_labels, strict=True)
    ]


class RiskForm(BaseForm):
    revision = HiddenField()
    title = StringField(
        _l("Titel"), validators=[DataRequired(message=REQUIRED), Length(max=MAX_NAME), PlainText()]
    )
    owner = StringField(
        _l("Eigenaar"),
        description=_l("Wie het risico beheert (functie of naam)."),
        validators=[DataRequired(message=REQUIRED), Length(max=MAX_NAME), PlainText()],
    )
    description = TextAreaField(_l("Omschrijving"), validators=[Optional(), Length(max=MAX_TEXT)])
    cause = TextAreaField(_l("Oorzaak"), validators=[Optional(), Length(max=MAX_TEXT)])
    consequence = TextAreaField(_l("Gevolg"), validators=[Optional(), Length(max=MAX_TEXT)])
    aspects = MultiCheckboxField(
        _l("Aspecten"),
        choices=lambda: names("aspect"),
        validators=[Optional()],
    )
    impact_areas = MultiCheckboxField(
        _l("Impactgebieden (BIO2)"),
        choices=lambda: names("impact_area"),
        validators=[Optional()],
    )
    inherent_likelihood = SelectField(
        _l("Kans inherent"), coerce=optional_int, validators=[InputRequired(message=CHOOSE)]
    )
    inherent_impact = SelectField(
        _l("Impact inherent"), coerce=optional_int, validators=[InputRequired(message=CHOOSE)]
    )
    treatment = RadioField(
        _l("Behandeling"),
        choices=lambda: names("treatment"),
        validators=[InputRequired(message=CHOOSE)],
    )
    residual_likelihood = SelectField(
        _l("Kans rest"),
        coerce=optional_int,
        description=_l("Na de maatregelen; niet hoger dan inherent."),
        validators=[InputRequired(message=CHOOSE)],
    )
    residual_impact = SelectField(
        _l("Impact rest"), coerce=optional_int, validators=[InputRequired(message=CHOOSE)]
    )
    status = SelectField(
        _l("Status"),
        choices=lambda: names("status"),
        validators=[InputRequired(message=CHOOSE)],
    )
    requirement_codes = StringField(
        _l("Maatregelen (eisen)"),
        description=_l(
            "Codes uit de catalogus die het risico beperken, gescheiden door komma's, bv. 5.15, 8.07.01."
        ),
        validators=[Optional(), Length(max=2000)],
    )
    accepted_by = StringField(
        _l("Geaccepteerd door"),
        description=_l("Alleen bij accepteren: wie het risico tijdelijk accepteerde."),
        validators=[Optional(), Length(max=MAX_NAME), PlainText()],
    )
    accepted_on = DateField(_l("Geaccepteerd op"), validators=[Optional()])
    acceptance_expires_on = DateField(
        _l("Acceptatie verloopt op"),
        description=_l("Acceptatie is altijd tijdelijk (BIO2)."),
        validators=[Optional()],
    )
    review_on = DateField(_l("Herbeoordeling op"), validators=[Optional()])
    probability = SelectField(
        _l("Kansklasse P&C"),
        coerce=optional_int,
        choices=[SelectChoice("", _l("geen financiële inschatting"))]
        + [SelectChoice(p, f"{p}%") for p in PROBABILITY_CLASSES],
        validators=[Optional()],
    )
    impact_minimum = IntegerField(
        _l("Financieel minimum (€)"),
        validators=[Optional()],
    )
    impact_most_likely = IntegerField(
        _l("Financieel meest waarschijnlijk (€)"),
        validators=[Optional()],
    )
    impact_maximum = IntegerField(
        _l("Financieel maximum (€)"),
        validators=[Optional()],
    )
    note = StringField(
        _l("Toelichting bij deze wijziging"),
        description=_l("Komt in de geschiedenis van het risico."),
        validators=[Optional(), Length(max=500)],
    )
    submit = SubmitField(_l("Opslaan"))

    def set_scales(self, matrix: Matrix) -> None:
        for name in ("inherent_likelihood", "residual_likelihood"):
            self[name].choices = scale_choices(matrix.likelihood_labels)
        for name in ("inherent_impact", "residual_impact"):
            self[name].choices = scale_choices(matrix.impact_labels)


class RegisterFilterForm(BaseForm):
    """The register's filters: a GET form without CSRF (it changes nothing)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Zoeken"), validators=[Optional(), Length(max=100)])
    status = SelectField(
        _l("Status"),
        choices=lambda: [
            SelectChoice(ACTIVE, _l("alle actieve")),
            SelectChoice(ALL, _l("alle, ook gesloten")),
            *names("status"),
        ],
        default=ACTIVE,
        validators=[Optional()],
    )
    behandeling = SelectField(
        _l("Behandeling"),
        choices=lambda: [SelectChoice("", _l("alle")), *names("treatment")],
        validators=[Optional()],
    )
    niveau = SelectField(
        _l("Restniveau"),
        choices=lambda: [SelectChoice("", _l("alle")), *names("level")],
        validators=[Optional()],
    )
    peildatum = DateField(_l("Stand per"), validators=[Optional()])
    soort = HiddenField(validators=[Optional()])
    kans = HiddenField(validators=[Optional()])
    impact = HiddenField(validators=[Optional()])
    verlopen = HiddenField(validators=[Optional()])
    boven = HiddenField(validators=[Optional()])
    eis = HiddenField(validators=[Optional()])
    submit = SubmitField(_l("Filteren"), render_kw={"name": ""})


class AsOfForm(BaseForm):
    class Meta:
        csrf = False

    peildatum = DateField(_l("Stand per"), validators=[Optional()])
    submit = SubmitField(_l("Tonen"), render_kw={"name": ""})


def matrix_form(matrix: Matrix) -> BaseForm:
    """A form with a field per label and per cell, filled from `matrix` (the fields are made per request)."""

    level_choices = names("level")

    class MatrixForm(BaseForm):
        appetite = SelectField(
            _l("Risicobereidheid"),
            description=_l("Het hoogste restniveau dat de organisatie aanvaardt zonder verdere maatregelen."),
            choices=level_choices,
            default=matrix.appetite.value,
            validators=[InputRequired(message=CHOOSE)],
        )
        certainty = SelectField(
            _l("Zekerheid weerstandsvermogen"),
            description=_l("Het percentage scenario's dat de benodigde weerstandscapaciteit moet dekken."),
            coerce=float,
            choices=[SelectChoice(c, certainty_text(c)) for c in CERTAINTIES],
            default=matrix.certainty,
            validators=[InputRequired(message=CHOOSE)],
        )
        impact_convention = SelectField(
            _l("Financieel gevolg van een risico"),
            description=_l(
                "Welk bedrag een risico kost als het zich voordoet, in de simulatie en de risicotabel. "
                "De keuze verandert de benodigde capaciteit ongeveer met een factor twee en staat bij elk cijfer."
            ),
            choices=names("convention"),
            default=matrix.impact_convention,
            validators=[InputRequired(message=CHOOSE)],
        )
        submit = SubmitField(_l("Opslaan"))
        reset = SubmitField(_l("Standaardmatrix herstellen"))

    for number in SCALE:
        setattr(
            MatrixForm,
            f"likelihood_{number}",
            StringField(
                _l("Kans %(n)s", n=number),
                default=matrix.likelihood_labels[number - 1],
                validators=[DataRequired(message=REQUIRED), Length(max=MAX_LABEL), PlainText()],
            ),
        )
        setattr(
            MatrixForm,
            f"impact_{number}",
            StringField(
                _l("Impact %(n)s", n=number),
                default=matrix.impact_labels[number - 1],
                validators=[DataRequired(message=REQUIRED), Length(max=MAX_LABEL), PlainText()],
            ),
        )
        for impact in SCALE:
            setattr(
                MatrixForm,
                f"cell_{number}_{impact}",
                SelectField(
                    _l("Kans %(l)s, impact %(i)s", l=number, i=impact),
                    choices=level_choices,
                    default=matrix.level(number, impact).value,
                    validators=[InputRequired(message=CHOOSE)],
                ),
            )
    return MatrixForm()


class MomentForm(BaseForm):
    kind = SelectField(
        _l("Document"),
        choices=lambda: names("moment"),
        validators=[InputRequired(message=CHOOSE)],
    )
    year = IntegerField(
        _l("Jaar"),
        description=_l("Het begrotingsjaar waar het document over gaat."),
        validators=[InputRequired(message=CHOOSE)],
    )
    moment_on = DateField(_l("Peildatum"), validators=[InputRequired(message=CHOOSE)])
    available_capacity = IntegerField(
        _l("Beschikbare weerstandscapaciteit (€)"),
        description=_l("Uit de paragraaf weerstandsvermogen van het document, in hele euro's."),
        validators=[InputRequired(message=CHOOSE)],
    )
    note = StringField(_l("Toelichting"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Opslaan"))


class BudgetFiguresForm(BaseForm):
    available_capacity = IntegerField(
        _l("Beschikbare weerstandscapaciteit (€)"),
        description=_l("Zoals de begroting haar vaststelt, in hele euro's."),
        validators=[InputRequired(message=CHOOSE)],
    )
    other_required_capacity = IntegerField(
        _l("Benodigde weerstandscapaciteit van de overige risico's (€)"),
        description=_l(
            "Van alle risico's van de gemeente behalve de informatiebeveiligingsrisico's, zoals de simulatie "
            "van de begroting het bedrag geeft."
        ),
        validators=[InputRequired(message=CHOOSE)],
    )
    certainty = SelectField(
        _l("Zekerheid van die simulatie"),
        coerce=float,
        choices=[SelectChoice(c, certainty_text(c)) for c in CERTAINTIES],
        default=0.90,
        validators=[InputRequired(message=CHOOSE)],
    )
    source = StringField(
        _l("Bron"),
        description=_l("Bijvoorbeeld: Programmabegroting 2027, paragraaf weerstandsvermogen, blz. 112."),
        validators=[Optional(), Length(max=300)],
    )
    submit = SubmitField(_l("Cijfers vastleggen"))


class SnapshotForm(BaseForm):
    submit = SubmitField(_l("Momentopname maken"))


class CompareForm(BaseForm):
    class Meta:
        csrf = False

    van = SelectField(_l("Van"), coerce=int, validators=[InputRequired(message=CHOOSE)])
    naar = SelectField(_l("Naar"), coerce=int, validators=[InputRequired(message=CHOOSE)])
    submit = SubmitField(_l("Vergelijken"), render_kw={"name": ""})

    def validate_naar(self, field):
        if field.data == self.van.data:
            raise ValidationError(_l("Kies twee verschillende momenten."))

"""The forms of the plan area. WTForms checks the shape of the input; the rules are the domain's (plan.*)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.forms import BaseForm
from plan.actions import MAX_NAME, MAX_TEXT, MAX_TITLE
from plan.models import DecisionKind

NO_USER = ""


class ActionForm(BaseForm):
    revision = HiddenField()
    title = StringField(_l("Titel"), validators=[DataRequired(_l("Verplicht.")), Length(max=MAX_TITLE)])
    description = TextAreaField(_l("Omschrijving"), validators=[Optional(), Length(max=MAX_TEXT)])
    owner_id = SelectField(_l("Eigenaar (gebruiker)"), choices=[], validate_choice=False)
    owner_name = StringField(
        _l("Of: naam van de eigenaar"),
        validators=[Optional(), Length(max=MAX_NAME)],
        description=_l("Een persoon zonder account, bijvoorbeeld een leverancier of een teamleider."),
    )
    due_on = DateField(_l("Streefdatum"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=[])
    effort_hours = IntegerField(_l("Inspanning (uren)"), validators=[Optional(), NumberRange(min=0)])
    cost_euros = IntegerField(_l("Kosten (euro)"), validators=[Optional(), NumberRange(min=0)])
    requirement_codes = StringField(
        _l("Eisen"),
        validators=[Optional(), Length(max=500)],
        description=_l("Codes, bijvoorbeeld 5.01.01, 8.07"),
    )
    risk_references = StringField(
        _l("Risico's"),
        validators=[Optional(), Length(max=500)],
        description=_l("Referenties, bijvoorbeeld R-001"),
    )
    note = StringField(_l("Toelichting bij deze wijziging"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Opslaan"))


class DecisionForm(BaseForm):
    reason = TextAreaField(_l("Reden"), validators=[Optional(), Length(max=2000)])
    approve = SubmitField(_l("Goedkeuren"))
    reject = SubmitField(_l("Afwijzen"))


class PolicyForm(BaseForm):
    not_applicable = BooleanField(_l("Niet van toepassing op een maatregel of wettelijke plicht"))
    risk_acceptance = BooleanField(_l("Acceptatie van een risico"))
    soa_adoption = BooleanField(_l("Vaststelling van de VvT"))
    submit = SubmitField(_l("Opslaan"))

    KINDS = (DecisionKind.NOT_APPLICABLE, DecisionKind.RISK_ACCEPTANCE, DecisionKind.SOA_ADOPTION)


class AdoptionForm(BaseForm):
    body = StringField(
        _l("Vastgesteld door"),
        validators=[DataRequired(_l("Verplicht.")), Length(max=200)],
        description=_l("Bijvoorbeeld: college van B&W"),
    )
    adopted_on = DateField(_l("Datum van vaststelling"), validators=[InputRequired(_l("Verplicht."))])
    submit = SubmitField(_l("Voorleggen ter vaststelling"))


class FindingForm(BaseForm):
    title = StringField(_l("Titel"), validators=[DataRequired(_l("Verplicht.")), Length(max=200)])
    requirement_code = StringField(
        _l("Eis"),
        validators=[Optional(), Length(max=20)],
        description=_l("Een code uit de catalogus; leeg: het ISMS als geheel."),
    )
    severity = SelectField(_l("Ernst"), choices=[])
    description = TextAreaField(_l("Bevinding"), validators=[Optional(), Length(max=10000)])
    evidence_examined = TextAreaField(_l("Bekeken bewijs"), validators=[Optional(), Length(max=10000)])
    reference_date = DateField(_l("Peildatum"), validators=[InputRequired(_l("Verplicht."))])
    submit = SubmitField(_l("Bevinding vastleggen"))


class ResponseForm(BaseForm):
    response = TextAreaField(
        _l("Reactie van de CISO"), validators=[DataRequired(_l("Verplicht.")), Length(max=10000)]
    )
    submit = SubmitField(_l("Reactie opslaan"))


class LinkActionForm(BaseForm):
    action_reference = StringField(
        _l("Bestaande actie (referentie)"), validators=[DataRequired(_l("Verplicht."))]
    )
    submit = SubmitField(_l("Koppelen"))


class ReminderForm(BaseForm):
    enabled = BooleanField(_l("Stuur mij elke dag één herinneringsmail"))
    submit = SubmitField(_l("Opslaan"))


class ConfirmForm(BaseForm):
    submit = SubmitField(_l("Acties aanmaken"))

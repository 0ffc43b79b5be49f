from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import AnyOf, DataRequired, Email, Length, NumberRange, Optional, Regexp

from app.forms import BaseForm, PlainText
from app.i18n import role_choices
from core.passwords import MIN_LENGTH


class MemberForm(BaseForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Naam"), validators=[Optional(), Length(max=200), PlainText()])
    role = SelectField(_l("Rol"), choices=role_choices, validators=[DataRequired()])
    password = PasswordField(
        _l("Eerste wachtwoord"),
        description=_l("Alleen voor een nieuwe gebruiker; minstens 12 tekens."),
        validators=[Optional(), Length(min=MIN_LENGTH, max=1024)],
    )
    submit = SubmitField(_l("Toevoegen"))


class RoleForm(BaseForm):
    role = SelectField(_l("Rol"), choices=role_choices, validators=[DataRequired()])
    submit = SubmitField(_l("Rol wijzigen"))


class ConfirmForm(BaseForm):
    submit = SubmitField(_l("Bevestigen"))


class ActivationForm(BaseForm):
    """Switch a user off or on again: `active` says which, so a second click does not undo the first."""

    active = HiddenField(validators=[AnyOf(["0", "1"])])


class OrganisationSettingsForm(BaseForm):
    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=200), PlainText()])
    provider = SelectField(_l("Leverancier (shared service)"), coerce=int, validators=[Optional()])
    review_interval_months = IntegerField(
        _l("Herbeoordeling na (maanden)"), validators=[DataRequired(), NumberRange(min=1, max=36)]
    )
    submit = SubmitField(_l("Opslaan"))


class NewOrganisationForm(BaseForm):
    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=200), PlainText()])
    slug = StringField(
        _l("Korte naam (in adressen)"),
        validators=[
            DataRequired(),
            Regexp(r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$", message=_l("Kleine letters, cijfers en streepjes.")),
        ],
    )
    submit = SubmitField(_l("Organisatie aanmaken"))

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Email, Length, NumberRange, Optional, Regexp

from app.i18n import role_choices
from core.passwords import MIN_LENGTH


class MemberForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Naam"), validators=[Optional(), Length(max=200)])
    role = SelectField(_l("Rol"), choices=role_choices, validators=[DataRequired()])
    password = PasswordField(
        _l("Eerste wachtwoord"),
        description=_l("Alleen voor een nieuwe gebruiker; minstens 12 tekens."),
        validators=[Optional(), Length(min=MIN_LENGTH, max=1024)],
    )
    submit = SubmitField(_l("Toevoegen"))


class RoleForm(FlaskForm):
    role = SelectField(_l("Rol"), choices=role_choices, validators=[DataRequired()])
    submit = SubmitField(_l("Rol wijzigen"))


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("Bevestigen"))


class ActivationForm(FlaskForm):
    """Switch a user off or on again: `active` says which, so a second click does not undo the first."""

    active = HiddenField(validators=[AnyOf(["0", "1"])])


class OrganisationSettingsForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=200)])
    provider = SelectField(_l("Leverancier (shared service)"), coerce=int, validators=[Optional()])
    review_interval_months = IntegerField(
        _l("Herbeoordeling na (maanden)"), validators=[DataRequired(), NumberRange(min=1, max=36)]
    )
    submit = SubmitField(_l("Opslaan"))


class NewOrganisationForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(
        _l("Korte naam (in adressen)"),
        validators=[
            DataRequired(),
            Regexp(r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$", message=_l("Kleine letters, cijfers en streepjes.")),
        ],
    )
    submit = SubmitField(_l("Organisatie aanmaken"))


class MailDomainsForm(FlaskForm):
    mail_domains = TextAreaField(
        _l("Toegestane maildomeinen"),
        validators=[Length(max=2000)],
        description=_l(
            "Eén domein per regel, bv. voorbeeld.nl. Geplande rapporten gaan alleen naar adressen in deze "
            "domeinen. Leeg: de domeinen van de gebruikers van deze organisatie."
        ),
    )
    submit_domains = SubmitField(_l("Maildomeinen opslaan"))

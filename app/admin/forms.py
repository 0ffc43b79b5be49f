from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Email, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from app.forms import BaseForm, PlainText
from app.i18n import role_choices
from core.accounts import PLAN_HORIZON_YEARS


class MemberForm(BaseForm):
    """Invite an address with a role: the invitee sets their own password, or accepts with their account."""

    email = EmailField(_l("E-mailadres"), validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(_l("Rol"), choices=role_choices, validators=[DataRequired()])
    submit = SubmitField(_l("Uitnodigen"))


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes (rendered as a fieldset by macros/forms.html)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class MfaRolesForm(BaseForm):
    roles = MultiCheckboxField(
        _l("Rollen die tweestapsverificatie moeten gebruiken"),
        choices=role_choices,
        validators=[Optional()],
    )
    password_login = BooleanField(
        _l("Inloggen met wachtwoord toestaan"),
        description=_l(
            "Uit: leden melden zich alleen aan met het account van de organisatie (single sign-on)."
        ),
    )
    submit = SubmitField(_l("Opslaan"))


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
    plan_horizon_years = IntegerField(
        _l("Planhorizon (jaren)"),
        validators=[DataRequired(), NumberRange(min=PLAN_HORIZON_YEARS[0], max=PLAN_HORIZON_YEARS[1])],
        description=_l("Een geplande datum van een antwoord ligt hooguit zoveel jaar vooruit."),
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


class PublicationForm(BaseForm):
    published = BooleanField(
        _l("De vastgestelde VvT en de reikwijdte openbaar maken"),
        description=_l(
            "Aan: iedereen ziet zonder inloggen de laatst vastgestelde versie (eis, toepasselijkheid, status en "
            "de publieke toelichting) en de reikwijdte. Nooit: bewijs, eigenaren, risico's, bevindingen of de "
            "interne toelichting."
        ),
    )
    submit_publication = SubmitField(_l("Publicatie opslaan"))


class MailDomainsForm(BaseForm):
    mail_domains = TextAreaField(
        _l("Toegestane maildomeinen"),
        validators=[Length(max=2000)],
        description=_l(
            "Eén domein per regel, bv. voorbeeld.nl. Geplande rapporten gaan alleen naar adressen in deze "
            "domeinen. Leeg: de domeinen van de gebruikers van deze organisatie."
        ),
    )
    submit_domains = SubmitField(_l("Maildomeinen opslaan"))

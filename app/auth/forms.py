from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from app.forms import BaseForm
from core.passwords import MIN_LENGTH

NEW_PASSWORD_HINT = _l(
    "Minstens 12 tekens; een zin van een paar woorden is goed. Niet uw e-mailadres of naam, en geen bekend "
    "veelgebruikt wachtwoord."
)


class LoginForm(BaseForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Wachtwoord"), validators=[DataRequired(), Length(max=1024)])
    submit = SubmitField(_l("Inloggen"))


class CodeForm(BaseForm):
    code = StringField(
        _l("Code uit uw app"),
        validators=[DataRequired(), Length(max=12)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )
    submit = SubmitField(_l("Bevestigen"))


class RecoveryForm(BaseForm):
    code = StringField(_l("Herstelcode"), validators=[DataRequired(), Length(max=20)])
    submit = SubmitField(_l("Herstelcode gebruiken"))


class PasswordChangeForm(BaseForm):
    current = PasswordField(_l("Huidig wachtwoord"), validators=[DataRequired(), Length(max=1024)])
    new = PasswordField(
        _l("Nieuw wachtwoord"),
        description=NEW_PASSWORD_HINT,
        validators=[DataRequired(), Length(min=MIN_LENGTH, max=1024)],
    )
    repeat = PasswordField(
        _l("Herhaal nieuw wachtwoord"),
        validators=[DataRequired(), EqualTo("new", message=_l("De wachtwoorden zijn niet gelijk."))],
    )
    submit = SubmitField(_l("Wachtwoord wijzigen"))


class NewAccountForm(BaseForm):
    """Accepting an invitation to an address that has no account yet."""

    name = StringField(_l("Uw naam"), validators=[Optional(), Length(max=200)])
    password = PasswordField(
        _l("Kies een wachtwoord"),
        description=NEW_PASSWORD_HINT,
        validators=[DataRequired(), Length(min=MIN_LENGTH, max=1024)],
    )
    repeat = PasswordField(
        _l("Herhaal het wachtwoord"),
        validators=[DataRequired(), EqualTo("password", message=_l("De wachtwoorden zijn niet gelijk."))],
    )
    submit = SubmitField(_l("Account aanmaken"))


class LogoutForm(BaseForm):
    submit = SubmitField(_l("Uitloggen"))


class ConfirmForm(BaseForm):
    submit = SubmitField(_l("Bevestigen"))

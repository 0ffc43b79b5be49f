from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from app.forms import BaseForm
from core.passwords import MIN_LENGTH


class LoginForm(BaseForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Wachtwoord"), validators=[DataRequired(), Length(max=1024)])
    submit = SubmitField(_l("Inloggen"))


class PasswordChangeForm(BaseForm):
    current = PasswordField(_l("Huidig wachtwoord"), validators=[DataRequired(), Length(max=1024)])
    new = PasswordField(_l("Nieuw wachtwoord"), validators=[DataRequired(), Length(min=MIN_LENGTH, max=1024)])
    repeat = PasswordField(
        _l("Herhaal nieuw wachtwoord"),
        validators=[DataRequired(), EqualTo("new", message=_l("De wachtwoorden zijn niet gelijk."))],
    )
    submit = SubmitField(_l("Wachtwoord wijzigen"))


class LogoutForm(BaseForm):
    submit = SubmitField(_l("Uitloggen"))

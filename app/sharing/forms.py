"""The form of one shared service: the text the provider shares, or withdrawing the offer."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional, Regexp

from app.forms import BaseForm
from controls.sharing import MAX_SHARED_TEXT


class OfferForm(BaseForm):
    base_revision = HiddenField(default="0", validators=[Regexp(r"^\d{1,9}$")])  # the offer loaded
    shared_text = TextAreaField(
        _l("Tekst voor de afnemers"),
        description=_l(
            "Alleen deze tekst, uw status en de datum van uw beoordeling ziet een afnemer die deze eis "
            "overneemt; uw eigen toelichting, eigenaar en historie niet."
        ),
        validators=[Optional(), Length(max=MAX_SHARED_TEXT)],
    )
    submit = SubmitField(_l("Delen"))
    withdraw = SubmitField(_l("Niet meer delen"))

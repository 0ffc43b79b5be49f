"""The logboek's filters: a GET form without CSRF (it changes nothing)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional

from app.forms import BaseForm
from core.audit_log import KINDS, AuditFilter


class AuditFilterForm(BaseForm):
    class Meta:
        csrf = False

    van = DateField(_l("Van"), validators=[Optional()])
    tot = DateField(_l("Tot en met"), validators=[Optional()])
    door = SelectField(_l("Door"), choices=[], validate_choice=False, validators=[Optional()])
    soort = SelectField(_l("Soort"), validators=[Optional()])
    betreft = StringField(
        _l("Eis of risico"),
        validators=[Optional(), Length(max=40)],
        description=_l("bijvoorbeeld 5.01.01 of R-003"),
    )
    submit = SubmitField(_l("Filteren"), render_kw={"name": ""})

    def __init__(self, actors: list[tuple[int, str]], **kwargs):
        super().__init__(**kwargs)
        self.door.choices = [("", _("iedereen")), *((str(actor_id), name) for actor_id, name in actors)]
        self.soort.choices = [("", _("alle")), *((key, _(KINDS[key])) for key in KINDS)]

    def criteria(self) -> AuditFilter:
        """The filter from the valid fields (an invalid one is shown with its error and ignored)."""

        def valid(field):
            return field.data if not field.errors else None

        actor = valid(self.door) or ""
        kind = valid(self.soort) or None
        return AuditFilter(
            since=valid(self.van),
            until=valid(self.tot),
            actor_id=int(actor) if actor.isdigit() and len(actor) < 10 else None,
            kind=kind if kind in KINDS else None,
            subject=(valid(self.betreft) or "").strip(),
        )

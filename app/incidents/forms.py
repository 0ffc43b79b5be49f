"""The forms of the incident register. Moments are entered in local (Amsterdam) time and stored in UTC; the
rules of an incident are the domain's (incidents.rules), shown on their fields by the views."""

from __future__ import annotations

import re
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    HiddenField,
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
from core import clock
from incidents.labels import MESSAGE_KIND, RECIPIENT, STATUS
from incidents.models import IncidentStatus, Recipient
from incidents.rules import MAX_TITLE, IncidentData
from incidents.thresholds import thresholds

REQUIRED = _l("Verplicht.")
SEPARATORS = re.compile(r"[\s,;]+")
MOMENT = "%Y-%m-%dT%H:%M"


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def local_moment(value: datetime | None) -> datetime | None:
    """A moment typed in local time, as an aware datetime (Europe/Amsterdam)."""
    return None if value is None else value.replace(tzinfo=clock.LOCAL_ZONE)


def shown_moment(value: datetime | None) -> datetime | None:
    """A stored moment as the naive local time a datetime-local input shows."""
    return None if value is None else clock.to_local(value).replace(tzinfo=None)


def tristate(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def tristate_of(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


UNKNOWN_YES_NO = [
    SelectChoice("", _l("nog onbekend")),
    SelectChoice("yes", _l("ja")),
    SelectChoice("no", _l("nee")),
]


class IncidentForm(BaseForm):
    revision = HiddenField()
    title = StringField(_l("Titel"), validators=[DataRequired(REQUIRED), Length(max=MAX_TITLE)])
    description = TextAreaField(_l("Wat is er gebeurd"))
    affected = TextAreaField(_l("Getroffen processen, systemen en diensten"))
    aware_at = DateTimeLocalField(
        _l("Moment van kennisname"),
        format=MOMENT,
        validators=[InputRequired(REQUIRED)],
        description=_l("Lokale tijd. Alle termijnen lopen vanaf dit moment."),
    )
    occurred_at = DateTimeLocalField(_l("Begonnen op"), format=MOMENT, validators=[Optional()])
    thresholds = MultiCheckboxField(_l("Drempels (Cbw art. 25 lid 2)"), choices=[])
    significant = BooleanField(
        _l("Significant incident"),
        description=_l("Een bereikte drempel maakt het incident altijd significant."),
    )
    significance_reason = TextAreaField(_l("Toelichting op de beoordeling"))
    suspected_malicious = SelectField(_l("Vermoedelijk kwaadwillig"), choices=UNKNOWN_YES_NO)
    cross_border = SelectField(_l("Mogelijk grensoverschrijdend"), choices=UNKNOWN_YES_NO)
    assessment = TextAreaField(_l("Ernst en gevolgen (eerste beoordeling)"))
    indicators = TextAreaField(_l("Indicatoren van compromittering"))
    root_cause = TextAreaField(_l("Soort dreiging of grondoorzaak"))
    mitigation = TextAreaField(_l("Genomen en lopende maatregelen"))
    status = SelectField(_l("Stand"), choices=[])
    handled_at = DateTimeLocalField(_l("Afgehandeld op"), format=MOMENT, validators=[Optional()])
    lessons = TextAreaField(_l("Lessen"))
    risk_references = StringField(
        _l("Gekoppelde risico's"), description=_l("Referenties uit het risicoregister, bijvoorbeeld R-014.")
    )
    note = StringField(_l("Notitie bij deze wijziging"), validators=[Length(max=500)])
    submit = SubmitField(_l("Opslaan"))

    def __init__(self, *args, locale: str = "nl", **kwargs):
        super().__init__(*args, **kwargs)
        self.thresholds.choices = [SelectChoice(t.code, t.title(locale)) for t in thresholds()]
        self.status.choices = [SelectChoice(v, t) for v, t in STATUS.choices(_)]

    def fill(self, data: IncidentData, revision: int) -> None:
        self.revision.data = str(revision)
        for name in ("title", *IncidentData.TEXTS, "status", "significant"):
            getattr(self, name).data = getattr(data, name)
        self.thresholds.data = list(data.thresholds)
        for name in ("aware_at", "occurred_at", "handled_at"):
            getattr(self, name).data = shown_moment(getattr(data, name))
        self.suspected_malicious.data = tristate_of(data.suspected_malicious)
        self.cross_border.data = tristate_of(data.cross_border)
        self.risk_references.data = " ".join(data.references("risk"))

    def data_of(self) -> IncidentData:
        texts = {name: getattr(self, name).data or "" for name in IncidentData.TEXTS}
        return IncidentData(
            title=self.title.data or "",
            aware_at=local_moment(self.aware_at.data) or clock.now(),
            occurred_at=local_moment(self.occurred_at.data),
            handled_at=local_moment(self.handled_at.data),
            significant=bool(self.significant.data),
            thresholds=tuple(self.thresholds.data or ()),
            suspected_malicious=tristate(self.suspected_malicious.data),
            cross_border=tristate(self.cross_border.data),
            status=self.status.data or IncidentStatus.ONGOING.value,
            links=tuple(f"risk:{r}" for r in SEPARATORS.split(self.risk_references.data or "") if r),
            **texts,
        )


class MessageForm(BaseForm):
    kind = SelectField(_l("Bericht"), choices=[])
    recipient = SelectField(_l("Aan"), choices=[])
    sent_at = DateTimeLocalField(
        _l("Verzonden op"),
        format=MOMENT,
        validators=[InputRequired(REQUIRED)],
        description=_l("Lokale tijd."),
    )
    portal_reference = StringField(_l("Kenmerk (meldportaal)"), validators=[Length(max=100)])
    content = TextAreaField(_l("Wat is verzonden"))
    submit = SubmitField(_l("Bericht vastleggen"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice(v, t) for v, t in MESSAGE_KIND.choices(_)]
        self.recipient.choices = [
            (r.value, RECIPIENT.of(r, _)) for r in (Recipient.BOTH, Recipient.CSIRT, Recipient.AUTHORITY)
        ]


class BoardMemberForm(BaseForm):
    name = StringField(_l("Naam"), validators=[DataRequired(REQUIRED), Length(max=200)])
    position = StringField(_l("Functie"), validators=[Length(max=200)])
    joined_on = DateField(_l("In functie sinds"), validators=[InputRequired(REQUIRED)])
    submit = SubmitField(_l("Bestuurder toevoegen"))


class TrainingForm(BaseForm):
    member = SelectField(_l("Bestuurder"), coerce=int, choices=[])
    course = StringField(_l("Opleiding"), validators=[DataRequired(REQUIRED), Length(max=200)])
    trained_on = DateField(_l("Gevolgd op"), validators=[InputRequired(REQUIRED)])
    certificate_on = DateField(_l("Certificaat behaald op"), validators=[Optional()])
    certificate_valid_until = DateField(_l("Certificaat geldig tot"), validators=[Optional()])
    submit = SubmitField(_l("Opleiding vastleggen"))

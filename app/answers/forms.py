"""The forms of the answers area: an answer with optional evidence, evidence alone, the Excel import."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from app.forms import BaseForm, PlainText
from controls.answer_models import Applicability
from controls.labels import APPLICABILITY, ASSESSMENT, IMPLEMENTATION
from controls.rules import MAX_EXPLANATION, MAX_OWNER, MAX_RISK_REFERENCE, AnswerValues


class EvidenceFields:
    """The evidence fields, shared by the answer form and the evidence form."""

    evidence_file = FileField(
        _l("Bestand"),
        description=_l("PDF, afbeelding (PNG, JPG), Office- of OpenDocument-bestand, tekst of CSV."),
    )
    evidence_link = URLField(
        _l("Of een link"),
        description=_l("Alleen https-links, bijvoorbeeld naar het document in het zaaksysteem."),
        validators=[Optional(), Length(max=2000), PlainText()],
    )
    evidence_description = StringField(
        _l("Omschrijving"), validators=[Optional(), Length(max=300), PlainText()]
    )


class AnswerForm(BaseForm, EvidenceFields):
    base_revision = IntegerField(
        widget=HiddenField.widget, default=0, validators=[InputRequired(), NumberRange(min=0)]
    )
    applicability = RadioField(_l("Toepasselijkheid"), validators=[InputRequired()])
    implementation = RadioField(
        _l("Stand van de implementatie"),
        description=_l("Alleen als de eis van toepassing is."),
        validators=[Optional()],
    )
    design = SelectField(_l("Opzet"), description=_l("Is de maatregel goed ontworpen?"))
    existence = SelectField(_l("Bestaan"), description=_l("Bestaat de maatregel echt, op een peildatum?"))
    operation = SelectField(_l("Werking"), description=_l("Werkt de maatregel over een periode?"))
    explanation = TextAreaField(
        _l("Toelichting"),
        description=_l(
            "De reden bij 'niet van toepassing'; de uitleg bij alles wat nog niet geïmplementeerd is."
        ),
        validators=[Optional(), Length(max=MAX_EXPLANATION)],
    )
    public_explanation = TextAreaField(
        _l("Publieke toelichting"),
        description=_l(
            "Wat de gepubliceerde verklaring van toepasselijkheid bij deze eis toont; de toelichting "
            "hierboven blijft intern."
        ),
        validators=[Optional(), Length(max=MAX_EXPLANATION)],
    )
    planned_on = DateField(_l("Geplande datum"), validators=[Optional()])
    owner = StringField(_l("Eigenaar"), validators=[Optional(), Length(max=MAX_OWNER), PlainText()])
    risk_reference = StringField(
        _l("Risicoverwijzing"),
        description=_l(
            "Het nummer in het risicoregister, bijvoorbeeld R-003: nodig bij een tijdelijk geaccepteerd "
            "risico en bij het niet toepassen van een beheersmaatregel."
        ),
        validators=[
            Optional(),
            Length(max=MAX_RISK_REFERENCE),
            Regexp(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", message=_l("Alleen letters, cijfers, punt, streepje.")),
        ],
    )
    last_reviewed_on = DateField(_l("Laatst beoordeeld op"), validators=[InputRequired()])
    submit = SubmitField(_l("Antwoord opslaan"))

    def __init__(self, *args, has_provider: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        applicability = APPLICABILITY.choices(gettext)
        if not has_provider:
            applicability = [c for c in applicability if c[0] != Applicability.INHERITED.value]
        self.applicability.choices = applicability
        self.implementation.choices = IMPLEMENTATION.choices(gettext)
        for assessment in (self.design, self.existence, self.operation):
            assessment.choices = ASSESSMENT.choices(gettext)

    def values(self) -> AnswerValues:
        """What the user stated, as the domain's answer values."""
        return AnswerValues(
            applicability=self.applicability.data,
            implementation=self.implementation.data or None,
            design=self.design.data,
            existence=self.existence.data,
            operation=self.operation.data,
            explanation=self.explanation.data or "",
            planned_on=self.planned_on.data,
            owner=self.owner.data or "",
            risk_reference=self.risk_reference.data or "",
            last_reviewed_on=self.last_reviewed_on.data,
            public_explanation=self.public_explanation.data or "",
        )


EVIDENCE_PREFIX = "bewijs"  # the evidence form shares a page with the answer form: keep their ids apart


class EvidenceForm(BaseForm, EvidenceFields):
    submit = SubmitField(_l("Bewijsstuk toevoegen"))


class ConfirmForm(BaseForm):
    submit = SubmitField(_l("Verwijderen"))

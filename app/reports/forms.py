from flask import abort, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from app.forms import BaseForm, PlainText
from app.problems import messages
from core import clock
from core.errors import RuleError
from reports.builders import available_kinds, formats_of
from reports.language import languages_of
from reports.models import ReportFormat, ReportKind, SchedulePreset
from reports.parameters import KIND_LABELS as REPORT_KINDS
from reports.parameters import YEAR_KINDS
from reports.schedule_timing import checked_crontab
from reports.schedules import MAX_DAYS_BEFORE, MIN_DAYS_BEFORE, parse_recipients

# The names of the kinds (reports.parameters), translated when shown.
KIND_LABELS = {ReportKind(kind): _l(name) for kind, name in REPORT_KINDS.choices()}
FORMAT_LABELS = {ReportFormat.PDF: _l("PDF"), ReportFormat.XLSX: _l("Excel (XLSX)")}
PRESET_LABELS = {
    SchedulePreset.MONTHLY: _l("Maandelijks (de 1e, 06:00)"),
    SchedulePreset.QUARTERLY: _l("Per kwartaal (1 jan, apr, jul, okt, 06:00)"),
    SchedulePreset.BEFORE_PC: _l("Vóór elk P&C-moment (06:00, het aantal dagen hieronder ervoor)"),
    SchedulePreset.CRON: _l("Eigen cron-expressie"),
}


def kind_choices():
    """Each kind with the formats it has (reports.builders, the one table of them): the page's script offers
    only those in the format field; the server refuses any other (`validate_format`)."""
    return [
        SelectChoice(
            kind.value,
            KIND_LABELS[kind],
            {
                "data-formats": " ".join(f.value for f in formats_of(kind)),
                "data-languages": " ".join(languages_of(kind)),
            },
        )
        for kind in available_kinds()
    ]


def formats_hint() -> str:
    """Which formats each kind has, for the format field's hint (pages without script show it too)."""
    return _("Beschikbaar: %(list)s.") % {
        "list": "; ".join(
            f"{KIND_LABELS[kind]}: {', '.join(str(FORMAT_LABELS[f]) for f in formats_of(kind))}"
            for kind in available_kinds()
        )
    }


def format_choices():
    return [(format.value, label) for format, label in FORMAT_LABELS.items()]


def preset_choices():
    return [(preset.value, label) for preset, label in PRESET_LABELS.items()]


class _KindAndFormat:
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.format.description = formats_hint()

    def validate_format(self, field) -> None:
        known = self.kind.data in set(ReportKind) and field.data in set(ReportFormat)
        if not known:  # an unknown kind or format: the field's choices have said so already
            return
        if ReportFormat(field.data) not in formats_of(self.kind.data):
            raise ValidationError(_l("Dit rapport bestaat niet in dit formaat."))


LANGUAGE_LABELS = {"nl": _l("Nederlands"), "en": _l("Engels")}


class DocumentLanguageForm(BaseForm):
    """The language of a document made on the spot and not archived (the regional overview, an incident's
    drafts; reports.language.DOCUMENT_LANGUAGES): a GET form, it changes nothing. Dutch unless asked."""

    class Meta:
        csrf = False

    language = SelectField(
        _l("Taal"),
        choices=[SelectChoice(value, text) for value, text in LANGUAGE_LABELS.items()],
        default="nl",
        validators=[DataRequired()],
    )


def asked_language(document: str) -> str:
    """The language the address asks for (`?language=en`), Dutch without one; 400 for another value."""
    form = DocumentLanguageForm(formdata=request.args or None)
    if not form.validate() or form.language.data not in languages_of(document):
        abort(400)
    return form.language.data


class GenerateForm(_KindAndFormat, BaseForm):
    kind = SelectField(_l("Rapport"), choices=kind_choices, validators=[DataRequired()])
    format = SelectField(_l("Formaat"), choices=format_choices, validators=[DataRequired()])
    language = SelectField(
        _l("Taal"),
        choices=[SelectChoice(value, text) for value, text in LANGUAGE_LABELS.items()],
        default="nl",
        validators=[DataRequired()],
        description=_l(
            "Elk rapport kan in het Nederlands of het Engels. Wat de organisatie zelf schreef (toelichtingen, "
            "namen) blijft zoals het is geschreven."
        ),
    )
    as_of = DateField(
        _l("Peildatum"),
        validators=[Optional()],
        description=_l("Leeg: de actuele stand. Anders de stand zoals die op die datum was."),
    )
    year = IntegerField(
        _l("Jaar"),
        validators=[Optional(), NumberRange(min=2000, max=2100)],
        description=_l(
            "Alleen voor ENSIA, de collegeverklaring en de In Control Verklaring: de peildatum is 31 december "
            "van dat jaar (leeg: dit jaar)."
        ),
    )
    moment = SelectField(
        _l("P&C-moment"),
        coerce=int,
        default=0,
        validators=[Optional()],
        description=_l(
            "Alleen voor het weerstandsvermogen: het moment met een momentopname (standaard het laatste)."
        ),
    )
    submit = SubmitField(_l("Rapport maken"))

    def validate_language(self, field) -> None:
        if self.kind.data in set(ReportKind) and field.data not in languages_of(self.kind.data):
            raise ValidationError(_l("Dit rapport bestaat niet in deze taal."))

    def validate_as_of(self, field) -> None:
        if field.data and self.kind.data == ReportKind.PC:
            raise ValidationError(_l("Het weerstandsvermogen komt uit de momentopname: kies een P&C-moment."))
        if field.data and self.kind.data in (ReportKind.COLLEGE, ReportKind.IN_CONTROL):
            raise ValidationError(_l("Kies bij dit rapport het jaar: de peildatum is 31 december."))

    def validate_year(self, field) -> None:
        if field.data is None:
            return
        if self.kind.data not in YEAR_KINDS:
            raise ValidationError(
                _l("Een jaar hoort alleen bij ENSIA, de collegeverklaring en de In Control Verklaring.")
            )
        if self.as_of.data:
            raise ValidationError(_l("Geef het jaar of de peildatum, niet beide."))


class EnsiaYearForm(BaseForm):
    """What the organisation states for an ENSIA year: the bijlagen of the collegeverklaring."""

    digid_applies = BooleanField(
        _l("Bijlage 1 DigiD is van toepassing (de gemeente heeft DigiD-aansluitingen)")
    )
    digid_reference = StringField(
        _l("Kenmerk assurancerapport DigiD"),
        validators=[Length(max=200), PlainText()],
        description=_l("Het kenmerk van het assurancerapport van de IT-auditor."),
    )
    suwinet_applies = BooleanField(_l("Bijlage 2 Suwinet is van toepassing (de gemeente gebruikt Suwinet)"))
    suwinet_reference = StringField(
        _l("Kenmerk assurancerapport Suwinet"), validators=[Length(max=200), PlainText()]
    )
    auditor = StringField(
        _l("IT-auditor"),
        validators=[Length(max=200), PlainText()],
        description=_l("De organisatie van de IT-auditor die de assurancerapporten afgeeft."),
    )
    submit = SubmitField(_l("Opslaan"))


class ScheduleForm(_KindAndFormat, BaseForm):
    kind = SelectField(_l("Rapport"), choices=kind_choices, validators=[DataRequired()])
    format = SelectField(_l("Formaat"), choices=format_choices, validators=[DataRequired()])
    language = SelectField(
        _l("Taal"),
        choices=[SelectChoice(value, text) for value, text in LANGUAGE_LABELS.items()],
        default="nl",
        validators=[DataRequired()],
        description=_l("De taal waarin het rapport telkens wordt gemaakt."),
    )
    preset = SelectField(_l("Wanneer"), choices=preset_choices, validators=[DataRequired()])
    cron = StringField(
        _l("Cron-expressie"),
        validators=[Length(max=100)],
        description=_l(
            "Vijf velden: minuut uur dag maand weekdag (0 = zondag), Nederlandse tijd; "
            "bijvoorbeeld '30 7 * * 1' voor elke maandag 07:30. Hooguit één keer per uur."
        ),
    )
    days_before = IntegerField(
        _l("Dagen vóór het P&C-moment"),
        default=14,
        description=_l("Alleen bij ‘Vóór elk P&C-moment’."),
        validators=[Optional(), NumberRange(min=MIN_DAYS_BEFORE, max=MAX_DAYS_BEFORE)],
    )
    recipients = TextAreaField(
        _l("Ontvangers per e-mail"),
        validators=[Optional(), Length(max=5000)],
        description=_l("Eén e-mailadres per regel; leeg laten om het rapport alleen te archiveren."),
    )
    enabled = BooleanField(_l("Actief"), default=True)
    submit = SubmitField(_l("Opslaan"))

    def validate_language(self, field) -> None:
        if self.kind.data in set(ReportKind) and field.data not in languages_of(self.kind.data):
            raise ValidationError(_l("Dit rapport bestaat niet in deze taal."))

    def validate_cron(self, field) -> None:
        if self.preset.data != SchedulePreset.CRON:
            return
        if not (field.data or "").strip():
            raise ValidationError(_l("Vul een cron-expressie in."))
        try:
            checked_crontab(field.data, clock.now())
        except RuleError as error:
            raise ValidationError("; ".join(messages(error))) from None

    def validate_recipients(self, field) -> None:
        try:
            parse_recipients(field.data or "")
        except RuleError as error:
            raise ValidationError("; ".join(messages(error))) from None


class ActionForm(BaseForm):
    """A button that posts (with its CSRF token) and nothing else."""

    submit = SubmitField(_l("Bevestigen"))


class CopyCheckForm(BaseForm):
    """A copy of a report, uploaded to compare with the archived file (hashed while read, never stored)."""

    copy = FileField(_l("Kopie van het rapport"), validators=[FileRequired(_l("Kies een bestand."))])
    submit = SubmitField(_l("Kopie controleren"))

"""Forms of the catalogue pages: the filters (GET, no CSRF), the catalogue upgrade and the overlay upload."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import BooleanField, SearchField, SelectField, SubmitField
from wtforms.validators import Length, Optional

from app.catalogue.labels import CATEGORY_LABELS, FRAMEWORK_LABELS, KIND_LABELS, STATUS_LABELS, THEME_LABELS
from controls.catalogue_check import MAX_CATALOGUE_BYTES


class CatalogueFilterForm(FlaskForm):
    """The search and filters of the catalogue list, read from the query string."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Zoeken"),
        description=_l("Een id (5.1, 5.01.01, 21.2) of woorden uit titel of samenvatting."),
        validators=[Optional(), Length(max=100)],
    )
    kader = SelectField(_l("Kader"), choices=lambda: _with_all(FRAMEWORK_LABELS), default="")
    thema = SelectField(
        _l("Thema"),
        choices=lambda: _with_all({str(k): f"{k}. {v}" for k, v in THEME_LABELS.items()}),
        default="",
    )
    soort = SelectField(_l("Soort"), choices=lambda: _with_all(KIND_LABELS), default="")
    categorie = SelectField(_l("Categorie"), choices=lambda: _with_all(CATEGORY_LABELS), default="")
    status = SelectField(_l("Status"), choices=lambda: _with_all(STATUS_LABELS), default="")


def _with_all(labels: dict) -> list[tuple[str, str]]:
    """Choices for a filter: "all" first, then each value with its label (a callable, so labels follow the locale)."""
    return [("", str(_l("Alle"))), *((value, str(label)) for value, label in labels.items())]


YAML_ONLY = FileAllowed(["yaml", "yml"], _l("Alleen een YAML-bestand (.yaml of .yml)."))
NOT_TOO_LARGE = FileSize(MAX_CATALOGUE_BYTES, message=_l("Het bestand is groter dan 10 MB."))


class CatalogueUploadForm(FlaskForm):
    file = FileField(
        _l("Catalogusbestand"),
        description=_l("Een nieuwe versie van bio_controls.yaml. Het bestand wordt eerst gecontroleerd."),
        validators=[FileRequired(_l("Kies een bestand.")), YAML_ONLY, NOT_TOO_LARGE],
    )
    check_only = BooleanField(_l("Alleen controleren, niets laden"))
    submit = SubmitField(_l("Controleren en laden"))


class OverlayUploadForm(FlaskForm):
    file = FileField(
        _l("Bestand met volledige teksten"),
        description=_l("YAML met per id de officiële tekst; zie de handleiding voor het formaat."),
        validators=[FileRequired(_l("Kies een bestand.")), YAML_ONLY, NOT_TOO_LARGE],
    )
    submit = SubmitField(_l("Teksten laden"))


class RemoveOverlayForm(FlaskForm):
    submit = SubmitField(_l("Alle volledige teksten verwijderen"))

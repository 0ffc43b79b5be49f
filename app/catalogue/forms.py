"""Forms of the catalogue pages: the filters (GET, no CSRF), the catalogue upgrade and the overlay upload."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import BooleanField, SearchField, SelectField, SubmitField
from wtforms.validators import Length, Optional

from app.forms import BaseForm
from controls.catalogue_check import MAX_CATALOGUE_BYTES
from controls.labels import CATEGORY, FRAMEWORK, KIND, REQUIREMENT_STATUS, THEME


class CatalogueFilterForm(BaseForm):
    """The search and filters of the catalogue list, read from the query string."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Zoeken"),
        description=_l("Een id (5.1, 5.01.01, 21.2, 27001-6.1) of woorden uit titel of samenvatting."),
        validators=[Optional(), Length(max=100)],
    )
    kader = SelectField(_l("Kader"), choices=lambda: _with_all(FRAMEWORK.choices(gettext)), default="")
    thema = SelectField(_l("Thema"), choices=lambda: _with_all(_control_themes()), default="")
    soort = SelectField(_l("Soort"), choices=lambda: _with_all(KIND.choices(gettext)), default="")
    categorie = SelectField(_l("Categorie"), choices=lambda: _with_all(CATEGORY.choices(gettext)), default="")
    status = SelectField(
        _l("Status"), choices=lambda: _with_all(REQUIREMENT_STATUS.choices(gettext)), default=""
    )


def _control_themes() -> list[tuple[str, str]]:
    """The themes of ISO 27002 (5 to 8) with their number."""
    return [(theme, f"{theme}. {name}") for theme, name in THEME.choices(gettext) if theme.isdigit()]


def _with_all(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Choices for a filter: "all" first, then each value with its label (called per form, so labels follow the
    locale)."""
    return [("", gettext("Alle")), *choices]


YAML_ONLY = FileAllowed(["yaml", "yml"], _l("Alleen een YAML-bestand (.yaml of .yml)."))
NOT_TOO_LARGE = FileSize(MAX_CATALOGUE_BYTES, message=_l("Het bestand is groter dan 10 MB."))


class CatalogueUploadForm(BaseForm):
    file = FileField(
        _l("Catalogusbestand"),
        description=_l("Een nieuwe versie van bio_controls.yaml. Het bestand wordt eerst gecontroleerd."),
        validators=[FileRequired(_l("Kies een bestand.")), YAML_ONLY, NOT_TOO_LARGE],
    )
    check_only = BooleanField(_l("Alleen controleren, niets laden"))
    submit = SubmitField(_l("Controleren en laden"))


class OverlayUploadForm(BaseForm):
    file = FileField(
        _l("Bestand met volledige teksten"),
        description=_l("YAML met per id de officiële tekst; zie de handleiding voor het formaat."),
        validators=[FileRequired(_l("Kies een bestand.")), YAML_ONLY, NOT_TOO_LARGE],
    )
    submit = SubmitField(_l("Teksten laden"))


class RemoveOverlayForm(BaseForm):
    submit = SubmitField(_l("Alle volledige teksten verwijderen"))

"""The words of the OSCAL import's problems (reports/oscal_import.py)."""

from flask_babel import lazy_gettext as _l

from app.problems import register

register(
    {
        "oscal.too_large": _l("bestand groter dan %(max_mb)s MB"),
        "oscal.not_json": _l("geen geldige JSON (%(reason)s)"),
        "oscal.not_catalog": _l("geen OSCAL-catalogus: het bestand heeft geen object 'catalog'"),
        "oscal.invalid": _l("%(path)s: niet wat OSCAL hier verwacht (%(wanted)s)"),
        "oscal.unknown_control": _l(
            "%(path)s: control '%(id)s' heeft geen label met de code of geen class van een soort eis "
            "(%(kinds)s)"
        ),
    }
)

"""The words of the risk area's problem codes (app.problems) that the register's sheet gives."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.problems import register

register(
    {
        "risk.reference_malformed": _l("Referentie '%(reference)s' heeft niet de vorm R-001."),
        "risk.unknown_requirements": _l("Onbekende eis(en) in de catalogus: %(codes)s."),
    }
)

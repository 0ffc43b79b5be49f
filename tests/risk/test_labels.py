"""The risk area's value labels live once (risk.labels), Dutch in the code and English in core/translations: the
pages translate them with Flask-Babel, documents with core.labels.translator."""

from __future__ import annotations

from flask_babel import force_locale

from app.risks import labels as web
from core.labels import translator
from risk import labels
from risk.capacity import Rating
from risk.models import Aspect, ImpactArea, Level, MomentKind, RiskStatus, Treatment


def test_every_value_has_a_label():
    tables = {
        Treatment: labels.TREATMENT,
        RiskStatus: labels.STATUS,
        Aspect: labels.ASPECT,
        ImpactArea: labels.IMPACT_AREA,
        Level: labels.LEVEL,
        MomentKind: labels.MOMENT_KIND,
        Rating: labels.RATING,
    }
    for enum, table in tables.items():
        assert list(table) == [member.value for member in enum], enum


def test_documents_take_the_labels_in_their_language():
    english = translator("en")
    assert labels.TREATMENT[Treatment.ACCEPT] == "accepteren"
    assert labels.TREATMENT.of("accept", english) == "accept"
    assert labels.LEVEL.of(Level.VERY_HIGH, english) == "very high"
    assert labels.FIELD.of("residual_impact", english) == "Residual impact"


def test_the_pages_take_the_same_table_in_the_users_language(app):
    with app.test_request_context(), force_locale("nl"):
        assert web.name("treatment", "accept") == "accepteren"
        assert web.display("aspects", ("availability", "integrity")) == "beschikbaarheid, integriteit"
    with app.test_request_context(), force_locale("en"):
        assert web.name("treatment", "accept") == "accept"
        assert web.name("level", "very_high") == "very high"
        assert (web.names("status")[2].value, web.names("status")[2].label) == ("monitoring", "monitored")
        assert web.heatmap_texts().levels[Level.HIGH] == "high"
        assert web.heatmap_texts().likelihood == "Likelihood"

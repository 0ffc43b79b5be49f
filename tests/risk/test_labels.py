"""The web pages' translatable labels say in Dutch exactly what Excel files and PDFs say (risk.labels)."""

from __future__ import annotations

from flask_babel import force_locale

from app.risks import labels as web
from risk import labels as documents


def test_dutch_labels_are_the_same_in_pages_and_documents(app):
    pairs = [
        (web.TREATMENT, documents.TREATMENT),
        (web.STATUS, documents.STATUS),
        (web.ASPECT, documents.ASPECT),
        (web.IMPACT_AREA, documents.IMPACT_AREA),
        (web.LEVEL, documents.LEVEL),
        (web.MOMENT_KIND, documents.MOMENT_KIND),
        (web.RATING, documents.RATING),
        (web.FIELD, documents.FIELD),
    ]
    with app.test_request_context(), force_locale("nl"):
        for translated, dutch in pairs:
            assert {key: str(label) for key, label in translated.items()} == dutch


def test_english_labels_exist(app):
    with app.test_request_context(), force_locale("en"):
        assert str(web.TREATMENT["accept"]) == "accept"
        assert str(web.LEVEL["very_high"]) == "very high"
        assert web.heatmap_texts().likelihood == "Likelihood"

"""The names of the catalogue's and the answers' values live once (controls.labels), Dutch in the code and English
in core/translations; the catalogue pages, the answer pages and the documents use the same words."""

from __future__ import annotations

from controls import labels
from controls.answer_models import Applicability, Assessment, Implementation, Status
from controls.models import Category, Framework, Relationship, RequirementKind, RequirementStatus
from core.models import Role


def test_every_value_has_a_name():
    tables = {
        Applicability: labels.APPLICABILITY,
        Implementation: labels.IMPLEMENTATION,
        Assessment: labels.ASSESSMENT,
        Status: labels.STATUS,
        RequirementKind: labels.KIND,
        Category: labels.CATEGORY,
        RequirementStatus: labels.REQUIREMENT_STATUS,
        Framework: labels.FRAMEWORK,
        Relationship: labels.RELATIONSHIP,
    }
    for enum, table in tables.items():
        assert list(table) == [member.value for member in enum], enum
    assert list(labels.RELATIONSHIP_HINT) == list(labels.RELATIONSHIP)


def test_documents_name_values_in_their_language():
    assert labels.label("applicability", "inherited") == "overgenomen van leverancier"
    assert labels.label("applicability", "inherited", "en") == "inherited from provider"
    assert labels.label("theme", 5, "en") == "Organisational"
    assert labels.label("status", "unknown-value", "en") == "unknown-value"
    assert labels.label("status", None) == ""
    assert labels.choices("assessment", "en")[2] == ("sufficient", "sufficient")


def test_the_catalogue_and_the_answer_pages_use_the_same_words(app, client, login_as, world, mini_catalogue):
    login_as(Role.CISO)
    catalogue = client.get("/o/voorbeeld/catalogus/eis/5.01.01").get_data(as_text=True)
    answer = client.get("/o/voorbeeld/eisen/5.01.01").get_data(as_text=True)
    for page in (catalogue, answer):
        assert "overheidsmaatregel (BIO2)" in page and "Organisatorisch" in page

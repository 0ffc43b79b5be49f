"""Dutch labels (with English translations) for the catalogue's values: themes, kinds, statuses, categories."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

THEME_LABELS = {
    5: _l("Organisatorische beheersmaatregelen"),
    6: _l("Mensgerichte beheersmaatregelen"),
    7: _l("Fysieke beheersmaatregelen"),
    8: _l("Technologische beheersmaatregelen"),
}
ARTICLE_LABELS = {
    20: _l("Artikel 20: governance"),
    21: _l("Artikel 21: maatregelen voor het beheer van cyberbeveiligingsrisico's"),
    23: _l("Artikel 23: meldingsverplichtingen"),
}
FRAMEWORK_LABELS = {"bio2": _l("BIO2"), "nis2": _l("NIS2 en Cbw")}
KIND_LABELS = {
    "control": _l("beheersmaatregel"),
    "measure": _l("overheidsmaatregel"),
    "nis2": _l("NIS2-eis"),
}
STATUS_LABELS = {"active": _l("geldend"), "withdrawn": _l("vervallen"), "moved": _l("verplaatst")}
CATEGORY_LABELS = {
    "basishygiene": _l("basishygiëne"),
    "ketenhygiene": _l("ketenhygiëne"),
    "overheidsrisicos": _l("overheidsrisico's"),
}
RELATIONSHIP_LABELS = {
    "equal": _l("gelijk"),
    "subset": _l("dekt een deel"),
    "superset": _l("gaat verder"),
    "intersect": _l("overlapt"),
}
RELATIONSHIP_HINTS = {
    "equal": _l("De BIO2-eis en de NIS2-eis vragen vrijwel hetzelfde."),
    "subset": _l("De BIO2-eis dekt een deel van de NIS2-eis."),
    "superset": _l("De BIO2-eis vraagt meer dan de NIS2-eis."),
    "intersect": _l("De eisen overlappen gedeeltelijk."),
}


def article_label(article: int) -> str:
    return str(ARTICLE_LABELS.get(article) or _l("Artikel %(number)s", number=article))

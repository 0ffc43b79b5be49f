"""The words for the problems of catalogue and overlay files (controls/yamlproblems.py) in the user's language,
and each problem as `file:line: message`. The Dutch here is the domain's: a test keeps the two equal."""

from __future__ import annotations

from dataclasses import replace

from flask_babel import lazy_gettext as _l

from app.problems import register, word
from controls.yamlproblems import CatalogueError, item_label
from core.errors import Problem

# The kinds of item a problem is about, as a message starts with them.
ITEMS = {
    "catalogue": _l("catalogue"),
    "theme": _l("thema"),
    "control": _l("control"),
    "measure": _l("maatregel"),
    "nis2": _l("NIS2-eis"),
    "clause": _l("clausule"),
    "mapping": _l("mapping"),
    "overlay": _l("overlay"),
    "text": _l("tekst"),
}
# Kinds of YAML value, for "moet een lijst zijn, niet een getal".
VALUES = {
    "text": _l("tekst"),
    "mapping": _l("een mapping"),
    "list": _l("een lijst"),
    "boolean": _l("true/false"),
    "number": _l("een getal"),
    "date": _l("een datum"),
    "empty": _l("leeg"),
}
# What an id of each kind looks like.
ID_FORMATS = {
    "control": _l("'5.1' … '8.34'"),
    "measure": _l("'5.01.01': thema, control en maatregel in twee cijfers"),
    "nis2": _l("'21.2.a': artikel, lid en eventueel punt"),
    "clause": _l("'27001-4.1' … '27001-10.2', of een onderdeel zoals '27001-6.1.2'"),
    "catalogue": _l("een id uit deze catalogus"),
    "overlay": _l("een id uit de catalogus, bv. '5.1' of '5.01.01'"),
}
WORDS = {"found": VALUES, "expected": ID_FORMATS}

register(
    {
        "catalogue.too_large": _l("bestand groter dan %(max_mb)s MB"),
        "catalogue.not_utf8": _l("geen UTF-8-tekst (%(reason)s)"),
        "catalogue.empty": _l("het bestand is leeg"),
        "catalogue.yaml_syntax": _l("ongeldige YAML: %(reason)s"),
        "catalogue.control_character": _l("ongeldig teken %(character)s in het bestand (stuurteken)"),
        "catalogue.key_not_text": _l("een sleutel moet tekst zijn"),
        "catalogue.duplicate_key": _l("sleutel '%(key)s' komt twee keer voor"),
        "catalogue.alias": _l("verwijzing '*%(anchor)s' (YAML-alias) is niet toegestaan"),
        "catalogue.anchor": _l("anker '&%(anchor)s' (YAML-anker) is niet toegestaan"),
        "catalogue.too_deep": _l("te diep genest (meer dan %(max)s niveaus)"),
        "catalogue.tag": _l(
            "YAML-tag '%(tag)s' is niet toegestaan (alleen tekst, getallen, lijsten en mappings)"
        ),
        "catalogue.invalid_date": _l("ongeldige datum '%(value)s'"),
        "catalogue.not_a_mapping": _l(
            "het bestand moet een mapping zijn met de onderdelen %(sections)s, niet %(found)s"
        ),
        "catalogue.unknown_section": _l("onbekend onderdeel '%(key)s' (toegestaan: %(allowed)s)"),
        "catalogue.section_missing": _l("onderdeel '%(key)s' ontbreekt"),
        "catalogue.section_not_list": _l("'%(key)s' moet een lijst zijn, niet %(found)s"),
        "catalogue.item_not_mapping": _l("'%(key)s' item %(number)s moet een mapping zijn, niet %(found)s"),
        "catalogue.unknown_field": _l("onbekend veld '%(key)s' (toegestaan: %(allowed)s)"),
        "catalogue.field_empty": _l("veld '%(key)s' is leeg"),
        "catalogue.field_missing": _l("veld '%(key)s' ontbreekt"),
        "catalogue.not_text": _l("'%(key)s' moet tekst zijn, niet %(found)s"),
        "catalogue.not_text_quote": _l(
            "'%(key)s' moet tekst zijn, niet %(found)s; zet %(raw)s tussen aanhalingstekens"
        ),
        "catalogue.too_long": _l("'%(key)s' is %(length)s tekens, hooguit %(limit)s"),
        "catalogue.not_text_or_languages": _l(
            "'%(key)s' moet tekst of {nl: ..., en: ...} zijn, niet %(found)s"
        ),
        "catalogue.unknown_language": _l("onbekende taal '%(language)s' in '%(key)s' (nl, en)"),
        "catalogue.language_not_text": _l("'%(key)s' moet tekst zijn"),
        "catalogue.no_dutch": _l("'%(key)s' heeft geen Nederlandse tekst (nl)"),
        "catalogue.id_unquoted": _l(
            '%(key)s %(written)s moet tussen aanhalingstekens staan ("%(written)s"); zonder leest YAML het als het getal %(value)s'
        ),
        "catalogue.id_not_text": _l("%(key)s moet een id tussen aanhalingstekens zijn, niet %(found)s"),
        "catalogue.invalid_id": _l("ongeldig id '%(value)s' in '%(key)s' (verwacht %(expected)s)"),
        "catalogue.id_listed_twice": _l("'%(value)s' staat twee keer in '%(key)s'"),
        "catalogue.ids_too_long": _l("'%(key)s' is te lang (hooguit %(max)s tekens)"),
        "catalogue.duplicate_id": _l("id komt twee keer voor (eerder op regel %(first_line)s)"),
        "catalogue.not_boolean": _l("'%(key)s' moet true of false zijn"),
        "catalogue.header_not_mapping": _l("'catalogue' moet een mapping zijn met version en name"),
        "catalogue.header_missing": _l("onderdeel 'catalogue' (met version en name) ontbreekt"),
        "catalogue.invalid_version": _l(
            "ongeldige versie '%(version)s' (letters, cijfers en . - + _, hooguit 40 tekens)"
        ),
        "catalogue.published_not_date": _l("'published' moet een datum zijn (JJJJ-MM-DD)"),
        "catalogue.sources_not_mapping": _l("'sources' moet een mapping van naam naar tekst zijn"),
        "catalogue.invalid_theme": _l("id moet een van %(allowed)s zijn"),
        "catalogue.duplicate_theme": _l("komt twee keer voor (eerder op regel %(first_line)s)"),
        "catalogue.wrong_theme": _l("thema moet %(theme)s zijn, niet %(value)s"),
        "catalogue.theme_too_small": _l("thema %(theme)s heeft maar %(size)s controls"),
        "catalogue.unknown_status": _l("onbekende status %(status)s (kies uit %(allowed)s)"),
        "catalogue.moved_to_without_moved": _l("'moved_to' past alleen bij status moved"),
        "catalogue.moved_without_target": _l("status moved vraagt om 'moved_to' (het nieuwe id)"),
        "catalogue.control_of_measure_missing": _l(
            "control %(control)s bestaat niet (thema %(theme)s heeft %(size)s controls)"
        ),
        "catalogue.wrong_control": _l("hoort volgens het id bij control %(derived)s, niet bij %(control)s"),
        "catalogue.unknown_control": _l("hoort bij onbekende control '%(control)s'"),
        "catalogue.categories_not_list": _l("'categories' moet een lijst zijn, bv. [basishygiene]"),
        "catalogue.categories_missing": _l("veld 'categories' ontbreekt of is leeg (kies uit %(allowed)s)"),
        "catalogue.unknown_category": _l("onbekende categorie %(category)s (kies uit %(allowed)s)"),
        "catalogue.duplicate_category": _l("categorie '%(category)s' staat er twee keer"),
        "catalogue.article_mismatch": _l(
            "'article' (%(article)s) noemt niet het artikel, lid en punt van het id (bv. '21.2.a': art. 21 lid 2 onder a)"
        ),
        "catalogue.source_names_no_clause": _l(
            "'source' noemt de clausule niet (bv. 'ISO/IEC 27001:2022 clause %(number)s')"
        ),
        "catalogue.clause_parent_missing": _l(
            "hoort bij clausule '%(parent)s', die niet in de catalogus staat"
        ),
        "catalogue.moved_to_unknown": _l("'moved_to' verwijst naar onbekend id '%(target)s'"),
        "catalogue.moved_to_not_active": _l(
            "'moved_to' verwijst naar '%(target)s', dat zelf niet geldend is"
        ),
        "catalogue.replaces_missing": _l(
            "maatregel '%(measure)s' moet 'replaces: [\"%(old)s\"]' hebben, want '%(old)s' is ernaar verplaatst"
        ),
        "catalogue.replaces_itself": _l("'%(new)s' kan zichzelf niet vervangen"),
        "catalogue.replaces_active": _l(
            "'%(new)s' vervangt '%(old)s', maar '%(old)s' is nog geldend (geef het status moved of withdrawn, of haal het weg)"
        ),
        "catalogue.replaces_moved_elsewhere": _l(
            "'%(new)s' vervangt '%(old)s', maar '%(old)s' is verplaatst naar '%(target)s'"
        ),
        "catalogue.measures_expected": _l(
            "government_measures is true, maar er staat geen geldende maatregel onder"
        ),
        "catalogue.measures_unexpected": _l(
            "government_measures is false, maar er staan geldende maatregelen onder (%(measures)s)"
        ),
        "catalogue.unknown_relationship": _l("relatie %(relationship)s moet een van %(allowed)s zijn"),
        "catalogue.mapping_unknown_id": _l("mapping naar onbekend id '%(target)s'"),
        "catalogue.mapping_from_not_bio2": _l(
            "'from' moet een BIO2-control, -maatregel of ISO 27001-clausule zijn"
        ),
        "catalogue.mapping_to_not_nis2": _l("'to' moet een NIS2-eis zijn"),
        "catalogue.mapping_from_not_active": _l(
            "'%(source)s' is niet meer geldend (%(status)s); koppel het nieuwe id"
        ),
        "catalogue.mapping_twice": _l(
            "mapping %(source)s -> %(target)s komt twee keer voor (eerder op regel %(first_line)s)"
        ),
        "overlay.not_a_mapping": _l("het bestand moet een mapping zijn met 'overlay' en 'texts'"),
        "overlay.header_missing": _l("onderdeel 'overlay' met 'source' (de bron en licentie) ontbreekt"),
        "overlay.unknown_id": _l("onbekend id (niet in de geladen catalogus)"),
    }
)


def file_line(source: str, problem: Problem) -> str:
    """One problem as `file:line: item: message`, in the user's language."""
    return f"{source}:{problem.row}: {item_line(problem)}"


def item_line(problem: Problem) -> str:
    """One problem as `item: message`, in the user's language."""
    params = dict(problem.params)
    for name in WORDS.keys() & params.keys():
        params[name] = str(WORDS[name][params[name]])
    text = word(replace(problem, params=params))
    if "item" in params:
        text = f"{item_label(params['item'], params['id'], ITEMS)}: {text}"
    return text


def file_lines(error: CatalogueError) -> list[str]:
    return [file_line(error.source, problem) for problem in error.problems]

"""The problems of the catalogue's YAML files (catalogues and overlays): rule codes with parameters, each at its
line (`Problem.row`), about an item of the file (`item`: its kind, `id`: its id as written).

The web layer and the CLI word them in the user's language (app/catalogue/problems.py, which a test keeps equal
to the Dutch here); `Problem.message` is this Dutch wording, for logs and for the domain's own tests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from core.errors import Problem, RuleError

# Code -> Dutch wording with %(name)s parameters; `found` names a kind of value (VALUE_WORDS), `expected` an id
# format (ID_FORMATS), `item` a kind of item (ITEM_WORDS), each worded separately.
MESSAGES: dict[str, str] = {
    # the file and its YAML
    "catalogue.too_large": "bestand groter dan %(max_mb)s MB",
    "catalogue.not_utf8": "geen UTF-8-tekst (%(reason)s)",
    "catalogue.empty": "het bestand is leeg",
    "catalogue.yaml_syntax": "ongeldige YAML: %(reason)s",
    "catalogue.control_character": "ongeldig teken %(character)s in het bestand (stuurteken)",
    "catalogue.key_not_text": "een sleutel moet tekst zijn",
    "catalogue.duplicate_key": "sleutel '%(key)s' komt twee keer voor",
    "catalogue.alias": "verwijzing '*%(anchor)s' (YAML-alias) is niet toegestaan",
    "catalogue.anchor": "anker '&%(anchor)s' (YAML-anker) is niet toegestaan",
    "catalogue.too_deep": "te diep genest (meer dan %(max)s niveaus)",
    "catalogue.tag": "YAML-tag '%(tag)s' is niet toegestaan (alleen tekst, getallen, lijsten en mappings)",
    "catalogue.invalid_date": "ongeldige datum '%(value)s'",
    # sections and fields (catalogues and overlays)
    "catalogue.not_a_mapping": "het bestand moet een mapping zijn met de onderdelen %(sections)s, niet %(found)s",
    "catalogue.unknown_section": "onbekend onderdeel '%(key)s' (toegestaan: %(allowed)s)",
    "catalogue.section_missing": "onderdeel '%(key)s' ontbreekt",
    "catalogue.section_not_list": "'%(key)s' moet een lijst zijn, niet %(found)s",
    "catalogue.item_not_mapping": "'%(key)s' item %(number)s moet een mapping zijn, niet %(found)s",
    "catalogue.unknown_field": "onbekend veld '%(key)s' (toegestaan: %(allowed)s)",
    "catalogue.field_empty": "veld '%(key)s' is leeg",
    "catalogue.field_missing": "veld '%(key)s' ontbreekt",
    "catalogue.not_text": "'%(key)s' moet tekst zijn, niet %(found)s",
    "catalogue.not_text_quote": "'%(key)s' moet tekst zijn, niet %(found)s; zet %(raw)s tussen aanhalingstekens",
    "catalogue.too_long": "'%(key)s' is %(length)s tekens, hooguit %(limit)s",
    "catalogue.not_text_or_languages": "'%(key)s' moet tekst of {nl: ..., en: ...} zijn, niet %(found)s",
    "catalogue.unknown_language": "onbekende taal '%(language)s' in '%(key)s' (nl, en)",
    "catalogue.language_not_text": "'%(key)s' moet tekst zijn",
    "catalogue.no_dutch": "'%(key)s' heeft geen Nederlandse tekst (nl)",
    "catalogue.id_unquoted": (
        '%(key)s %(written)s moet tussen aanhalingstekens staan ("%(written)s"); '
        "zonder leest YAML het als het getal %(value)s"
    ),
    "catalogue.id_not_text": "%(key)s moet een id tussen aanhalingstekens zijn, niet %(found)s",
    "catalogue.invalid_id": "ongeldig id '%(value)s' in '%(key)s' (verwacht %(expected)s)",
    "catalogue.id_listed_twice": "'%(value)s' staat twee keer in '%(key)s'",
    "catalogue.ids_too_long": "'%(key)s' is te lang (hooguit %(max)s tekens)",
    "catalogue.duplicate_id": "id komt twee keer voor (eerder op regel %(first_line)s)",
    "catalogue.not_boolean": "'%(key)s' moet true of false zijn",
    # the catalogue's header and themes
    "catalogue.header_not_mapping": "'catalogue' moet een mapping zijn met version en name",
    "catalogue.header_missing": "onderdeel 'catalogue' (met version en name) ontbreekt",
    "catalogue.invalid_version": "ongeldige versie '%(version)s' (letters, cijfers en . - + _, hooguit 40 tekens)",
    "catalogue.published_not_date": "'published' moet een datum zijn (JJJJ-MM-DD)",
    "catalogue.sources_not_mapping": "'sources' moet een mapping van naam naar tekst zijn",
    "catalogue.invalid_theme": "id moet een van %(allowed)s zijn",
    "catalogue.duplicate_theme": "komt twee keer voor (eerder op regel %(first_line)s)",
    # controls and measures
    "catalogue.wrong_theme": "thema moet %(theme)s zijn, niet %(value)s",
    "catalogue.theme_too_small": "thema %(theme)s heeft maar %(size)s controls",
    "catalogue.unknown_status": "onbekende status %(status)s (kies uit %(allowed)s)",
    "catalogue.moved_to_without_moved": "'moved_to' past alleen bij status moved",
    "catalogue.moved_without_target": "status moved vraagt om 'moved_to' (het nieuwe id)",
    "catalogue.control_of_measure_missing": "control %(control)s bestaat niet (thema %(theme)s heeft %(size)s controls)",
    "catalogue.wrong_control": "hoort volgens het id bij control %(derived)s, niet bij %(control)s",
    "catalogue.unknown_control": "hoort bij onbekende control '%(control)s'",
    "catalogue.categories_not_list": "'categories' moet een lijst zijn, bv. [basishygiene]",
    "catalogue.categories_missing": "veld 'categories' ontbreekt of is leeg (kies uit %(allowed)s)",
    "catalogue.unknown_category": "onbekende categorie %(category)s (kies uit %(allowed)s)",
    "catalogue.duplicate_category": "categorie '%(category)s' staat er twee keer",
    "catalogue.article_mismatch": (
        "'article' (%(article)s) noemt niet het artikel, lid en punt van het id "
        "(bv. '21.2.a': art. 21 lid 2 onder a)"
    ),
    "catalogue.source_names_no_clause": (
        "'source' noemt de clausule niet (bv. 'ISO/IEC 27001:2022 clause %(number)s')"
    ),
    "catalogue.clause_parent_missing": "hoort bij clausule '%(parent)s', die niet in de catalogus staat",
    # moves and replacements
    "catalogue.moved_to_unknown": "'moved_to' verwijst naar onbekend id '%(target)s'",
    "catalogue.moved_to_not_active": "'moved_to' verwijst naar '%(target)s', dat zelf niet geldend is",
    "catalogue.replaces_missing": (
        "maatregel '%(measure)s' moet 'replaces: [\"%(old)s\"]' hebben, want '%(old)s' is ernaar verplaatst"
    ),
    "catalogue.replaces_itself": "'%(new)s' kan zichzelf niet vervangen",
    "catalogue.replaces_active": (
        "'%(new)s' vervangt '%(old)s', maar '%(old)s' is nog geldend "
        "(geef het status moved of withdrawn, of haal het weg)"
    ),
    "catalogue.replaces_moved_elsewhere": "'%(new)s' vervangt '%(old)s', maar '%(old)s' is verplaatst naar '%(target)s'",
    "catalogue.measures_expected": "government_measures is true, maar er staat geen geldende maatregel onder",
    "catalogue.measures_unexpected": (
        "government_measures is false, maar er staan geldende maatregelen onder (%(measures)s)"
    ),
    # mappings
    "catalogue.unknown_relationship": "relatie %(relationship)s moet een van %(allowed)s zijn",
    "catalogue.mapping_unknown_id": "mapping naar onbekend id '%(target)s'",
    "catalogue.mapping_from_not_bio2": "'from' moet een BIO2-control, -maatregel of ISO 27001-clausule zijn",
    "catalogue.mapping_to_not_nis2": "'to' moet een NIS2-eis zijn",
    "catalogue.mapping_from_not_active": "'%(source)s' is niet meer geldend (%(status)s); koppel het nieuwe id",
    "catalogue.mapping_twice": "mapping %(source)s -> %(target)s komt twee keer voor (eerder op regel %(first_line)s)",
    # overlays
    "overlay.not_a_mapping": "het bestand moet een mapping zijn met 'overlay' en 'texts'",
    "overlay.header_missing": "onderdeel 'overlay' met 'source' (de bron en licentie) ontbreekt",
    "overlay.unknown_id": "onbekend id (niet in de geladen catalogus)",
}

ITEM_WORDS = {
    "catalogue": "catalogue",
    "theme": "thema",
    "control": "control",
    "measure": "maatregel",
    "nis2": "NIS2-eis",
    "clause": "clausule",
    "mapping": "mapping",
    "overlay": "overlay",
    "text": "tekst",
}
VALUE_WORDS = {
    "text": "tekst",
    "mapping": "een mapping",
    "list": "een lijst",
    "boolean": "true/false",
    "number": "een getal",
    "date": "een datum",
    "empty": "leeg",
}
ID_FORMATS = {
    "control": "'5.1' … '8.34'",
    "measure": "'5.01.01': thema, control en maatregel in twee cijfers",
    "nis2": "'21.2.a': artikel, lid en eventueel punt",
    "clause": "'27001-4.1' … '27001-10.2', of een onderdeel zoals '27001-6.1.2'",
    "catalogue": "een id uit deze catalogus",
    "overlay": "een id uit de catalogus, bv. '5.1' of '5.01.01'",
}
# Parameters whose value is a key of a word table, worded in the message's language.
WORDED_PARAMS = {"found": VALUE_WORDS, "expected": ID_FORMATS}


@dataclass(frozen=True)
class Item:
    """What a problem is about: a kind of item (a key of ITEM_WORDS) and its id as written ("" for none)."""

    kind: str
    id: str = ""


def item_label(kind: str, shown_id: str, words: Mapping[str, object]) -> str:
    """The item as a message starts with it: "maatregel '5.01.01'", "thema 5", "mapping"."""
    return f"{words[kind]} {shown_id}".rstrip()


def dutch(code: str, params: dict[str, Any]) -> str:
    """The Dutch wording of a problem, with its item first."""
    values = {
        name: WORDED_PARAMS[name][value] if name in WORDED_PARAMS else value for name, value in params.items()
    }
    text = MESSAGES[code] % values
    if "item" in params:
        return f"{item_label(params['item'], params['id'], ITEM_WORDS)}: {text}"
    return text


def problem(code: str, line: int, item: Item | None = None, /, **params: Any) -> Problem:
    """A problem of a YAML file at `line`; `item` (its kind and id) becomes the parameters `item` and `id`."""
    if item is not None:
        params = {"item": item.kind, "id": item.id, **params}
    return Problem(code, params, row=line, message=dutch(code, params))


class CatalogueError(RuleError):
    """A catalogue or overlay file has problems, each with its line as `row`; nothing was loaded."""

    def __init__(self, source: str, problems: Iterable[Problem] | Problem):
        super().__init__(problems)
        self.source = source

"""The XMP metadata of every report PDF: what WeasyPrint writes for PDF/A-3a (title, author, keywords, creation
date, the PDF/A identification), plus the PDF/UA-1 identification, the language, the description and the
report's kind, each new namespace declared in the PDF/A extension schema that PDF/A asks for.

WeasyPrint writes one PDF variant per pass, so the PDF/UA identification (`pdfuaid:part` 1) is added here, in
the same RDF element as WeasyPrint's own (a second rdf:RDF, which WeasyPrint's `xmp_metadata` option appends,
is not read by pikepdf's or Adobe's XMP parsers)."""

from __future__ import annotations

from xml.etree.ElementTree import (  # nosec B405 - parses only the XMP WeasyPrint itself wrote (line 64)
    Element,
    SubElement,
    fromstring,
    register_namespace,
    tostring,
)

from weasyprint.document import DocumentMetadata

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NS = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "naleving": "https://naleving.nl/ns/rapport/1.0/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}
for _prefix, _uri in NS.items():
    register_namespace(_prefix, _uri)

KIND_META = "naleving-report-kind"  # <meta name=...> of the templates: the report's kind, e.g. "soa"
# (schema, prefix, [(property, value type, category, description)]) of each namespace PDF/A does not predefine
EXTENSIONS = (
    (
        "PDF/UA Universal Accessibility Schema",
        "pdfuaid",
        [("part", "Integer", "internal", "Indicates, which part of ISO 14289 standard is followed")],
    ),
    (
        "Naleving report",
        "naleving",
        [("reportKind", "Text", "external", "The kind of Naleving report, e.g. soa, risks, pc, management")],
    ),
)


def _name(prefix: str, local: str) -> str:
    return f"{{{RDF if prefix == 'rdf' else NS[prefix]}}}{local}"


def _description(rdf: Element) -> Element:
    element = SubElement(rdf, _name("rdf", "Description"))
    element.set(_name("rdf", "about"), "")
    return element


def _resource(parent: Element) -> Element:
    item = SubElement(parent, _name("rdf", "li"))
    item.set(_name("rdf", "parseType"), "Resource")
    return item


class ReportMetadata(DocumentMetadata):  # type: ignore[misc]  # WeasyPrint ships no type information
    """WeasyPrint's document metadata, whose XMP also says PDF/UA-1, the language and the report's kind."""

    def generate_rdf_metadata(self, variant: str, version: int, conformance: str | None) -> bytes:
        # WeasyPrint's own serialisation of its element tree (user text in it is escaped): no DTD, no entities
        rdf = fromstring(super().generate_rdf_metadata(variant, version, conformance))  # noqa: S314  # nosec B314
        ours = _description(rdf)
        SubElement(ours, _name("pdfuaid", "part")).text = "1"
        if self.lang:
            languages = SubElement(SubElement(ours, _name("dc", "language")), _name("rdf", "Bag"))
            SubElement(languages, _name("rdf", "li")).text = self.lang
        if kind := self.custom.get(KIND_META):
            SubElement(ours, _name("naleving", "reportKind")).text = kind
        schemas = SubElement(
            SubElement(_description(rdf), _name("pdfaExtension", "schemas")), _name("rdf", "Bag")
        )
        for schema, prefix, properties in EXTENSIONS:
            item = _resource(schemas)
            SubElement(item, _name("pdfaSchema", "schema")).text = schema
            SubElement(item, _name("pdfaSchema", "namespaceURI")).text = NS[prefix]
            SubElement(item, _name("pdfaSchema", "prefix")).text = prefix
            sequence = SubElement(SubElement(item, _name("pdfaSchema", "property")), _name("rdf", "Seq"))
            for name, value_type, category, text in properties:
                entry = _resource(sequence)
                SubElement(entry, _name("pdfaProperty", "name")).text = name
                SubElement(entry, _name("pdfaProperty", "valueType")).text = value_type
                SubElement(entry, _name("pdfaProperty", "category")).text = category
                SubElement(entry, _name("pdfaProperty", "description")).text = text
        xml: bytes = tostring(rdf, encoding="utf-8")
        return xml


def report_metadata(metadata: DocumentMetadata) -> ReportMetadata:
    """The same metadata (as WeasyPrint read it from the HTML head) with the report's XMP additions."""
    return ReportMetadata(**vars(metadata))

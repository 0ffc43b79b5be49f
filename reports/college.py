"""The draft collegeverklaring of ENSIA with its bijlagen: the college van B&W's statement on the year's
self-evaluation as of 31 December, bijlage 1 (DigiD) and bijlage 2 (Suwinet), each referring to the IT auditor's
assurance report by its reference, as the organisation keeps them for the year (reports.ensia_year). Drafted from
the answers as of 31 December, the latest adopted SoA and the findings; CONCEPT on every page."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlmodel import Session

from controls.labels import STATUS
from controls.soa import Entry
from core import clock
from core.labels import N_, Labels, Translate, untranslated
from plan.labels import ACTION_STATUS, SEVERITY
from reports.accountability import YearPicture, year_picture
from reports.ensia import ensia_map, ensia_xlsx
from reports.ensia_year import data_of, ensia_year
from reports.language import gettext as _
from reports.models import ReportKind
from reports.parameters import FILE_NAMES, KIND_LABELS, ReportParameters
from reports.pdf import DataFile, Document, render_pdf
from risk import labels as risk_labels

TEXTS = Labels(
    {
        "draft": N_(
            "CONCEPT – ter vaststelling door het college van burgemeester en wethouders, vóór 30 april "
            "%(next)s in het ENSIA-portaal op te nemen met het assurancerapport van de IT-auditor. Opgesteld "
            "door Naleving uit de gegevens per 31 december %(year)s."
        ),
        "statement": N_(
            "Het college van burgemeester en wethouders van %(organisation)s verklaart dat de zelfevaluatie "
            "informatiebeveiliging over %(year)s is uitgevoerd met peildatum 31 december %(year)s, en dat de "
            "uitkomsten daarvan, zoals samengevat in deze verklaring en haar bijlagen, een getrouw beeld geven "
            "van de opzet, het bestaan en de werking van de beveiligingsmaatregelen op die datum."
        ),
        "annex_applies": N_(
            "Het college verklaart dat de maatregelen voor %(subject)s per 31 december %(year)s in opzet, bestaan "
            "en werking zijn zoals hieronder weergegeven. Deze bijlage steunt op het assurancerapport van de "
            "IT-auditor%(auditor)s met kenmerk %(reference)s."
        ),
        "annex_no_reference": N_("NOG IN TE VULLEN"),
        "annex_not_applicable": N_(
            "Niet van toepassing: de gemeente heeft opgegeven dat %(subject)s over %(year)s niet van toepassing is."
        ),
    }
)


@dataclass(frozen=True)
class Annex:
    number: int
    subject: str
    applies: bool
    text: str
    entries: list[Entry]  # the measures of the ENSIA part
    counts: dict[str, int]
    shortfalls: list[Entry]


def _annex(number: int, subject: str, part_id: str, applies: bool, text: str, picture: YearPicture) -> Annex:
    part = next(p for p in ensia_map().parts if p.id == part_id)
    entries = [entry for _q, _t, entry, _c in part.rows(list(picture.statement.entries)) if entry is not None]
    shortfall = {e.code for e in picture.shortfalls}
    return Annex(
        number,
        subject,
        applies,
        text,
        entries,
        dict(Counter(e.status for e in entries)),
        [e for e in entries if e.code in shortfall],
    )


def annexes(
    *, session: Session, organisation_id: int, picture: YearPicture, translate: Translate = untranslated
) -> list[Annex]:
    """Bijlage 1 (DigiD) and bijlage 2 (Suwinet) as the organisation stated them for the year."""
    data = data_of(ensia_year(session=session, organisation_id=organisation_id, year=picture.year))
    auditor = f" {data.auditor}" if data.auditor else ""
    result = []
    for number, subject, part_id, applies, reference in (
        (1, "DigiD", "digid", data.digid_applies, data.digid_reference),
        (2, "Suwinet", "suwinet", data.suwinet_applies, data.suwinet_reference),
    ):
        values = {
            "subject": subject,
            "year": picture.year,
            "auditor": auditor,
            "reference": reference or TEXTS.of("annex_no_reference", translate),
        }
        text = TEXTS.of("annex_applies" if applies else "annex_not_applicable", translate) % values
        result.append(_annex(number, subject, part_id, applies, text, picture))
    return result


def college_pdf(*, session: Session, organisation_id: int, params: ReportParameters) -> bytes:
    year = params.year or clock.today().year
    picture = year_picture(session=session, organisation_id=organisation_id, year=year)
    document = Document(
        title=f"{_(KIND_LABELS[ReportKind.COLLEGE])} {year}",
        kind_label=_("ENSIA · CONCEPT"),
        organisation_name=params.organisation_name,
        generated_by=params.generated_by,
        generated_at=params.generated_at,
        as_of=picture.reference_date,
        kind=ReportKind.COLLEGE.value,
    )
    values = {"organisation": params.organisation_name, "year": year, "next": year + 1}
    return render_pdf(
        "college.html",
        {
            "document": document,
            "toc": [],
            "cover": False,
            "picture": picture,
            "draft": TEXTS.of("draft", _) % values,
            "statement": TEXTS.of("statement", _) % values,
            "annexes": annexes(
                session=session, organisation_id=organisation_id, picture=picture, translate=_
            ),
            "status": STATUS,
            "risk_labels": risk_labels,
            "severity": SEVERITY,
            "action_status": ACTION_STATUS,
        },
        data=DataFile(
            f"{FILE_NAMES[ReportKind.COLLEGE]}-{params.organisation_slug}-{year}.xlsx",
            ensia_xlsx(session=session, organisation_id=organisation_id, params=params),
            _("ENSIA: de antwoorden per eis per 31 december, met bewijs en bevindingen"),
        ),
    )

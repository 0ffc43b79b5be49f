"""The draft In Control Verklaring (BIO2 overheidsmaatregel 5.36.01): the yearly statement on the whole of
information security, for the college van B&W to adopt, drafted from the year's picture as of 31 December (the
latest adopted SoA, the open risks with their treatment, the findings by severity and the open actions).

The statement's sentences are labels (`N_`), so that a report in another language translates them like every
other label; the draft says which exceptions it makes, and is marked CONCEPT on every page."""

from __future__ import annotations

from sqlmodel import Session

from core import clock
from core.labels import N_, Labels, Translate, untranslated
from plan.labels import ACTION_STATUS, SEVERITY
from reports.accountability import YearPicture, year_picture
from reports.ensia import ensia_xlsx
from reports.language import gettext as _
from reports.models import ReportKind
from reports.parameters import FILE_NAMES, KIND_LABELS, ReportParameters
from reports.pdf import DataFile, Document, render_pdf, short_date
from risk import labels as risk_labels

TEXTS = Labels(
    {
        "draft": N_(
            "CONCEPT – ter vaststelling door het college van burgemeester en wethouders. Deze tekst is door "
            "Naleving opgesteld uit de gegevens per 31 december %(year)s; het college stelt de verklaring vast "
            "en ondertekent haar."
        ),
        "statement": N_(
            "Het college van burgemeester en wethouders van %(organisation)s verklaart dat het over %(year)s "
            "de informatiebeveiliging van de gemeente heeft ingericht volgens de Baseline Informatiebeveiliging "
            "Overheid (BIO2): met een Verklaring van Toepasselijkheid, een risicoregister waarin de risico's "
            "zijn afgewogen tegen de vastgestelde risicobereidheid, en een verbeterplan voor wat nog niet op orde "
            "is. Daarmee is het college over %(year)s in control ten aanzien van informatiebeveiliging"
        ),
        "without_exceptions": N_(", zonder uitzonderingen."),
        "with_exceptions": N_(", met uitzondering van de onderwerpen hieronder."),
        "adopted": N_(
            "De Verklaring van Toepasselijkheid is het laatst vastgesteld op %(date)s door %(body)s (versie "
            "%(number)s)."
        ),
        "not_adopted": N_(
            "Er is tot en met 31 december %(year)s geen vastgestelde Verklaring van Toepasselijkheid: deze "
            "verklaring steunt op de antwoorden zoals die op die datum stonden, niet op een vastgestelde versie."
        ),
        "exception_not_adopted": N_("Er is geen vastgestelde Verklaring van Toepasselijkheid."),
        "exception_shortfalls": N_(
            "Toepasselijke overheidsmaatregelen die niet (volledig) geïmplementeerd of niet beantwoord zijn: %(count)s."
        ),
        "exception_appetite": N_("Risico's die na maatregelen boven de risicobereidheid liggen: %(count)s."),
        "exception_findings": N_("Open bevindingen van de auditor: %(count)s, waarvan ernstig: %(severe)s."),
    }
)


def statement_sentences(
    picture: YearPicture, organisation: str, translate: Translate = untranslated
) -> dict[str, str | list[str]]:
    """The statement's paragraphs: the statement itself, its basis and the exceptions it makes."""
    year = picture.year
    exceptions = []
    if picture.adoption is None:
        exceptions.append(TEXTS.of("exception_not_adopted", translate))
    if picture.shortfalls:
        exceptions.append(TEXTS.of("exception_shortfalls", translate) % {"count": len(picture.shortfalls)})
    if picture.register.above_appetite:
        exceptions.append(
            TEXTS.of("exception_appetite", translate) % {"count": len(picture.register.above_appetite)}
        )
    if picture.open_findings:
        severe = sum(1 for f in picture.open_findings if f.finding.severity == "severe")
        exceptions.append(
            TEXTS.of("exception_findings", translate)
            % {"count": len(picture.open_findings), "severe": severe}
        )
    ending = "with_exceptions" if exceptions else "without_exceptions"
    if picture.adoption is not None:
        basis = TEXTS.of("adopted", translate) % {
            "date": short_date(picture.adoption.adopted_on),
            "body": picture.adoption.body,
            "number": picture.adoption.number,
        }
    else:
        basis = TEXTS.of("not_adopted", translate) % {"year": year}
    return {
        "draft": TEXTS.of("draft", translate) % {"year": year},
        "statement": TEXTS.of("statement", translate) % {"organisation": organisation, "year": year}
        + TEXTS.of(ending, translate),
        "basis": basis,
        "exceptions": exceptions,
    }


def in_control_pdf(*, session: Session, organisation_id: int, params: ReportParameters) -> bytes:
    year = params.year or clock.today().year
    picture = year_picture(session=session, organisation_id=organisation_id, year=year)
    document = Document(
        title=f"{_(KIND_LABELS[ReportKind.IN_CONTROL])} {year}",
        kind_label=_("BIO2 overheidsmaatregel 5.36.01 · CONCEPT"),
        organisation_name=params.organisation_name,
        generated_by=params.generated_by,
        generated_at=params.generated_at,
        as_of=picture.reference_date,
        kind=ReportKind.IN_CONTROL.value,
    )
    return render_pdf(
        "in_control.html",
        {
            "document": document,
            "toc": [],
            "cover": False,
            "picture": picture,
            "texts": statement_sentences(picture, params.organisation_name, _),
            "risk_labels": risk_labels,
            "severity": SEVERITY,
            "action_status": ACTION_STATUS,
        },
        data=DataFile(
            f"{FILE_NAMES[ReportKind.IN_CONTROL]}-{params.organisation_slug}-{year}.xlsx",
            ensia_xlsx(session=session, organisation_id=organisation_id, params=params),
            _("ENSIA: de antwoorden per eis per 31 december, met bewijs en bevindingen"),
        ),
    )

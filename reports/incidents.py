"""Drafts of the messages of the Cbw reporting duty as PDF: the early warning (Cbw art. 26), the incident
notification (art. 27) and the final report (art. 29; a progress report while the incident goes on). Each
holds what the law asks for in that message, filled from the register; what is still empty is marked, so the
CISO sees what to add before sending it through the reporting portal. A draft is not archived: it is not a
report of record, the message sent is (recorded in the register)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session

from core import clock
from core.errors import NotFound, RuleError
from core.labels import N_
from core.organisations import organisation_facts
from incidents.clocks import Deadline
from incidents.labels import MESSAGE_KIND, RECIPIENT, STATUS
from incidents.models import IncidentStatus, MessageKind
from incidents.register import IncidentState, get_incident, state_of
from incidents.thresholds import threshold
from reports.language import DUTCH, check_language, current_language, report_language
from reports.language import gettext as _

# What the draft says of the entity and where the message goes (Dutch labels: shown in the report's language).
ENTITY_TYPE = N_("essentiële entiteit (Cbw; overheidsentiteit)")
COMPETENT_AUTHORITY = N_("de Minister van Binnenlandse Zaken en Koninkrijksrelaties (Cbw art. 15 lid 1)")
SUPERVISOR = N_("de Rijksinspectie Digitale Infrastructuur (RDI), toezicht op de overheidssector")
CHANNEL = N_(
    "het meldportaal van het NCSC; de melding gaat naar het CSIRT en de bevoegde autoriteit (Cbw art. 25 lid 1)"
)


class DraftKind(StrEnum):
    EARLY_WARNING = "early-warning"
    NOTIFICATION = "notification"
    FINAL = "final"


TITLES = {
    DraftKind.EARLY_WARNING: (N_("Vroegtijdige waarschuwing"), N_("Cbw art. 26; NIS2 art. 23 lid 4 onder a")),
    DraftKind.NOTIFICATION: (N_("Incidentmelding"), N_("Cbw art. 27; NIS2 art. 23 lid 4 onder b")),
    DraftKind.FINAL: (N_("Eindverslag"), N_("Cbw art. 29 lid 1; NIS2 art. 23 lid 4 onder d")),
}
PROGRESS_TITLE = (N_("Voortgangsverslag"), N_("Cbw art. 29 lid 2; NIS2 art. 23 lid 4 onder e"))
DRAFT_DOCUMENT = "incident-draft"  # its languages: reports.language.DOCUMENT_LANGUAGES
DEADLINE_OF = {
    DraftKind.EARLY_WARNING: MessageKind.EARLY_WARNING,
    DraftKind.NOTIFICATION: MessageKind.NOTIFICATION,
    DraftKind.FINAL: MessageKind.FINAL,
}


@dataclass(frozen=True)
class Item:
    """One thing the message must hold: what the law asks, and what the register says (empty: to fill in)."""

    label: str
    value: str
    basis: str


def _yes_no(value: bool | None) -> str:
    return "" if value is None else (_("ja") if value else _("nee"))


def _items(state: IncidentState, kind: DraftKind) -> list[Item]:
    """What the message holds, its labels and bases in the report's language, the register's texts as written
    (the thresholds in the language where data/cbw_thresholds.yaml has it)."""
    from reports.pdf import short_datetime  # the PDF library, only when a draft is made

    incident = state.incident
    language = current_language()
    thresholds = [
        t.title(language) for code in incident.thresholds.split(",") if code and (t := threshold(code))
    ]
    items = [
        Item(_("Moment van kennisname"), short_datetime(incident.aware_at), "Cbw art. 26"),
        Item(_("Wat er is gebeurd"), incident.description, "Cbw art. 26"),
        Item(_("Getroffen processen, systemen en diensten"), incident.affected, _("Cbw art. 25 lid 1")),
        Item(
            _("Waarom significant"),
            "; ".join(thresholds + [incident.significance_reason]).strip("; "),
            _("Cbw art. 25 lid 2"),
        ),
        Item(
            _("Vermoeden van een onrechtmatige of kwaadwillige handeling"),
            _yes_no(incident.suspected_malicious),
            _("Cbw art. 26 onder a"),
        ),
        Item(
            _("Mogelijke grensoverschrijdende gevolgen"),
            _yes_no(incident.cross_border),
            _("Cbw art. 26 onder b"),
        ),
    ]
    if kind in (DraftKind.NOTIFICATION, DraftKind.FINAL):
        items += [
            Item(_("Eerste beoordeling: ernst en gevolgen"), incident.assessment, "Cbw art. 27"),
            Item(
                _("Indicatoren van compromittering (indien beschikbaar)"), incident.indicators, "Cbw art. 27"
            ),
        ]
    if kind == DraftKind.FINAL:
        items += [
            Item(_("Soort dreiging of grondoorzaak"), incident.root_cause, _("Cbw art. 29 lid 1 onder b")),
            Item(
                _("Genomen en lopende risicobeperkende maatregelen"),
                incident.mitigation,
                _("Cbw art. 29 lid 1 onder c"),
            ),
            Item(_("Afgehandeld op"), short_datetime(incident.handled_at), "Cbw art. 29"),
            Item(_("Lessen"), incident.lessons, ""),
        ]
    return items


def _deadline(state: IncidentState, kind: DraftKind) -> Deadline | None:
    wanted = {DEADLINE_OF[kind]} | ({MessageKind.PROGRESS} if kind == DraftKind.FINAL else set())
    return next((d for d in state.deadlines if d.kind in wanted), None)


def incident_draft_pdf(
    *,
    session: Session,
    organisation_id: int,
    incident_id: int,
    kind: DraftKind | str,
    generated_by: str,
    language: str = DUTCH,
) -> bytes:
    """The draft of one message of the incident as PDF bytes, in Dutch or English (reports.language)."""
    from reports.pdf import Document, render_pdf  # the PDF library, only when a draft is made

    try:
        kind = DraftKind(kind)
    except ValueError:
        raise RuleError.one(
            "incident.unknown_draft", f"concept '{kind}' bestaat niet", kind=str(kind)
        ) from None
    incident = get_incident(session=session, organisation_id=organisation_id, incident_id=incident_id)
    if incident is None:
        raise NotFound(f"incident {incident_id}")
    check_language(DRAFT_DOCUMENT, language)
    state = state_of(session=session, incident=incident)
    organisation = organisation_facts(session=session, organisation_id=organisation_id)
    ongoing = incident.status == IncidentStatus.ONGOING.value
    with report_language(language, requirements=False):
        title, basis = PROGRESS_TITLE if kind == DraftKind.FINAL and ongoing else TITLES[kind]
        deadline = _deadline(state, kind)
        document = Document(
            title=f"{_(title)} {incident.reference}",
            kind_label=_("Concept – %(basis)s") % {"basis": _(basis)},
            organisation_name=organisation.name,
            generated_by=generated_by,
            generated_at=clock.now(),
            has_as_of=False,
            kind=f"incident-{kind.value}",
        )
        return render_pdf(
            "incident.html",
            {
                "document": document,
                "cover": False,
                "toc": [],
                "incident": incident,
                "items": _items(state, kind),
                "deadline": deadline,
                "deadline_label": MESSAGE_KIND.of(deadline.kind, _) if deadline else "",
                "status_label": STATUS.of(incident.status, _),
                "messages": [
                    (MESSAGE_KIND.of(m.kind, _), RECIPIENT.of(m.recipient, _), m.sent_at)
                    for m in state.messages
                ],
                "entity_type": _(ENTITY_TYPE),
                "authority": _(COMPETENT_AUTHORITY),
                "supervisor": _(SUPERVISOR),
                "channel": _(CHANNEL),
                "significant": incident.significant,
            },
        )

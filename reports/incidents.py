"""Drafts of the messages of the Cbw reporting duty as PDF: the early warning (Cbw art. 26), the incident
notification (art. 27) and the final report (art. 29; a progress report while the incident goes on). Each
holds what the law asks for in that message, filled from the register; what is still empty is marked, so the
CISO sees what to add before sending it through the reporting portal. A draft is not archived: it is not a
report of record, the message sent is (recorded in the register)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session

from core import clock
from core.errors import NotFound, RuleError
from core.organisations import organisation_facts
from incidents.clocks import Deadline
from incidents.labels import MESSAGE_KIND, RECIPIENT, STATUS
from incidents.models import IncidentStatus, MessageKind
from incidents.register import IncidentState, get_incident, state_of
from incidents.thresholds import threshold

ENTITY_TYPE = "essentiële entiteit (Cbw; overheidsentiteit)"
COMPETENT_AUTHORITY = "de Minister van Binnenlandse Zaken en Koninkrijksrelaties (Cbw art. 15 lid 1)"
SUPERVISOR = "de Rijksinspectie Digitale Infrastructuur (RDI), toezicht op de overheidssector"
CHANNEL = "het meldportaal van het NCSC; de melding gaat naar het CSIRT en de bevoegde autoriteit (Cbw art. 25 lid 1)"


class DraftKind(StrEnum):
    EARLY_WARNING = "early-warning"
    NOTIFICATION = "notification"
    FINAL = "final"


TITLES = {
    DraftKind.EARLY_WARNING: ("Vroegtijdige waarschuwing", "Cbw art. 26; NIS2 art. 23 lid 4 onder a"),
    DraftKind.NOTIFICATION: ("Incidentmelding", "Cbw art. 27; NIS2 art. 23 lid 4 onder b"),
    DraftKind.FINAL: ("Eindverslag", "Cbw art. 29 lid 1; NIS2 art. 23 lid 4 onder d"),
}
PROGRESS_TITLE = ("Voortgangsverslag", "Cbw art. 29 lid 2; NIS2 art. 23 lid 4 onder e")
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
    return "" if value is None else ("ja" if value else "nee")


def _items(state: IncidentState, kind: DraftKind) -> list[Item]:
    incident = state.incident
    thresholds = [t.nl for code in incident.thresholds.split(",") if code and (t := threshold(code))]
    items = [
        Item("Moment van kennisname", _local(incident.aware_at), "Cbw art. 26"),
        Item("Wat er is gebeurd", incident.description, "Cbw art. 26"),
        Item("Getroffen processen, systemen en diensten", incident.affected, "Cbw art. 25 lid 1"),
        Item(
            "Waarom significant",
            "; ".join(thresholds + [incident.significance_reason]).strip("; "),
            "Cbw art. 25 lid 2",
        ),
        Item(
            "Vermoeden van een onrechtmatige of kwaadwillige handeling",
            _yes_no(incident.suspected_malicious),
            "Cbw art. 26 onder a",
        ),
        Item(
            "Mogelijke grensoverschrijdende gevolgen", _yes_no(incident.cross_border), "Cbw art. 26 onder b"
        ),
    ]
    if kind in (DraftKind.NOTIFICATION, DraftKind.FINAL):
        items += [
            Item("Eerste beoordeling: ernst en gevolgen", incident.assessment, "Cbw art. 27"),
            Item("Indicatoren van compromittering (indien beschikbaar)", incident.indicators, "Cbw art. 27"),
        ]
    if kind == DraftKind.FINAL:
        items += [
            Item("Soort dreiging of grondoorzaak", incident.root_cause, "Cbw art. 29 lid 1 onder b"),
            Item(
                "Genomen en lopende risicobeperkende maatregelen",
                incident.mitigation,
                "Cbw art. 29 lid 1 onder c",
            ),
            Item("Afgehandeld op", _local(incident.handled_at) if incident.handled_at else "", "Cbw art. 29"),
            Item("Lessen", incident.lessons, ""),
        ]
    return items


def _local(moment: datetime | None) -> str:
    return "" if moment is None else clock.to_local(moment).strftime("%d-%m-%Y %H:%M")


def _deadline(state: IncidentState, kind: DraftKind) -> Deadline | None:
    wanted = {DEADLINE_OF[kind]} | ({MessageKind.PROGRESS} if kind == DraftKind.FINAL else set())
    return next((d for d in state.deadlines if d.kind in wanted), None)


def incident_draft_pdf(
    *, session: Session, organisation_id: int, incident_id: int, kind: DraftKind | str, generated_by: str
) -> bytes:
    """The draft of one message of the incident as PDF bytes."""
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
    state = state_of(session=session, incident=incident)
    organisation = organisation_facts(session=session, organisation_id=organisation_id)
    ongoing = incident.status == IncidentStatus.ONGOING.value
    title, basis = PROGRESS_TITLE if kind == DraftKind.FINAL and ongoing else TITLES[kind]
    deadline = _deadline(state, kind)
    document = Document(
        title=f"{title} {incident.reference}",
        kind_label=f"Concept – {basis}",
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
            "deadline_label": MESSAGE_KIND[deadline.kind] if deadline else "",
            "deadline_local": _local(deadline.due_at) if deadline else "",
            "status_label": STATUS[IncidentStatus(incident.status)],
            "messages": [
                (MESSAGE_KIND[MessageKind(m.kind)], RECIPIENT.of(m.recipient), _local(m.sent_at))
                for m in state.messages
            ],
            "entity_type": ENTITY_TYPE,
            "authority": COMPETENT_AUTHORITY,
            "supervisor": SUPERVISOR,
            "channel": CHANNEL,
            "significant": incident.significant,
        },
    )

"""Demo content of the incident register for Gemeente Voorbeeld: a significant incident whose clocks run (the
early warning sent, the notification due), an older one handled and reported, one that was not significant,
and the college van B&W in the board training register."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from core import clock
from core.actor import Actor
from core.dbtypes import id_of
from core.models import Organisation
from incidents.board import add_member, record_training
from incidents.models import BoardMember, Incident
from incidents.register import create_incident, record_message
from incidents.rules import IncidentData
from risk.reading import risk_references

AUTHOR = Actor.system("Carla Securitas")


def seed_incidents(session: Session, organisations: dict[str, Organisation]) -> None:
    """Idempotent: nothing happens once Gemeente Voorbeeld has incidents."""
    organisation = organisations.get("voorbeeld")
    if organisation is None:
        return
    if (
        session.exec(select(Incident.id).where(Incident.organisation_id == organisation.id)).first()
        is not None
    ):
        return
    now = clock.now().replace(second=0, microsecond=0)
    org_id = id_of(organisation)
    links = ("risk:R-014",) if "R-014" in risk_references(session=session, organisation_id=org_id) else ()
    handled = create_incident(
        session=session,
        organisation_id=org_id,
        actor=AUTHOR,
        data=IncidentData(
            title="Uitval e-loket door DDoS-aanval",
            aware_at=now - timedelta(days=50),
            occurred_at=now - timedelta(days=50, hours=1),
            thresholds=("outage_4h",),
            description="Het e-loket en de website waren zes uur onbereikbaar door een DDoS-aanval.",
            affected="E-loket, website, afsprakenmodule Burgerzaken.",
            suspected_malicious=True,
            cross_border=False,
            assessment="Zes uur geen digitale dienstverlening; geen gegevens gelekt.",
            root_cause="Volumetrische DDoS-aanval; de scrubbingdienst stond niet voor het e-loket aan.",
            mitigation="Scrubbingdienst voor alle publieke diensten ingeschakeld; draaiboek bijgewerkt.",
            status="handled",
            handled_at=now - timedelta(days=48),
            lessons="De piketdienst moet buiten kantoortijd kunnen beoordelen of een incident significant is.",
            links=links,
        ),
    )
    for kind, hours in (("early_warning", 20), ("notification", 60), ("final", 24 * 20)):
        record_message(
            session=session,
            incident=handled,
            kind=kind,
            recipient="both",
            sent_at=handled.aware_at + timedelta(hours=hours),
            content="Via het meldportaal.",
            portal_reference=f"MP-2026-{hours:04d}",
            actor=AUTHOR,
        )
    running = create_incident(
        session=session,
        organisation_id=org_id,
        actor=AUTHOR,
        data=IncidentData(
            title="Ransomware op een fileserver van Sociaal Domein",
            aware_at=now - timedelta(hours=30),
            thresholds=("outage_4h", "harm_to_others"),
            description="Bestanden op de fileserver van Sociaal Domein zijn versleuteld; een losgeldbrief gevonden.",
            affected="Fileserver Sociaal Domein; dossiers Wmo en Jeugd.",
            suspected_malicious=True,
            links=links,
        ),
    )
    record_message(
        session=session,
        incident=running,
        kind="early_warning",
        recipient="both",
        sent_at=running.aware_at + timedelta(hours=9),
        content="Vermoedelijk kwaadwillig; geen grensoverschrijdende gevolgen bekend.",
        actor=AUTHOR,
    )
    create_incident(
        session=session,
        organisation_id=org_id,
        actor=AUTHOR,
        data=IncidentData(
            title="Phishingmail bij de afdeling Financiën",
            aware_at=now - timedelta(days=10),
            description="Twee medewerkers klikten; wachtwoorden direct gewijzigd, geen misbruik gezien.",
            significance_reason="Geen drempel bereikt: geen uitval, geen schade bij anderen.",
            status="closed",
            handled_at=now - timedelta(days=10) + timedelta(hours=3),
        ),
    )
    _seed_board(session, org_id)


def _seed_board(session: Session, organisation_id: int) -> None:
    if session.exec(select(BoardMember.id).where(BoardMember.organisation_id == organisation_id)).first():
        return
    today = clock.today()
    college = (
        ("A. de Vries", "burgemeester", date(2022, 9, 1), today - timedelta(days=200)),
        ("M. Bakker", "wethouder", date(2022, 6, 1), today - timedelta(days=900)),
        ("S. Yilmaz", "wethouder", date(2026, 6, 1), None),
        ("P. Jansen", "wethouder", date(2022, 6, 1), None),
    )
    for name, position, joined, certified in college:
        member = add_member(
            session=session,
            organisation_id=organisation_id,
            name=name,
            position=position,
            joined_on=joined,
            actor=AUTHOR,
        )
        if certified is not None:
            record_training(
                session=session,
                organisation_id=organisation_id,
                member_id=id_of(member),
                course="Cyberrisico's voor bestuurders",
                trained_on=certified,
                certificate_on=certified,
                certificate_valid_until=None,
                today=today,
                actor=AUTHOR,
            )

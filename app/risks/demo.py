"""Demo risks for Gemeente Voorbeeld: a realistic municipal information-security register with revisions, and
two P&C moments with snapshots (the first before the register was updated, so the comparison shows movement).
Idempotent: nothing happens when the organisation already has risks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlmodel import Session, select

from core import clock
from core.actor import Actor
from core.models import Organisation
from risk.models import PCMoment, Risk
from risk.pc import create_moment, take_snapshot
from risk.reading import risks_by_reference
from risk.register import create_risk, known_requirement_codes, update_risk
from risk.rules import RiskData
from risk.weerstand import enter_figures

AUTHOR = Actor.system("Carla Securitas")
APPROVED_BY = Actor.system("college van B&W (demo)")  # the demo's acceptances stand as decided


def _risk(title, owner, inherent, residual, treatment, status, aspects, areas, codes, money=None, **text):
    probability, low, likely, high = money or (None, None, None, None)
    return RiskData(
        title=title,
        owner=owner,
        inherent_likelihood=inherent[0],
        inherent_impact=inherent[1],
        residual_likelihood=residual[0],
        residual_impact=residual[1],
        treatment=treatment,
        status=status,
        aspects=aspects,
        impact_areas=areas,
        requirement_codes=codes,
        probability=probability,
        impact_minimum=low,
        impact_most_likely=likely,
        impact_maximum=high,
        **text,
    )


BIV = ("availability", "integrity", "confidentiality")
B, I, V = ("availability",), ("integrity",), ("confidentiality",)  # noqa: E741 - the Dutch BIV letters


def demo_register(today: date) -> list[RiskData]:
    """The register as it stood at the begroting (before the updates of `demo_updates`)."""
    return [
        _risk(
            "Ransomware legt de gemeentelijke dienstverlening plat",
            "Concerndirecteur",
            (4, 5),
            (3, 4),
            "reduce",
            "in_treatment",
            BIV,
            ("financial", "public_trust", "publicity", "management_control"),
            ("8.7", "8.13", "5.24", "5.30"),
            (30, 250_000, 750_000, 3_000_000),
            description="Criminelen versleutelen servers en back-ups en dreigen gegevens te publiceren.",
            cause="Phishing, ongepatchte systemen, te ruime beheerrechten.",
            consequence="Dagen tot weken geen paspoorten, uitkeringen of vergunningen; herstelkosten; datalek.",
            review_on=today + timedelta(days=60),
        ),
        _risk(
            "Datalek uit de BRP door misbruik van autorisaties",
            "Afdelingshoofd Publiekszaken",
            (3, 5),
            (2, 4),
            "reduce",
            "in_treatment",
            V,
            ("public_trust", "reputation", "financial"),
            ("5.15", "5.18", "8.2"),
            (10, 50_000, 200_000, 1_000_000),
            description="Medewerkers of gekaapte accounts raadplegen of verstrekken persoonsgegevens zonder grondslag.",
            cause="Autorisaties niet periodiek herzien; geen controle op raadplegingen.",
            consequence="Melding bij de AP, boete, schade voor betrokkenen en vertrouwen in de gemeente.",
            review_on=today + timedelta(days=120),
        ),
        _risk(
            "Uitval van de ICT-dienstverlening door Gemeente Buurdorp (shared service)",
            "CIO",
            (3, 4),
            (2, 4),
            "transfer",
            "monitoring",
            B,
            ("financial", "management_control"),
            ("5.19", "5.20", "5.22", "5.30"),
            (30, 100_000, 300_000, 900_000),
            description="De gezamenlijke ICT-organisatie kan haar diensten dagen niet leveren.",
            cause="Storing, faillissement van een onderaannemer, capaciteitstekort bij de leverancier.",
            consequence="Balies en zaaksysteem onbruikbaar; wettelijke termijnen niet gehaald.",
            review_on=today + timedelta(days=200),
        ),
        _risk(
            "Phishing leidt tot overname van accounts",
            "CISO",
            (5, 3),
            (3, 3),
            "reduce",
            "in_treatment",
            (*V, *I),
            ("reputation", "staff_motivation"),
            ("6.3", "8.5"),
            (50, 10_000, 40_000, 150_000),
            description="Medewerkers geven inloggegevens af op nagemaakte inlogpagina's.",
            cause="Overtuigende berichten, MFA nog niet overal ingevoerd.",
            consequence="Toegang tot mail en documenten; misbruik voor verdere aanvallen.",
            review_on=today - timedelta(days=10),
        ),
        _risk(
            "Verlies of diefstal van laptops en telefoons",
            "Teamleider Facilitair",
            (4, 2),
            (2, 2),
            "reduce",
            "monitoring",
            V,
            ("reputation",),
            ("8.1", "8.24"),
            (70, 2_000, 5_000, 20_000),
            description="Apparaten met gemeentelijke gegevens raken zoek of worden gestolen.",
            review_on=today + timedelta(days=300),
        ),
        _risk(
            "Kwetsbaarheden in webapplicaties worden niet tijdig gepatcht",
            "Teamleider ICT",
            (4, 4),
            (3, 3),
            "reduce",
            "in_treatment",
            BIV,
            ("financial", "publicity"),
            ("8.8", "8.9"),
            (30, 20_000, 80_000, 400_000),
            description="Bekende kwetsbaarheden in het e-loket en de website blijven weken open.",
        ),
        _risk(
            "Verouderd zaaksysteem zonder ondersteuning van de leverancier",
            "Afdelingshoofd Informatievoorziening",
            (3, 3),
            (3, 3),
            "accept",
            "monitoring",
            (*B, *I),
            ("management_control",),
            ("8.8",),
            (30, 25_000, 75_000, 250_000),
            accepted_by="College van B&W",
            accepted_on=today - timedelta(days=400),
            acceptance_expires_on=today - timedelta(days=35),
            description="Het zaaksysteem krijgt geen beveiligingsupdates meer tot de vervanging in gebruik is.",
        ),
        _risk(
            "Ongeautoriseerde toegang tot het gemeentehuis en de serverruimte",
            "Teamleider Facilitair",
            (2, 3),
            (1, 3),
            "reduce",
            "monitoring",
            (*B, *V),
            ("reputation",),
            ("7.1", "7.2"),
            description="Bezoekers of oud-medewerkers komen zonder begeleiding in afgeschermde ruimtes.",
        ),
        _risk(
            "Stroomuitval in de serverruimte",
            "Teamleider ICT",
            (2, 4),
            (1, 4),
            "transfer",
            "monitoring",
            B,
            ("financial",),
            ("7.11",),
            (10, 20_000, 60_000, 200_000),
            description="Langdurige stroomstoring; de noodstroom is niet getest.",
        ),
        _risk(
            "Onjuiste gegevens in het sociaal domein door foutieve koppelingen",
            "Manager Sociaal Domein",
            (3, 4),
            (2, 3),
            "reduce",
            "in_treatment",
            I,
            ("public_trust", "financial", "political"),
            ("8.28", "8.29"),
            (30, 25_000, 100_000, 400_000),
            description="Koppelingen tussen Wmo-, Jeugd- en Participatiesystemen geven verkeerde beschikkingen.",
        ),
        _risk(
            "DDoS-aanval op website en e-loket",
            "Teamleider ICT",
            (3, 3),
            (2, 2),
            "transfer",
            "monitoring",
            B,
            ("publicity",),
            ("8.20", "8.6"),
            (30, 5_000, 20_000, 80_000),
            description="Overbelasting maakt digitale dienstverlening uren onbereikbaar.",
        ),
        _risk(
            "Medewerkers raadplegen gegevens zonder noodzaak",
            "Privacy officer",
            (3, 4),
            (2, 3),
            "reduce",
            "open",
            V,
            ("public_trust", "staff_motivation"),
            ("5.15", "8.15"),
            (10, 10_000, 50_000, 250_000),
            description="Nieuwsgierigheid naar bekende inwoners of collega's in dossiers.",
        ),
        _risk(
            "Incidenten worden te laat ontdekt door onvoldoende logging en monitoring",
            "CISO",
            (4, 3),
            (3, 3),
            "reduce",
            "open",
            BIV,
            ("management_control",),
            ("8.15", "8.16"),
            description="Afwijkend gedrag wordt niet gezien; een aanval loopt weken.",
        ),
        _risk(
            "Incidentafhandeling: een significant incident wordt niet binnen de Cbw-termijnen gemeld",
            "CISO",
            (3, 4),
            (2, 4),
            "reduce",
            "in_treatment",
            BIV,
            ("political", "financial", "reputation"),
            ("5.24", "5.26"),
            (10, 50_000, 100_000, 500_000),
            description="De meldplicht (Cbw art. 25-29) is een wettelijke plicht en wordt niet als risico "
            "geaccepteerd. Het proces voor de vroegtijdige waarschuwing (24 uur) aan het CSIRT en de bevoegde "
            "autoriteit is nog niet beproefd. Acties: incidentregister met termijnbewaking in gebruik nemen, "
            "piketdienst CISO, jaarlijkse meldoefening met het college van B&W.",
            cause="Buiten kantoortijd is niet geregeld wie beoordeelt of een incident significant is.",
            consequence="Een te late melding: toezicht door de RDI, bestuurlijke en financiële gevolgen.",
        ),
        _risk(
            "Schaduw-IT: gebruik van niet-goedgekeurde clouddiensten",
            "CIO",
            (4, 3),
            (3, 3),
            "avoid",
            "open",
            V,
            ("reputation", "management_control"),
            ("5.23", "5.10"),
            description="Teams delen documenten via eigen accounts bij publieke clouddiensten.",
        ),
        _risk(
            "Windows 10-werkplekken na einde ondersteuning",
            "Teamleider ICT",
            (4, 4),
            (2, 3),
            "reduce",
            "in_treatment",
            BIV,
            ("financial",),
            ("8.8",),
            (50, 10_000, 30_000, 90_000),
            description="Werkplekken krijgen na oktober 2025 geen beveiligingsupdates meer.",
        ),
    ]


def demo_updates(today: date) -> dict[str, dict]:
    """Changes after the begroting: measures taken, a risk closed, acceptance renewed."""
    return {
        "R-001": {"residual_likelihood": 2, "residual_impact": 4, "status": "in_treatment"},
        "R-004": {"residual_likelihood": 2, "residual_impact": 3, "review_on": today + timedelta(days=90)},
        "R-006": {"residual_likelihood": 2, "status": "monitoring"},
        "R-016": {"status": "closed"},
    }


def seed_demo_risks(session: Session, organisations: dict[str, Organisation]) -> None:
    organisation = organisations.get("voorbeeld")
    if organisation is None:
        return
    if session.exec(select(Risk.id).where(Risk.organisation_id == organisation.id)).first() is not None:
        return
    today = clock.today()
    register = demo_register(today)
    known = known_requirement_codes(
        session=session, codes={code for data in register for code in data.requirement_codes}
    )
    for data in register:
        codes = tuple(code for code in data.requirement_codes if code in known)
        create_risk(
            session=session,
            organisation_id=organisation.id,
            data=replace(data, requirement_codes=codes),
            actor=AUTHOR,
            note="eerste risicoanalyse",
            approved_by=APPROVED_BY,
        )
    year = today.year
    begroting = create_moment(
        session=session,
        organisation_id=organisation.id,
        kind="begroting",
        year=year,
        moment_on=date(year - 1, 11, 1),
        available_capacity=4_500_000,
        note="Programmabegroting",
        actor=AUTHOR,
    )
    take_snapshot(session=session, moment=begroting, seed=20251101, actor=AUTHOR)
    _budget_figures(session, begroting, 18_500_000, 9_400_000, f"Programmabegroting {year}")
    heads = risks_by_reference(session=session, organisation_id=organisation.id)
    for reference, change in demo_updates(today).items():
        risk = heads[reference]
        data = replace(register[int(reference[2:]) - 1], **change)
        data = replace(data, requirement_codes=tuple(c for c in data.requirement_codes if c in known))
        update_risk(
            session=session,
            risk=risk,
            data=data,
            expected_revision=risk.revision,
            actor=AUTHOR,
            note="maatregelen uit het actieplan",
            approved_by=APPROVED_BY,
        )
    tussenrapportage = create_moment(
        session=session,
        organisation_id=organisation.id,
        kind="tussenrapportage",
        year=year,
        moment_on=date(year, 6, 30),
        available_capacity=3_800_000,
        note="Eerste tussenrapportage",
        actor=AUTHOR,
    )
    take_snapshot(session=session, moment=tussenrapportage, seed=20260630, actor=AUTHOR)
    _budget_figures(session, tussenrapportage, 17_900_000, 9_900_000, f"Eerste tussenrapportage {year}")


def _budget_figures(session: Session, moment: PCMoment, available: int, other: int, document: str) -> None:
    """The begroting's own figures (invented for the demo): its available capacity and the other risks."""
    enter_figures(
        session=session,
        moment=moment,
        available_capacity=available,
        other_required_capacity=other,
        certainty=0.90,
        source=f"{document}, paragraaf weerstandsvermogen en risicobeheersing (demo)",
        actor=AUTHOR,
    )

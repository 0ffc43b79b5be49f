"""Demo shared services: what Gemeente Buurdorp, the IT provider, shares with Gemeente Voorbeeld."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from controls.sharing import set_offer
from core import clock
from core.actor import Actor
from core.models import Organisation

# What Buurdorp shares with the organisations it serves (its own explanations above stay its own).
SHARED = {
    "8.07.03": "Antimalware op alle werkplekken en servers in het regionale netwerk, centraal beheerd.",
    "8.13.01": "Dagelijkse back-ups met onveranderbare kopieën; het beleid ligt ter inzage bij de DVO.",
    "8.13.02": "Hersteltijden zijn vastgelegd in de dienstverleningsovereenkomst (DVO).",
    "8.13.03": "Een tweede kopie staat op een andere locatie van de regio.",
    "8.13.04": "Hersteltests volgens het testplan van het IT-centrum; de uitkomst komt in de kwartaalrapportage.",
    "8.21.04": "Versleutelde verbindingen (TLS 1.2 of hoger) op alle diensten van het IT-centrum.",
    "8.31.01": "Gescheiden ontwikkel-, test- en productieomgevingen voor de gedeelde applicaties.",
}


def share_demo_services(session: Session, provider: Organisation, ids: dict[str, int], actor: Actor) -> None:
    """Buurdorp offers the requirements Voorbeeld inherits, before Voorbeeld's answers (200 days ago)."""
    at = clock.now() - timedelta(days=200)
    for code, text in SHARED.items():
        if code in ids:
            set_offer(
                session=session,
                provider_id=provider.id,
                requirement_id=ids[code],
                offered=True,
                shared_text=text,
                base_revision=0,
                actor=actor,
                at=at,
            )

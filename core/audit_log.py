"""Reading the audit trail: one organisation's events, filtered and paged, their labels, and the sheet.

An organisation's logboek holds exactly the events recorded with its `organisation_id`. Events of a user as
such (logins, logouts, a password or activation change) are recorded without an organisation: they belong to
no organisation's logboek, also not to one of the organisations the user is a member of, so an admin never sees
when or from where a member of another organisation logs in. The operator reads them with
`naleving audit list --platform`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from core.clock import LOCAL_ZONE, to_local
from core.labels import N_, Labels, Translate, untranslated
from core.models import AuditEvent

if TYPE_CHECKING:
    from core.tabular import SheetSpec

PAGE_SIZE = 50

ACTIONS = Labels(
    {
        "organisation.created": N_("Organisatie aangemaakt"),
        "organisation.changed": N_("Instellingen van de organisatie gewijzigd"),
        "organisation.published": N_("VvT en reikwijdte openbaar gemaakt"),
        "organisation.unpublished": N_("VvT en reikwijdte niet meer openbaar"),
        "user.created": N_("Gebruiker aangemaakt"),
        "membership.added": N_("Lid toegevoegd"),
        "membership.changed": N_("Rol gewijzigd"),
        "membership.removed": N_("Lid verwijderd"),
        "user.password_changed": N_("Wachtwoord gewijzigd"),
        "user.activated": N_("Gebruiker geactiveerd"),
        "user.deactivated": N_("Gebruiker gedeactiveerd"),
        "login.succeeded": N_("Aangemeld"),
        "login.failed": N_("Aanmelden mislukt"),
        "login.refused_locked": N_("Aanmelden geweigerd (geblokkeerd)"),
        "logout": N_("Afgemeld"),
        "answer.recorded": N_("Antwoord vastgelegd"),
        "answer.carried_over": N_("Antwoord overgenomen naar een nieuwe eis"),
        "answer.copied_out": N_("Antwoord gekopieerd naar een andere organisatie"),
        "answer.copied_in": N_("Antwoord gekopieerd uit een andere organisatie"),
        "shared_answer.changed": N_("Gewijzigd bij de leverancier"),
        "evidence.added": N_("Bewijsstuk toegevoegd"),
        "evidence.removed": N_("Bewijsstuk verwijderd"),
        "catalogue.loaded": N_("Catalogus geladen"),
        "catalogue.texts_loaded": N_("Volledige teksten geladen"),
        "catalogue.texts_removed": N_("Volledige teksten verwijderd"),
        "risk.created": N_("Risico toegevoegd"),
        "risk.changed": N_("Risico gewijzigd"),
        "risk.matrix_changed": N_("Risicomatrix gewijzigd"),
        "pc.moment_created": N_("P&C-moment aangemaakt"),
        "pc.moment_changed": N_("P&C-moment gewijzigd"),
        "pc.snapshot_taken": N_("Momentopname gemaakt"),
        "report.generated": N_("Rapport gemaakt"),
        "schedule.created": N_("Planning aangemaakt"),
        "schedule.changed": N_("Planning gewijzigd"),
        "ensia.year_recorded": N_("ENSIA-jaar vastgelegd (bijlagen van de collegeverklaring)"),
    }
)

# The kinds a logboek filters on: the part of the action code before the dot.
KINDS = Labels(
    {
        "answer": N_("Antwoorden"),
        "shared_answer": N_("Leverancier"),
        "evidence": N_("Bewijs"),
        "risk": N_("Risico's"),
        "pc": N_("P&C-cyclus"),
        "report": N_("Rapporten"),
        "schedule": N_("Planning"),
        "ensia": N_("ENSIA"),
        "catalogue": N_("Catalogus"),
        "membership": N_("Gebruikers en rollen"),
        "organisation": N_("Organisatie"),
        "user": N_("Gebruikers"),
        "login": N_("Aanmelden"),
    }
)


def action_label(action: str, translate: Translate = untranslated) -> str:
    """The readable description of an action code (the code itself when it has no label yet)."""
    return ACTIONS.of(action, translate, default=action)


def kind_of(action: str) -> str:
    return action.split(".", 1)[0]


@dataclass(frozen=True)
class AuditFilter:
    since: date | None = None  # from the start of this day (Amsterdam)
    until: date | None = None  # to the end of this day
    actor_id: int | None = None
    kind: str | None = None  # a key of KINDS
    subject: str = ""  # a requirement code or risk reference, exactly


def day_start(day: date, *, days: int = 0) -> datetime:
    """The first moment of a local calendar day (`days` later), in UTC."""
    return datetime.combine(day + timedelta(days=days), time(0), LOCAL_ZONE).astimezone(UTC)


def _where(query: Any, organisation_id: int | None, filters: AuditFilter) -> Any:
    if organisation_id is None:
        query = query.where(col(AuditEvent.organisation_id).is_(None))
    else:
        query = query.where(col(AuditEvent.organisation_id) == organisation_id)
    if filters.since is not None:
        query = query.where(col(AuditEvent.at) >= day_start(filters.since))
    if filters.until is not None:
        query = query.where(col(AuditEvent.at) < day_start(filters.until, days=1))
    if filters.actor_id is not None:
        query = query.where(col(AuditEvent.actor_id) == filters.actor_id)
    if filters.kind:
        query = query.where(
            col(AuditEvent.action).like(f"{filters.kind}.%") | (col(AuditEvent.action) == filters.kind)
        )
    if filters.subject:
        query = query.where(col(AuditEvent.subject) == filters.subject)
    return query


def events_of(
    *,
    session: Session,
    organisation_id: int | None,
    filters: AuditFilter = AuditFilter(),
    offset: int = 0,
    limit: int | None = PAGE_SIZE,
) -> list[AuditEvent]:
    """The organisation's events (None: those of no organisation), newest first; one query."""
    query = _where(select(AuditEvent), organisation_id, filters)
    query = query.order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc()).offset(offset)
    return list(session.exec(query.limit(limit) if limit is not None else query).all())


def count_events(
    *, session: Session, organisation_id: int | None, filters: AuditFilter = AuditFilter()
) -> int:
    query = _where(select(func.count()).select_from(AuditEvent), organisation_id, filters)
    return int(session.exec(query).one())


def actors_of(*, session: Session, organisation_id: int) -> list[tuple[int, str]]:
    """Who acted in the organisation's logboek (id, newest name there), for the filter."""
    rows = session.exec(
        select(col(AuditEvent.actor_id), func.max(col(AuditEvent.actor_name)))
        .where(col(AuditEvent.organisation_id) == organisation_id, col(AuditEvent.actor_id).is_not(None))
        .group_by(col(AuditEvent.actor_id))
        .order_by(func.max(col(AuditEvent.actor_name)))
    ).all()
    return [(int(actor_id or 0), str(name)) for actor_id, name in rows]


def changes_of(event: AuditEvent) -> list[tuple[str, Any, Any]]:
    """What the event changed, as (field, before, after)."""
    if not event.changes:
        return []
    return [(name, pair[0], pair[1]) for name, pair in json.loads(event.changes).items()]


def _shown(value: Any) -> str:
    return "–" if value is None or value == "" else str(value)


def describe_changes(event: AuditEvent) -> str:
    return "; ".join(f"{name}: {_shown(old)} → {_shown(new)}" for name, old, new in changes_of(event))


@cache
def audit_sheet() -> SheetSpec:
    """The logboek's sheet, made when a sheet is (core.tabular is not loaded by reading the logboek)."""
    from core.tabular import Column, SheetSpec

    return SheetSpec(
        "Logboek",
        columns=(
            Column("Tijdstip", 20, key="at"),
            Column("Gebeurtenis", 34, key="action"),
            Column("Code", 22, key="code"),
            Column("Door", 24, key="actor"),
            Column("Betreft", 24, key="subject"),
            Column("Details", 40, wrap=True, key="detail"),
            Column("Wijzigingen", 60, wrap=True, key="changes"),
            Column("IP-adres", 16, key="ip"),
        ),
        ref="at",
    )


def export_events(events: Iterable[AuditEvent], *, translate: Translate = untranslated) -> bytes:
    """The events as an .xlsx sheet, in local time (core.tabular's writer loaded here: `naleving audit list`
    writes no sheet)."""
    from core.tabular import export

    rows = [
        {
            "at": to_local(event.at).strftime("%Y-%m-%d %H:%M:%S"),
            "action": action_label(event.action, translate),
            "code": event.action,
            "actor": event.actor_name,
            "subject": event.subject,
            "detail": event.detail,
            "changes": describe_changes(event),
            "ip": event.ip,
        }
        for event in events
    ]
    return export(audit_sheet(), rows)

"""The daily reminder: per user and organisation one digest of their actions due within 14 days or overdue, the
reviews due (answers and risks, for the CISOs who keep them) and the approvals waiting for them. Users can switch
the mail off; every mail sent is recorded (append-only) so a day's digest goes out once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, col, select

from controls.answers import latest_revisions
from controls.models import Requirement
from controls.receivers import provider_changes
from core import clock
from core.actor import Actor
from core.audit import record_event
from core.dbtypes import id_of
from core.models import Membership, Organisation, Role, User
from plan.actions import is_overdue
from plan.approvals import waiting_for
from plan.models import OPEN_STATUSES, Action, ReminderMail, ReminderPreference
from risk.models import Risk, RiskStatus
from scope.labels import EVIDENCE
from scope.suppliers import expiring_evidence

HORIZON = timedelta(days=14)
DAY = timedelta(days=1)


@dataclass
class Digest:
    user_id: int
    email: str
    organisation_id: int
    organisation_name: str
    actions: list[tuple[str, str, date, bool]] = field(default_factory=list)  # reference, title, due, overdue
    reviews: list[tuple[str, date]] = field(default_factory=list)  # requirement code or risk reference, due
    approvals: list[tuple[int, str, str]] = field(default_factory=list)  # id, kind, subject
    suppliers: list[tuple[str, str, date, bool]] = field(
        default_factory=list
    )  # supplier, kind, expires, expired
    provider: list[tuple[str, str]] = field(default_factory=list)  # requirement code, provider: changed there

    @property
    def items(self) -> int:
        return (
            len(self.actions)
            + len(self.reviews)
            + len(self.approvals)
            + len(self.suppliers)
            + len(self.provider)
        )

    def subject(self) -> str:
        return f"Naleving: {self.items} punten voor u bij {self.organisation_name}"

    def body(self) -> str:
        lines = ["Goedendag,", "", f"Dit vraagt uw aandacht bij {self.organisation_name}:", ""]
        if self.actions:
            lines.append("Acties (binnen 14 dagen of te laat):")
            lines += [
                f"- {ref} {title}: {due.isoformat()}{' (te laat)' if late else ''}"
                for ref, title, due, late in self.actions
            ]
            lines.append("")
        if self.reviews:
            lines.append("Herbeoordelingen:")
            lines += [f"- {subject}: {due.isoformat()}" for subject, due in self.reviews]
            lines.append("")
        if self.suppliers:
            lines.append("Bewijs van leveranciers dat verloopt (binnen 14 dagen) of verlopen is:")
            lines += [
                f"- {supplier}: {EVIDENCE.of(kind)}, {'verlopen' if expired else 'verloopt'} op {expires.isoformat()}"
                for supplier, kind, expires, expired in self.suppliers
            ]
            lines.append("")
        if self.provider:
            lines.append("Gewijzigd bij de leverancier (antwoorden waarop uw organisatie steunt):")
            lines += [f"- {code} bij {provider}" for code, provider in self.provider]
            lines.append("")
        if self.approvals:
            lines.append("Wacht op uw goedkeuring:")
            lines += [f"- {kind}: {subject}" for _id, kind, subject in self.approvals]
            lines.append("")
        lines += [
            "U kunt deze mail uitzetten onder 'Herinneringen' in Naleving.",
            "Dit bericht is automatisch verstuurd.",
        ]
        return "\n".join(lines)


def reminders_enabled(*, session: Session, user_id: int) -> bool:
    preference = session.get(ReminderPreference, user_id)
    return preference is None or preference.enabled


def set_reminders(*, session: Session, user: User, enabled: bool, actor: Actor) -> None:
    stored = session.get(ReminderPreference, id_of(user))
    preference = stored or ReminderPreference(user_id=id_of(user))
    before = stored.enabled if stored is not None else True
    preference.enabled = enabled
    preference.changed_at = clock.now()
    session.add(preference)
    record_event(
        session=session,
        action="reminders.changed",
        actor=actor,
        subject=user.email,
        changes={"enabled": (before, enabled)},
    )
    session.flush()


def _reviews(*, session: Session, organisation_id: int, until: date) -> list[tuple[str, date]]:
    latest = latest_revisions(session=session, organisation_id=organisation_id)
    due = {rid: rev.next_review_due for rid, rev in latest.items() if rev.next_review_due <= until}
    codes = {}
    if due:
        codes = {
            id_of(r): r.code for r in session.exec(select(Requirement).where(col(Requirement.id).in_(due)))
        }
    found = [(codes[rid], day) for rid, day in due.items() if rid in codes]
    risks = session.exec(
        select(Risk).where(
            col(Risk.organisation_id) == organisation_id,
            col(Risk.status) != RiskStatus.CLOSED.value,
            col(Risk.review_on) <= until,
        )
    ).all()
    found += [(r.reference, r.review_on) for r in risks if r.review_on is not None]
    return sorted(found, key=lambda item: (item[1], item[0]))


def digests(*, session: Session, organisation: Organisation, today: date) -> list[Digest]:
    """The digests of the organisation's users who want the mail and have something to read (not yet sent
    today)."""
    until = today + HORIZON
    members = session.exec(
        select(User, Membership.role)
        .join(Membership, col(Membership.user_id) == col(User.id))
        .where(col(Membership.organisation_id) == id_of(organisation), col(User.active).is_(True))
    ).all()
    actions = session.exec(
        select(Action).where(
            col(Action.organisation_id) == id_of(organisation),
            col(Action.status).in_(OPEN_STATUSES),
            col(Action.due_on) <= until,
            col(Action.owner_id).is_not(None),
        )
    ).all()
    sent = set(
        session.exec(
            select(col(ReminderMail.user_id)).where(
                col(ReminderMail.organisation_id) == id_of(organisation), col(ReminderMail.sent_on) == today
            )
        ).all()
    )
    reviews: list[tuple[str, date]] | None = None
    # the provider's changes since the start of yesterday (controls.receivers), for the CISOs
    provider = (
        [
            (change.code, change.provider)
            for change in provider_changes(
                session=session, organisation_id=id_of(organisation), since=clock.end_of_day(today - 2 * DAY)
            )
        ]
        if organisation.provider_id is not None
        else []
    )
    suppliers = [
        (supplier.name, evidence.kind, evidence.expires_on, evidence.expires_on < today)
        for supplier, evidence in expiring_evidence(
            session=session, organisation_id=id_of(organisation), today=today, within=HORIZON
        )
        if evidence.expires_on is not None
    ]
    result = []
    for user, role in members:
        if id_of(user) in sent or not reminders_enabled(session=session, user_id=id_of(user)):
            continue
        digest = Digest(id_of(user), user.email, id_of(organisation), organisation.name)
        digest.actions = [
            (a.reference, a.title, a.due_on, is_overdue(a, today))
            for a in sorted(actions, key=lambda a: a.due_on or today)
            if a.owner_id == user.id and a.due_on is not None
        ]
        if role == Role.CISO.value:
            if reviews is None:
                reviews = _reviews(session=session, organisation_id=id_of(organisation), until=until)
            digest.reviews = reviews
            digest.suppliers = suppliers  # the scope register's assurance evidence (scope.suppliers)
            digest.provider = provider
        digest.approvals = [
            (id_of(a), a.kind, a.subject)
            for a in waiting_for(
                session=session, organisation_id=id_of(organisation), user_id=id_of(user), role=Role(role)
            )
        ]
        if digest.items:
            result.append(digest)
    return result


def record_sent(*, session: Session, digest: Digest, today: date) -> ReminderMail:
    mail = ReminderMail(
        user_id=digest.user_id,
        organisation_id=digest.organisation_id,
        sent_on=today,
        sent_at=clock.now(),
        recipient=digest.email,
        subject=digest.subject()[:200],
        items=digest.items,
        body=digest.body(),
    )
    session.add(mail)
    record_event(
        session=session,
        action="reminders.sent",
        actor=Actor.system("herinneringen"),
        organisation_id=digest.organisation_id,
        subject=digest.email,
        detail=f"{digest.items} punten",
    )
    session.flush()
    return mail

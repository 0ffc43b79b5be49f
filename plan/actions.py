"""Actions of the improvement plan: record them as revisions (never in place), link them to what they close,
and read them (the list, the overdue ones, those linked to a requirement, risk or finding). Every change is
audited here, so the page, the command line and the sheet import are audited alike."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from controls.models import Requirement
from core import clock
from core.actor import Actor
from core.audit import changed_fields, record_event
from core.dbtypes import id_of
from core.errors import Problem, RuleError, StaleEdit
from core.models import Membership, User
from plan.models import OPEN_STATUSES, Action, ActionLink, ActionRevision, ActionStatus, LinkKind
from risk.models import Risk

MAX_TITLE = 200
MAX_NAME = 200
MAX_TEXT = 5000
MAX_AMOUNT = 10**10
REFERENCE = re.compile(r"^A-(\d{3,6})$")


def problem(field: str, code: str, **params: object) -> Problem:
    return Problem(f"action.{code}", params, field)


@dataclass(frozen=True)
class ActionData:
    """What a user records about an action: the fields of one revision."""

    title: str
    status: str = ActionStatus.OPEN.value
    description: str = ""
    owner_id: int | None = None
    owner_name: str = ""
    due_on: date | None = None
    effort_hours: int | None = None
    cost_euros: int | None = None

    def normalised(self) -> ActionData:
        return replace(
            self,
            title=self.title.strip(),
            description=self.description.strip().replace("\r\n", "\n"),
            owner_name=self.owner_name.strip(),
        )

    def problems(self) -> list[Problem]:
        found = []
        if not self.title:
            found.append(problem("title", "title_required"))
        elif len(self.title) > MAX_TITLE:
            found.append(problem("title", "too_long", limit=MAX_TITLE))
        if len(self.description) > MAX_TEXT:
            found.append(problem("description", "too_long", limit=MAX_TEXT))
        if len(self.owner_name) > MAX_NAME:
            found.append(problem("owner_name", "too_long", limit=MAX_NAME))
        if self.owner_id is None and not self.owner_name:
            found.append(problem("owner_name", "owner_required"))
        if self.status not in {status.value for status in ActionStatus}:
            found.append(problem("status", "unknown_status", value=self.status))
        elif self.status in OPEN_STATUSES and self.due_on is None:
            found.append(problem("due_on", "due_required"))
        for name in ("effort_hours", "cost_euros"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= MAX_AMOUNT:
                found.append(problem(name, "amount_out_of_range", maximum=MAX_AMOUNT))
        return found


DATA_FIELDS = tuple(f.name for f in fields(ActionData))


def data_of(row: Action | ActionRevision) -> ActionData:
    return ActionData(**{name: getattr(row, name) for name in DATA_FIELDS})


def is_open(action: Action | ActionData) -> bool:
    return action.status in OPEN_STATUSES


def is_overdue(action: Action | ActionData, today: date) -> bool:
    return is_open(action) and action.due_on is not None and action.due_on < today


def format_reference(number: int) -> str:
    return f"A-{number:03d}"


def next_reference(*, session: Session, organisation_id: int) -> str:
    references = session.exec(
        select(col(Action.reference)).where(col(Action.organisation_id) == organisation_id)
    ).all()
    numbers = [int(match.group(1)) for r in references if (match := REFERENCE.match(r))]
    return format_reference(max(numbers, default=0) + 1)


def members_of(*, session: Session, organisation_id: int) -> list[User]:
    """The users of the organisation, who can own actions, by name."""
    return list(
        session.exec(
            select(User)
            .join(Membership, col(Membership.user_id) == col(User.id))
            .where(col(Membership.organisation_id) == organisation_id)
            .order_by(col(User.name), col(User.email))
        ).all()
    )


def _checked(*, session: Session, organisation_id: int, data: ActionData) -> ActionData:
    data = data.normalised()
    found = data.problems()
    if data.owner_id is not None:
        owner = session.exec(
            select(User)
            .join(Membership, col(Membership.user_id) == col(User.id))
            .where(col(Membership.organisation_id) == organisation_id, col(User.id) == data.owner_id)
        ).first()
        if owner is None:
            found.append(problem("owner_id", "owner_not_member"))
        elif not data.owner_name:
            data = replace(data, owner_name=(owner.name or owner.email)[:MAX_NAME])
    if found:
        raise RuleError(found)
    return data


def _revision(action: Action, number: int, data: ActionData, actor: Actor, note: str) -> ActionRevision:
    return ActionRevision(
        action_id=id_of(action),
        number=number,
        changed_at=clock.now(),
        changed_by_id=actor.user_id,
        changed_by=actor.name[:254],
        note=note[:500],
        **asdict(data),
    )


def create_action(
    *,
    session: Session,
    organisation_id: int,
    data: ActionData,
    actor: Actor,
    links: Iterable[tuple[str, int]] = (),
    note: str = "",
    reference: str | None = None,
) -> Action:
    """Record a new action (revision 1) with its links; its reference is the next free A-number."""
    data = _checked(session=session, organisation_id=organisation_id, data=data)
    if reference is None:
        reference = next_reference(session=session, organisation_id=organisation_id)
    elif not REFERENCE.match(reference):
        raise RuleError(problem("reference", "reference_malformed", reference=reference))
    now = clock.now()
    action = Action(
        organisation_id=organisation_id, reference=reference, created_at=now, changed_at=now, **asdict(data)
    )
    session.add(action)
    session.flush()
    session.add(_revision(action, 1, data, actor, note))
    record_event(
        session=session,
        action="action.created",
        actor=actor,
        organisation_id=organisation_id,
        subject=reference,
        changes=changed_fields({}, asdict(data)),
    )
    for kind, target_id in links:
        link_action(session=session, action=action, kind=kind, target_id=target_id, actor=actor)
    session.flush()
    return action


def update_action(
    *,
    session: Session,
    action: Action,
    data: ActionData,
    expected_revision: int,
    actor: Actor,
    note: str = "",
) -> bool:
    """Record a new revision when `data` differs from the newest; True when it did. StaleEdit when the action
    changed after revision `expected_revision` was loaded."""
    data = _checked(session=session, organisation_id=action.organisation_id, data=data)
    if expected_revision != action.revision:
        raise StaleEdit(action.reference, expected_revision, action.revision)
    before = data_of(action)
    if before == data:
        return False
    number = action.revision + 1
    session.add(_revision(action, number, data, actor, note))
    for name, value in asdict(data).items():
        setattr(action, name, value)
    action.revision = number
    action.changed_at = clock.now()
    session.add(action)
    record_event(
        session=session,
        action="action.changed",
        actor=actor,
        organisation_id=action.organisation_id,
        subject=action.reference,
        changes=changed_fields(asdict(before), asdict(data)),
    )
    session.flush()
    return True


def link_action(*, session: Session, action: Action, kind: str, target_id: int, actor: Actor) -> bool:
    """Link the action to a requirement, risk, finding or system (the caller checks the target belongs to
    the organisation); False when the link was there already."""
    if kind not in {k.value for k in LinkKind}:
        raise RuleError(problem("kind", "unknown_link", value=kind))
    existing = session.exec(
        select(ActionLink).where(
            col(ActionLink.action_id) == id_of(action),
            col(ActionLink.kind) == kind,
            col(ActionLink.target_id) == target_id,
        )
    ).first()
    if existing is not None:
        return False
    session.add(
        ActionLink(
            action_id=id_of(action), organisation_id=action.organisation_id, kind=kind, target_id=target_id
        )
    )
    record_event(
        session=session,
        action="action.linked",
        actor=actor,
        organisation_id=action.organisation_id,
        subject=action.reference,
        detail=f"{kind}:{target_id}",
    )
    session.flush()
    return True


def unlink_action(*, session: Session, action: Action, kind: str, target_id: int, actor: Actor) -> bool:
    link = session.exec(
        select(ActionLink).where(
            col(ActionLink.action_id) == id_of(action),
            col(ActionLink.kind) == kind,
            col(ActionLink.target_id) == target_id,
        )
    ).first()
    if link is None:
        return False
    session.delete(link)
    record_event(
        session=session,
        action="action.unlinked",
        actor=actor,
        organisation_id=action.organisation_id,
        subject=action.reference,
        detail=f"{kind}:{target_id}",
    )
    session.flush()
    return True


# --- reading


def get_action(*, session: Session, organisation_id: int, action_id: int) -> Action | None:
    action = session.get(Action, action_id)
    return action if action is not None and action.organisation_id == organisation_id else None


def list_actions(
    *, session: Session, organisation_id: int, overdue_on: date | None = None, open_only: bool = False
) -> list[Action]:
    """The organisation's actions by due date (those without one last); only the overdue ones on a day when
    `overdue_on` is given. One query."""
    query = select(Action).where(col(Action.organisation_id) == organisation_id)
    if open_only or overdue_on is not None:
        query = query.where(col(Action.status).in_(OPEN_STATUSES))
    if overdue_on is not None:
        query = query.where(col(Action.due_on) < overdue_on)
    rows = session.exec(query).all()
    return sorted(rows, key=lambda a: (a.due_on is None, a.due_on or date.max, a.reference))


def links_of(*, session: Session, action_ids: Sequence[int]) -> dict[int, list[ActionLink]]:
    """The links of the given actions, by action id (one query)."""
    result: dict[int, list[ActionLink]] = {action_id: [] for action_id in action_ids}
    if not action_ids:
        return result
    for link in session.exec(select(ActionLink).where(col(ActionLink.action_id).in_(action_ids))).all():
        result[link.action_id].append(link)
    return result


def linked_actions(
    *, session: Session, organisation_id: int, kind: str, target_ids: Iterable[int]
) -> dict[int, list[Action]]:
    """The actions linked to each of the targets of one kind, by target id (one query)."""
    ids = list(set(target_ids))
    result: dict[int, list[Action]] = {target: [] for target in ids}
    if not ids:
        return result
    rows = session.exec(
        select(col(ActionLink.target_id), Action)
        .join(Action, col(Action.id) == col(ActionLink.action_id))
        .where(
            col(ActionLink.organisation_id) == organisation_id,
            col(ActionLink.kind) == kind,
            col(ActionLink.target_id).in_(ids),
        )
        .order_by(col(Action.reference))
    ).all()
    for target_id, action in rows:
        result[target_id].append(action)
    return result


def history_of(*, session: Session, action: Action) -> list[ActionRevision]:
    return list(
        session.exec(
            select(ActionRevision)
            .where(col(ActionRevision.action_id) == id_of(action))
            .order_by(col(ActionRevision.number))
        ).all()
    )


def as_row(action: Action) -> dict[str, Any]:
    """The action as a plain mapping (for sheets and, later, the API)."""
    return {"reference": action.reference, "revision": action.revision} | asdict(data_of(action))


def resolve_targets(
    *,
    session: Session,
    organisation_id: int,
    requirement_codes: Iterable[str],
    risk_references: Iterable[str],
) -> dict[str, list[int]]:
    """The ids of requirement codes (catalogue) and risk references (this organisation's register), by link
    kind; RuleError naming the unknown ones on their fields."""
    codes = {c.strip() for c in requirement_codes if c.strip()}
    references = {r.strip().upper() for r in risk_references if r.strip()}
    found_codes = {
        r.code: id_of(r)
        for r in session.exec(select(Requirement).where(col(Requirement.code).in_(codes))).all()
    }
    found_risks = {
        r.reference: id_of(r)
        for r in session.exec(
            select(Risk).where(
                col(Risk.organisation_id) == organisation_id, col(Risk.reference).in_(references)
            )
        ).all()
    }
    problems = []
    if unknown := sorted(codes - set(found_codes)):
        problems.append(problem("requirement_codes", "unknown_requirements", codes=", ".join(unknown)))
    if missing := sorted(references - set(found_risks)):
        problems.append(problem("risk_references", "unknown_risks", references=", ".join(missing)))
    if problems:
        raise RuleError(problems)
    return {
        LinkKind.REQUIREMENT.value: sorted(found_codes.values()),
        LinkKind.RISK.value: sorted(found_risks.values()),
    }


def set_links(
    *, session: Session, action: Action, kind: str, target_ids: Iterable[int], actor: Actor
) -> None:
    """Make the action's links of one kind exactly `target_ids` (each addition and removal audited)."""
    wanted = set(target_ids)
    current = {
        x.target_id
        for x in links_of(session=session, action_ids=[id_of(action)])[id_of(action)]
        if x.kind == kind
    }
    for target_id in sorted(wanted - current):
        link_action(session=session, action=action, kind=kind, target_id=target_id, actor=actor)
    for target_id in sorted(current - wanted):
        unlink_action(session=session, action=action, kind=kind, target_id=target_id, actor=actor)

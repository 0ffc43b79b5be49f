"""The board training register (Cbw art. 24 lid 2-6): each member of the board (for a gemeente the college van
burgemeester en wethouders, art. 24 lid 12) holds a certificate of training in cyber risk, obtained within two
years of taking office and kept current.

A member's certificate is due two years after joining; it stays current until its `certificate_valid_until`,
or, when none is given, two years after it was obtained (an assumption until the regulation sets a period).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlmodel import Session, col, select

from core.actor import Actor
from core.audit import changed_fields, record_event
from core.dbtypes import id_of
from core.errors import Problem, RuleError
from core.organisations import add_months
from incidents.models import BoardMember, BoardTraining

FIRST_CERTIFICATE_MONTHS = 24
DEFAULT_VALIDITY_MONTHS = 24


class TrainingState(StrEnum):
    CURRENT = "current"  # a certificate in force
    DUE = "due"  # no certificate yet, still within the two years
    OVERDUE = "overdue"  # no certificate, the two years have passed
    EXPIRED = "expired"  # the certificate is no longer current: renewal needed


def _problem(field: str, code: str, message: str) -> Problem:
    return Problem(f"board.{code}", {}, field, message=message)


@dataclass(frozen=True)
class MemberStatus:
    member: BoardMember
    trainings: list[BoardTraining]
    state: TrainingState
    deadline: date  # when the (next) certificate is needed

    @property
    def latest_certificate(self) -> BoardTraining | None:
        held = [t for t in self.trainings if t.certificate_on is not None]
        return max(held, key=lambda t: t.certificate_on or date.min) if held else None


def valid_until(training: BoardTraining) -> date | None:
    if training.certificate_on is None:
        return None
    return training.certificate_valid_until or add_months(training.certificate_on, DEFAULT_VALIDITY_MONTHS)


def member_status(member: BoardMember, trainings: list[BoardTraining], today: date) -> MemberStatus:
    certified = [t for t in trainings if t.certificate_on is not None]
    if not certified:
        deadline = add_months(member.joined_on, FIRST_CERTIFICATE_MONTHS)
        state = TrainingState.DUE if today <= deadline else TrainingState.OVERDUE
        return MemberStatus(member, trainings, state, deadline)
    until = max(valid_until(t) or date.min for t in certified)
    state = TrainingState.CURRENT if today <= until else TrainingState.EXPIRED
    return MemberStatus(member, trainings, state, until)


def board_register(*, session: Session, organisation_id: int, today: date) -> list[MemberStatus]:
    """The serving members with their trainings and state (two queries)."""
    members = session.exec(
        select(BoardMember)
        .where(BoardMember.organisation_id == organisation_id, col(BoardMember.left_on).is_(None))
        .order_by(col(BoardMember.name))
    ).all()
    trainings = session.exec(
        select(BoardTraining)
        .where(BoardTraining.organisation_id == organisation_id)
        .order_by(col(BoardTraining.trained_on))
    ).all()
    by_member: dict[int, list[BoardTraining]] = {}
    for training in trainings:
        by_member.setdefault(training.member_id, []).append(training)
    return [member_status(m, by_member.get(id_of(m), []), today) for m in members]


def add_member(
    *, session: Session, organisation_id: int, name: str, position: str, joined_on: date, actor: Actor
) -> BoardMember:
    if not name.strip():
        raise RuleError(_problem("name", "name_required", "geef de naam van de bestuurder"))
    member = BoardMember(
        organisation_id=organisation_id, name=name.strip(), position=position.strip(), joined_on=joined_on
    )
    session.add(member)
    record_event(
        session=session,
        action="board.member_added",
        actor=actor,
        organisation_id=organisation_id,
        subject=member.name,
        changes=changed_fields(
            {}, {"name": member.name, "position": member.position, "joined_on": joined_on}
        ),
    )
    session.flush()
    return member


def record_training(
    *,
    session: Session,
    organisation_id: int,
    member_id: int,
    course: str,
    trained_on: date,
    certificate_on: date | None,
    certificate_valid_until: date | None,
    today: date,
    actor: Actor,
) -> BoardTraining:
    member = session.get(BoardMember, member_id)
    if member is None or member.organisation_id != organisation_id:
        raise RuleError(_problem("member", "unknown_member", "deze bestuurder bestaat niet"))
    problems = []
    if trained_on > today or (certificate_on is not None and certificate_on > today):
        problems.append(_problem("trained_on", "date_in_future", "deze datum ligt in de toekomst"))
    if certificate_on is not None and certificate_on < trained_on:
        problems.append(
            _problem("certificate_on", "certificate_before_training", "certificaat voor de opleiding")
        )
    if certificate_valid_until is not None and (
        certificate_on is None or certificate_valid_until < certificate_on
    ):
        problems.append(
            _problem(
                "certificate_valid_until", "valid_until_before_certificate", "geldigheid voor het certificaat"
            )
        )
    if problems:
        raise RuleError(problems)
    training = BoardTraining(
        member_id=member_id,
        organisation_id=organisation_id,
        course=course.strip(),
        trained_on=trained_on,
        certificate_on=certificate_on,
        certificate_valid_until=certificate_valid_until,
        recorded_by=actor.name[:254],
    )
    session.add(training)
    record_event(
        session=session,
        action="board.training_recorded",
        actor=actor,
        organisation_id=organisation_id,
        subject=member.name,
        changes=changed_fields(
            {}, {"course": training.course, "trained_on": trained_on, "certificate_on": certificate_on}
        ),
    )
    session.flush()
    return training

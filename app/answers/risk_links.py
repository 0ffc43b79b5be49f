"""The answers' only link to the risk register: the organisation's known and temporarily accepted risk
references, looked up lazily, only when an answer actually names a risk."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from core import clock
from risk.reading import accepted_risk_references as _accepted
from risk.reading import risk_references as _known


def accepted_risk_references(session: Session, organisation_id: int) -> set[str]:
    """References of the organisation's risks whose temporary acceptance is in force today."""
    return _accepted(session=session, organisation_id=organisation_id, today=clock.today())


def known_risk_references(session: Session, organisation_id: int) -> set[str]:
    """Every reference in the organisation's risk register."""
    return _known(session=session, organisation_id=organisation_id)


class LazyReferences:
    """A set of references that is looked up on the first membership test."""

    def __init__(self, load: Callable[[], set[str]]):
        self._load = load
        self._values: set[str] | None = None

    def __contains__(self, reference: object) -> bool:
        if self._values is None:
            self._values = self._load()
        return reference in self._values


def risk_references(session: Session, organisation_id: int) -> tuple[LazyReferences, LazyReferences]:
    """(accepted, known) for the rules of controls.rules.check_answer."""
    return (
        LazyReferences(lambda: accepted_risk_references(session, organisation_id)),
        LazyReferences(lambda: known_risk_references(session, organisation_id)),
    )

"""The figures more than one dashboard panel shows, each read once per request (`dashboard_figure`): the
statement of applicability, the risk register with its matrix, the weerstandsvermogen across the P&C moments,
and the actions overdue today. A panel asks for them here instead of reading them again."""

from __future__ import annotations

from collections.abc import Mapping

from app.db import get_session
from app.i18n import current_locale
from app.main.routes import dashboard_figure
from controls.soa import Statement, statement_of_applicability
from controls.summaries import AnswerSummary
from core import clock
from core.models import Organisation
from plan.actions import list_actions
from plan.models import Action
from risk.matrix import Matrix, matrix_for
from risk.models import PCMoment, PCSnapshot
from risk.reading import RiskState, list_risks
from risk.weerstand import Weerstand, weerstand_history


def statement(organisation: Organisation) -> Statement:
    return dashboard_figure(
        "statement",
        lambda: statement_of_applicability(
            session=get_session(), organisation_id=organisation.id, locale=current_locale()
        ),
    )


def newest_answers(organisation: Organisation) -> Mapping[int, AnswerSummary]:
    """The newest revision of every answer by requirement id, as the statement read them."""
    return {e.requirement_id: e.answer for e in statement(organisation).entries if e.answer is not None}


def risks(organisation: Organisation) -> list[RiskState]:
    """The register now, closed risks included."""
    return dashboard_figure(
        "risks", lambda: list_risks(session=get_session(), organisation_id=organisation.id)
    )


def matrix(organisation: Organisation) -> Matrix:
    return dashboard_figure(
        "matrix", lambda: matrix_for(session=get_session(), organisation_id=organisation.id)
    )


def weerstand(organisation: Organisation) -> list[tuple[PCMoment, PCSnapshot, Weerstand]]:
    return dashboard_figure(
        "weerstand", lambda: weerstand_history(session=get_session(), organisation_id=organisation.id)
    )


def overdue_actions(organisation: Organisation) -> list[Action]:
    return dashboard_figure(
        "overdue_actions",
        lambda: list_actions(
            session=get_session(), organisation_id=organisation.id, overdue_on=clock.today()
        ),
    )

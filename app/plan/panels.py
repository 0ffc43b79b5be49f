"""The plan's dashboard panels: first of all, what management decides on (in plain words, with the compliance
trend); and the "te doen" of whoever edits or approves."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from app.db import get_session
from app.i18n import current_locale
from app.main import figures
from app.main.routes import dashboard_panel, first_dashboard_panel
from app.security import Permission, allowed
from controls.trend import Trend, trend_svg
from core import clock
from core.models import Organisation, Role
from plan.overview import decisions, to_do

MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def trend_figures(trend: Trend, id_prefix: str = "trend") -> list[Markup]:
    """The two trend charts (themes, categories) as the page shows them; the PDF uses the same builder."""
    months = [_(name) for name in MONTHS]
    charts = []
    for key, lines, title in (
        ("thema", trend.themes, _("Geïmplementeerd per thema, laatste 12 maanden")),
        ("categorie", trend.categories, _("Geïmplementeerd per categorie, laatste 12 maanden")),
    ):
        svg = trend_svg(trend.months, lines, title=title, id_prefix=f"{id_prefix}-{key}", month_names=months)
        charts.append(Markup(svg))  # noqa: S704  # nosec B704 - escaped by controls.trend
    return charts


@first_dashboard_panel
def decisions_panel(organisation: Organisation, role: str) -> tuple[str, dict]:
    found = decisions(
        session=get_session(),
        organisation_id=organisation.id,
        today=clock.today(),
        locale=current_locale(),
        risks=figures.risks(organisation),
        matrix=figures.matrix(organisation),
        history=figures.weerstand(organisation),
        overdue=figures.overdue_actions(organisation),
    )
    return "plan/_decisions_panel.html", {
        "d": found,
        "figures": trend_figures(found.trend),
        "today": clock.today(),
    }


@dashboard_panel
def to_do_panel(organisation: Organisation, role: str) -> tuple[str, dict] | None:
    if not (allowed(role, Permission.EDIT) or allowed(role, Permission.APPROVE)):
        return None
    found = to_do(
        session=get_session(),
        organisation_id=organisation.id,
        user_id=current_user.id,
        role=Role(role),
        today=clock.today(),
        overdue=figures.overdue_actions(organisation),
        risks=figures.risks(organisation),
        answers=figures.newest_answers(organisation),
    )
    return "plan/_todo_panel.html", {"todo": found, "today": clock.today()}
